/**
 * The paging of a console list kept in the URL: the Table's pagination and onChange from the list
 * query, and the button that clears every filter.
 */
import { Button } from 'antd';
import type { TablePaginationConfig } from 'antd';
import type { SetURLSearchParams } from 'react-router-dom';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import { PAGE_SIZES, updateQueryParams } from './query-params';

/** Spread onto a `<Table>`: page and page size from the query, changes written back to the URL. */
export function usePagedTable(
  query: { page: number; pageSize: number },
  total: number | undefined,
  setParams: SetURLSearchParams,
): { pagination: TablePaginationConfig; onChange: (pagination: TablePaginationConfig) => void } {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  return {
    pagination: {
      current: query.page,
      pageSize: query.pageSize,
      total: total ?? 0,
      pageSizeOptions: PAGE_SIZES,
      showSizeChanger: true,
      showTotal: (count) => t('common.total', { total: count }),
      size: isMobile ? 'small' : undefined,
      simple: isMobile,
    },
    onChange: (p) => updateQueryParams(setParams, { page: p.current ?? 1, pageSize: p.pageSize ?? query.pageSize }, false),
  };
}

/** Clears every filter (and the page); disabled when there is nothing to clear. */
export function ResetFiltersButton({
  setParams,
  filtered,
  page,
  testId,
}: {
  setParams: SetURLSearchParams;
  filtered: boolean;
  page: number;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <Button onClick={() => setParams(new URLSearchParams())} disabled={!filtered && page === 1} data-testid={testId}>
      {t('common.reset')}
    </Button>
  );
}
