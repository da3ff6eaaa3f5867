/**
 * The paging of a console list kept in the URL (or, inside a page, in the component): the Table's
 * pagination and onChange from the list query, and the button that clears every filter.
 */
import { useState } from 'react';
import { Button } from 'antd';
import type { TablePaginationConfig } from 'antd';
import type { SetURLSearchParams } from 'react-router-dom';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import { PAGE_SIZES, updateQueryParams } from './query-params';

function usePagination(query: { page: number; pageSize: number }, total: number | undefined): TablePaginationConfig {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  return {
    current: query.page,
    pageSize: query.pageSize,
    total: total ?? 0,
    pageSizeOptions: PAGE_SIZES,
    showSizeChanger: true,
    showTotal: (count) => t('common.total', { total: count }),
    size: isMobile ? 'small' : undefined,
    simple: isMobile,
  };
}

type PagedTableProps = { pagination: TablePaginationConfig; onChange: (pagination: TablePaginationConfig) => void };

/** Spread onto a `<Table>`: page and page size from the query, changes written back to the URL. */
export function usePagedTable(query: { page: number; pageSize: number }, total: number | undefined, setParams: SetURLSearchParams): PagedTableProps {
  return {
    pagination: usePagination(query, total),
    onChange: (p) => updateQueryParams(setParams, { page: p.current ?? 1, pageSize: p.pageSize ?? query.pageSize }, false),
  };
}

/**
 * Paging kept in the component, for a list inside a page (a tab of the activity): `query` to send,
 * `table(total)` to spread onto the `<Table>`, `firstPage()` when a filter changes.
 */
export function useLocalPaging(initialPageSize = 20) {
  const [query, setQuery] = useState({ page: 1, pageSize: initialPageSize });
  const pagination = usePagination(query, undefined);
  return {
    query,
    firstPage: () => setQuery((q) => (q.page === 1 ? q : { ...q, page: 1 })),
    table: (total: number | undefined): PagedTableProps => ({
      pagination: { ...pagination, total: total ?? 0 },
      onChange: (p) => setQuery((q) => ({ page: p.current ?? 1, pageSize: p.pageSize ?? q.pageSize })),
    }),
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
