import { useCallback, useEffect, useRef, useState } from 'react';

/** Seconds left of a countdown that survives re-renders; `start(n)` (re)starts it. */
export function useCountdown(): { remaining: number; start: (seconds: number) => void } {
  const [deadline, setDeadline] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const timer = useRef<number | null>(null);

  useEffect(() => {
    if (deadline === null) return;
    timer.current = window.setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= deadline) {
        if (timer.current !== null) window.clearInterval(timer.current);
        setDeadline(null);
      }
    }, 250);
    return () => {
      if (timer.current !== null) window.clearInterval(timer.current);
    };
  }, [deadline]);

  const start = useCallback((seconds: number) => {
    const current = Date.now();
    setNow(current);
    setDeadline(seconds > 0 ? current + seconds * 1000 : null);
  }, []);

  const remaining = deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000));
  return { remaining, start };
}
