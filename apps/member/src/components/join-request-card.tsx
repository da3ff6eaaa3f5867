/** One application (join, transfer or join from held): where to, its state, how long it has waited. */
import { Button, Tag } from 'antd-mobile';
import type { JoinRequest } from '@gonghui/contracts';
import { useI18n } from '../i18n';
import { formatDate, formatDateTime, joinKindKey, joinStatusKey } from '../member-labels';

const STATUS_COLOR: Record<JoinRequest['status'], 'warning' | 'success' | 'danger' | 'default'> = {
  pending: 'warning',
  approved: 'success',
  rejected: 'danger',
  withdrawn: 'default',
};

export function JoinRequestCard({
  request,
  onWithdraw,
  withdrawing = false,
  testId = 'join-request',
  compact = false,
}: {
  request: JoinRequest;
  onWithdraw?: () => void;
  withdrawing?: boolean;
  testId?: string;
  compact?: boolean;
}) {
  const { t, lang } = useI18n();
  return (
    <div className={compact ? 'request request--compact' : 'request'} data-testid={testId} data-request-id={request.id} data-status={request.status} data-kind={request.kind}>
      <div className="request-head">
        <span className="request-kind">{t(joinKindKey(request.kind))}</span>
        <Tag color={STATUS_COLOR[request.status]} fill="outline" data-testid={`${testId}-status`}>
          {t(joinStatusKey(request.status))}
        </Tag>
      </div>
      <p className="request-org">
        {request.fromOrg ? (
          <>
            <span className="request-from">{request.fromOrg.name}</span>
            <span className="request-arrow" aria-hidden="true">
              {' → '}
            </span>
          </>
        ) : null}
        <strong>{request.toOrg.name}</strong>
      </p>
      <dl className="kv-list kv-list--small">
        <div>
          <dt>{t('request.createdAt')}</dt>
          <dd>{formatDateTime(request.createdAt, lang)}</dd>
        </div>
        {request.status === 'pending' ? (
          <div>
            <dt>{t('request.waited')}</dt>
            <dd data-testid={`${testId}-waiting-days`} data-days={request.waitingWorkingDays}>
              {request.waitingWorkingDays > 0 ? t('request.workingDays', { days: request.waitingWorkingDays }) : t('request.underOneDay')}
            </dd>
          </div>
        ) : request.decidedAt ? (
          <div>
            <dt>{t('request.decidedAt')}</dt>
            <dd>{formatDate(request.decidedAt, lang)}</dd>
          </div>
        ) : null}
        {request.note ? (
          <div>
            <dt>{t('request.note')}</dt>
            <dd>{request.note}</dd>
          </div>
        ) : null}
        {request.reason ? (
          <div>
            <dt>{t('request.reason')}</dt>
            <dd className="text-danger" data-testid={`${testId}-reason`}>
              {request.reason}
            </dd>
          </div>
        ) : null}
      </dl>
      {request.status === 'pending' && !compact ? <p className="request-hint">{t('request.pendingHint')}</p> : null}
      {onWithdraw && request.status === 'pending' ? (
        <Button block shape="rounded" fill="outline" loading={withdrawing} disabled={withdrawing} onClick={onWithdraw} data-testid="request-withdraw">
          {t('request.withdraw')}
        </Button>
      ) : null}
    </div>
  );
}
