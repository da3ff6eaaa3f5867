import { useEffect, useRef, useState } from 'react';

/** Whether the page is on screen (document.visibilityState), updated as it changes. */
export function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => typeof document === 'undefined' || document.visibilityState === 'visible');
  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return visible;
}

/**
 * Calls `callback` every `intervalMs` while the page is visible, and once more as soon as it becomes
 * visible again (a phone woken from sleep should not show stale data for a minute).
 */
export function useVisibleInterval(callback: () => void, intervalMs: number, enabled = true): void {
  const visible = usePageVisible();
  const saved = useRef(callback);
  useEffect(() => {
    saved.current = callback;
  });
  const first = useRef(true);

  useEffect(() => {
    if (!enabled || !visible) return;
    if (!first.current) saved.current();
    first.current = false;
    const timer = window.setInterval(() => saved.current(), intervalMs);
    return () => window.clearInterval(timer);
  }, [enabled, visible, intervalMs]);
}
