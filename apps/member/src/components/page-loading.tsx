import { SpinLoading } from 'antd-mobile';
import { useI18n } from '../i18n';

export function PageLoading() {
  const { t } = useI18n();
  return (
    <div className="page-center" role="status" aria-live="polite" data-testid="page-loading">
      <SpinLoading color="primary" style={{ '--size': '36px' }} />
      <span className="page-loading-text">{t('common.loading')}</span>
    </div>
  );
}
