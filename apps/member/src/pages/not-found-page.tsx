import { Button, ErrorBlock } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n';

export function NotFoundPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div className="page-center" data-testid="not-found">
      <ErrorBlock status="empty" title={t('notFound.title')} description={t('notFound.description')}>
        <Button color="primary" shape="rounded" onClick={() => navigate('/', { replace: true })}>
          {t('common.backHome')}
        </Button>
      </ErrorBlock>
    </div>
  );
}
