import { Button, Result, Typography } from 'antd';
import type { ApiError } from '../api-client';
import { useI18n } from '../i18n';

/** A failed load, with the server's (localised) message and a way to try again. */
export function LoadError({ error, onRetry, compact = false }: { error: ApiError; onRetry?: () => void; compact?: boolean }) {
  const { t } = useI18n();
  const forbidden = error.status === 403;
  return (
    <Result
      className={compact ? 'gh-result-compact' : undefined}
      status={forbidden ? '403' : error.status >= 500 || error.status === 0 ? 'warning' : 'error'}
      title={forbidden ? t('errors.forbiddenTitle') : t('common.loadFailed')}
      subTitle={
        <>
          <div data-testid="load-error">{error.message}</div>
          {error.requestId ? (
            <Typography.Text type="secondary" className="gh-request-id">
              {t('common.requestId', { id: error.requestId })}
            </Typography.Text>
          ) : null}
        </>
      }
      extra={
        onRetry && !forbidden ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
