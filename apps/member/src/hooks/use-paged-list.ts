import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import type { Page } from '@gonghui/contracts';
import { errorMessage } from '../api-client';

export interface PagedList<T> {
  status: 'loading' | 'ready' | 'error';
  items: T[];
  total: number;
  /** The first page failed. */
  message: string | null;
  hasMore: boolean;
  /** Appends the next page; throws when it fails (InfiniteScroll shows the retry). */
  loadMore: () => Promise<void>;
  /** Starts again from the first page. */
  reload: () => void;
  /** Changes loaded items in place (e.g. marking a message read). */
  update: (change: (items: T[]) => T[]) => void;
}

interface Loaded<T> {
  items: T[];
  page: number;
  total: number;
  exhausted: boolean;
}

/**
 * A server-paged list: the first page on mount and whenever `deps` change, then one page at a time.
 * Items are keyed by `id` so a row that moved between pages is not shown twice.
 */
export function usePagedList<T extends { id: string }>(
  fetchPage: (page: number, signal?: AbortSignal) => Promise<Page<T>>,
  deps: DependencyList,
): PagedList<T> {
  const [status, setStatus] = useState<PagedList<T>['status']>('loading');
  const [message, setMessage] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<Loaded<T>>({ items: [], page: 0, total: 0, exhausted: false });
  const [reloadKey, setReloadKey] = useState(0);
  const generation = useRef(0);
  const fetcher = useRef(fetchPage);
  useEffect(() => {
    fetcher.current = fetchPage;
  });

  useEffect(() => {
    const controller = new AbortController();
    const mine = ++generation.current;
    setStatus('loading');
    setMessage(null);
    setLoaded({ items: [], page: 0, total: 0, exhausted: false });
    fetcher
      .current(1, controller.signal)
      .then((page) => {
        if (mine !== generation.current) return;
        setLoaded({ items: page.items, page: 1, total: page.total, exhausted: page.items.length === 0 || page.items.length >= page.total });
        setStatus('ready');
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted || mine !== generation.current) return;
        setMessage(errorMessage(error));
        setStatus('error');
      });
    return () => controller.abort();
  }, [...deps, reloadKey]);

  const loadedRef = useRef(loaded);
  useEffect(() => {
    loadedRef.current = loaded;
  }, [loaded]);

  const loadMore = useCallback(async () => {
    const mine = generation.current;
    const current = loadedRef.current;
    const page = await fetcher.current(current.page + 1);
    if (mine !== generation.current) return;
    setLoaded((previous) => {
      const seen = new Set(previous.items.map((item) => item.id));
      const fresh = page.items.filter((item) => !seen.has(item.id));
      const items = [...previous.items, ...fresh];
      return { items, page: current.page + 1, total: page.total, exhausted: fresh.length === 0 || items.length >= page.total };
    });
  }, []);

  const reload = useCallback(() => setReloadKey((key) => key + 1), []);
  const update = useCallback((change: (items: T[]) => T[]) => setLoaded((previous) => ({ ...previous, items: change(previous.items) })), []);

  const hasMore = status === 'ready' && !loaded.exhausted && loaded.items.length < loaded.total;
  return { status, items: loaded.items, total: loaded.total, message, hasMore, loadMore, reload, update };
}
