/**
 * A paged list's four states in one place: loading, error (with retry), empty (with a way on),
 * and the items with their total and "load more". Test ids are `<testId>-loading|-error|-empty|
 * -total|-list`, and the footer's is `<testId>`.
 */
import type { ReactNode } from 'react';
import type { PagedList } from '../hooks/use-paged-list';
import { EmptyState, ErrorState, LoadingCard } from './async-states';
import { PagedFooter } from './paged-footer';

export function PagedListView<T extends { id: string }>({
  list,
  testId,
  loadingLines,
  empty,
  total,
  listClassName,
  renderItem,
}: {
  list: PagedList<T>;
  testId: string;
  loadingLines: number;
  empty: { title: string; description: string; action: ReactNode };
  /** The summary above the items, e.g. "共 12 张". */
  total: string;
  listClassName: string;
  renderItem: (item: T) => ReactNode;
}) {
  return (
    <>
      {list.status === 'loading' ? <LoadingCard testId={`${testId}-loading`} lines={loadingLines} /> : null}
      {list.status === 'error' ? <ErrorState message={list.message ?? ''} onRetry={list.reload} testId={`${testId}-error`} /> : null}
      {list.status === 'ready' && list.items.length === 0 ? (
        <EmptyState title={empty.title} description={empty.description} testId={`${testId}-empty`}>
          {empty.action}
        </EmptyState>
      ) : null}
      {list.items.length > 0 ? (
        <>
          <p className="list-summary" data-testid={`${testId}-total`}>
            {total}
          </p>
          <ul className={listClassName} data-testid={`${testId}-list`}>
            {list.items.map((item) => (
              <li key={item.id}>{renderItem(item)}</li>
            ))}
          </ul>
          <PagedFooter hasMore={list.hasMore} loadMore={list.loadMore} testId={testId} />
        </>
      ) : null}
    </>
  );
}
