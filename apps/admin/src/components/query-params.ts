/** List filters kept in the URL, read back through the contract's query schemas. */
import type { SetURLSearchParams } from 'react-router-dom';
import type { SchemaLike } from '../api-client';

export const PAGE_SIZES = [10, 20, 50, 100];

export interface QuerySchema<T> extends SchemaLike<T> {
  shape: Record<string, SchemaLike<unknown>>;
}

/**
 * Read the list query from the URL: each parameter is checked on its own with its field of the
 * schema (a bad one is dropped, the others stay), then the whole is parsed for defaults.
 */
export function readQueryParams<T>(params: URLSearchParams, schema: QuerySchema<T>): T {
  const raw: Record<string, string> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const value = params.get(key);
    if (value === null || value.trim() === '') continue;
    if (field.safeParse(value).success) raw[key] = value;
  }
  if (raw.pageSize !== undefined && !PAGE_SIZES.includes(Number(raw.pageSize))) delete raw.pageSize;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fallback = schema.safeParse({});
  if (fallback.success) return fallback.data;
  throw new Error('The query schema needs defaults for an empty query');
}

export type QueryChanges = Record<string, string | number | undefined | null>;

/** Apply changes to the URL's query; a changed filter starts again at page 1. */
export function updateQueryParams(setParams: SetURLSearchParams, changes: QueryChanges, resetPage = true): void {
  setParams((previous) => {
    const next = new URLSearchParams(previous);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === null || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    if (resetPage) next.delete('page');
    return next;
  });
}

/** The filters of a list query without its paging (for exports). */
export function filtersOf<T extends { page: number; pageSize: number }>(query: T): Omit<T, 'page' | 'pageSize'> {
  const { page: _page, pageSize: _pageSize, ...filters } = query;
  return filters;
}
