/** Loading, error and empty blocks shared by the data pages. */
import type { ReactNode } from 'react';
import { Button, ErrorBlock, Skeleton } from 'antd-mobile';
import { useI18n } from '../i18n';

export function LoadingCard({ testId = 'loading', lines = 4 }: { testId?: string; lines?: number }) {
  const { t } = useI18n();
  return (
    <div className="card" data-testid={testId} role="status" aria-label={t('common.loading')}>
      <Skeleton.Title animated />
      <Skeleton.Paragraph lineCount={lines} animated />
    </div>
  );
}

export function ErrorState({ message, onRetry, testId = 'load-error' }: { message: string; onRetry?: () => void; testId?: string }) {
  const { t } = useI18n();
  return (
    <div className="state-block" data-testid={testId}>
      <ErrorBlock status="disconnected" title={t('error.loadFailed')} description={message}>
        {onRetry ? (
          <Button color="primary" fill="outline" shape="rounded" onClick={onRetry} data-testid={`${testId}-retry`}>
            {t('common.retry')}
          </Button>
        ) : null}
      </ErrorBlock>
    </div>
  );
}

export function EmptyState({ title, description, testId = 'empty', children }: { title: string; description?: string; testId?: string; children?: ReactNode }) {
  return (
    <div className="state-block" data-testid={testId}>
      <ErrorBlock status="empty" title={title} description={description}>
        {children}
      </ErrorBlock>
    </div>
  );
}
