import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { ApiError, errorMessage } from '../api-client';

export type Resource<T> =
  | { status: 'loading'; data: null; error: null }
  | { status: 'ready'; data: T; error: null }
  | { status: 'error'; data: T | null; error: ApiError | null; message: string };

export interface ResourceController<T> {
  state: Resource<T>;
  /** The last data loaded, also while reloading or after a failed reload. */
  data: T | null;
  /** Loads again; `silent` keeps the current data on screen meanwhile. */
  reload: (options?: { silent?: boolean }) => Promise<void>;
  /** Replaces the data with what a write returned. */
  setData: (data: T) => void;
}

/**
 * One GET behind a page: loading / ready / error, a reload, and no stale answers (an older request
 * that finishes last is ignored; unmounting aborts it).
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): ResourceController<T> {
  const [state, setState] = useState<Resource<T>>({ status: 'loading', data: null, error: null });
  const generation = useRef(0);
  const controller = useRef<AbortController | null>(null);
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;
  });

  const run = useCallback(async (silent: boolean) => {
    const mine = ++generation.current;
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    if (!silent) setState({ status: 'loading', data: null, error: null });
    try {
      const data = await loader.current(abort.signal);
      if (mine === generation.current) setState({ status: 'ready', data, error: null });
    } catch (error) {
      if (abort.signal.aborted || mine !== generation.current) return;
      setState((previous) => ({
        status: 'error',
        data: previous.data,
        error: error instanceof ApiError ? error : null,
        message: errorMessage(error),
      }));
    }
  }, []);

  useEffect(() => {
    void run(false);
    return () => {
      generation.current++;
      controller.current?.abort();
    };
  }, deps);

  const reload = useCallback((options?: { silent?: boolean }) => run(options?.silent ?? false), [run]);
  const setData = useCallback((data: T) => {
    generation.current++;
    setState({ status: 'ready', data, error: null });
  }, []);

  return { state, data: state.data, reload, setData };
}
