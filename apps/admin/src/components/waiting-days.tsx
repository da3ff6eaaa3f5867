/** Working days an application has waited; the server's `overdue` flag turns it red. */
import { Typography } from 'antd';
import { useI18n } from '../i18n';

export function WaitingWorkingDays({ days, overdue, pending }: { days: number; overdue: boolean; pending: boolean }) {
  const { t } = useI18n();
  if (!pending) {
    return (
      <Typography.Text type="secondary" className="gh-nowrap">
        {t('applications.tookDays', { days })}
      </Typography.Text>
    );
  }
  return (
    <Typography.Text type={overdue ? 'danger' : undefined} strong={overdue} className="gh-nowrap" data-testid="waiting-days" data-overdue={overdue}>
      {t('applications.waitingDays', { days })}
      {overdue ? <span className="gh-overdue-flag">{t('queue.overdue')}</span> : null}
    </Typography.Text>
  );
}
