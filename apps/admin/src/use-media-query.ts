import { useCallback, useSyncExternalStore } from 'react';

/** Live result of a CSS media query (no flash on first render, unlike antd's Grid.useBreakpoint). */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (notify: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', notify);
      return () => list.removeEventListener('change', notify);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches, () => false);
}

/** Below antd's `md` breakpoint the side menu becomes a drawer. */
export function useIsMobile(): boolean {
  return useMediaQuery('(max-width: 767.98px)');
}
