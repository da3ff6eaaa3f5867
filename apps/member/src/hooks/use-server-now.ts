import { useEffect, useState } from 'react';

/**
 * The server's clock (device clock + `offsetMs`), re-rendering at every whole server second and
 * exactly at each of `instants` (e.g. the opening), so a countdown ticks in step and a button opens
 * at the instant without polling. A phone coming back from sleep catches up at once.
 */
export function useServerNow(offsetMs: number, instants: readonly number[] = [], enabled = true): number {
  const [now, setNow] = useState(() => Date.now() + offsetMs);
  const instantsKey = instants.join(',');

  useEffect(() => {
    if (!enabled) return;
    const current = Date.now() + offsetMs;
    let next = Math.floor(current / 1000) * 1000 + 1000;
    for (const instant of instants) if (instant > current && instant < next) next = instant;
    // +1 ms: land just after the boundary, never a hair before it.
    const timer = window.setTimeout(() => setNow(Date.now() + offsetMs), next - current + 1);
    return () => window.clearTimeout(timer);
    // `instants` is compared by value through instantsKey.
  }, [now, offsetMs, instantsKey, enabled]);

  useEffect(() => {
    const catchUp = () => {
      if (document.visibilityState === 'visible') setNow(Date.now() + offsetMs);
    };
    document.addEventListener('visibilitychange', catchUp);
    window.addEventListener('focus', catchUp);
    return () => {
      document.removeEventListener('visibilitychange', catchUp);
      window.removeEventListener('focus', catchUp);
    };
  }, [offsetMs]);

  return now;
}
