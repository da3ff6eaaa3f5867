/** The end of a paged list: loads the next page when scrolled into view, with retry and "no more". */
import { useState } from 'react';
import { Button, DotLoading, InfiniteScroll, Toast } from 'antd-mobile';
import { errorMessage } from '../api-client';
import { useI18n } from '../i18n';

export function PagedFooter({ hasMore, loadMore, testId }: { hasMore: boolean; loadMore: () => Promise<void>; testId: string }) {
  const { t } = useI18n();
  return (
    <InfiniteScroll loadMore={loadMore} hasMore={hasMore} threshold={200}>
      {(more, failed, retry) =>
        failed ? (
          <span className="infinite-status">
            {t('error.loadFailed')}
            <button type="button" className="link-button" onClick={retry} data-testid={`${testId}-retry`}>
              {t('common.retry')}
            </button>
          </span>
        ) : more ? (
          <span className="infinite-status" data-testid={`${testId}-loading-more`}>
            {t('common.loading')}
            <DotLoading />
          </span>
        ) : (
          <span className="infinite-status" data-testid={`${testId}-no-more`}>
            {t('orgs.noMore')}
          </span>
        )
      }
    </InfiniteScroll>
  );
}

/** A "load more" button for short lists inside a page (no infinite scroll). */
export function LoadMoreButton({ loadMore, testId }: { loadMore: () => Promise<void>; testId: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      block
      fill="none"
      size="small"
      loading={busy}
      onClick={() => {
        setBusy(true);
        loadMore()
          .catch((error: unknown) => Toast.show({ icon: 'fail', content: errorMessage(error) }))
          .finally(() => setBusy(false));
      }}
      data-testid={testId}
    >
      {t('orgs.loadMore')}
    </Button>
  );
}

