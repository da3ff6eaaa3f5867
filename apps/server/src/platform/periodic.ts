/**
 * Background work on a timer in every process (reminders, sweeps, rollups, retention): never two
 * runs of one task at once, failures logged, the timers never keep the process alive.
 */
import type { AppContext } from '../context.js';

/** Run `task` every `everyMs` (0: never), the first time after `firstAfterMs` if given; returns a stop function. */
export function runPeriodically(log: AppContext['log'], what: string, everyMs: number, task: () => Promise<unknown>, opts: { firstAfterMs?: number } = {}): () => void {
  if (!everyMs) return () => undefined;
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    task()
      .catch((error: unknown) => log.error({ err: error }, `${what} failed`))
      .finally(() => (running = false));
  };
  const first = opts.firstAfterMs === undefined ? null : setTimeout(run, opts.firstAfterMs);
  const timer = setInterval(run, everyMs);
  first?.unref();
  timer.unref();
  return () => {
    if (first) clearTimeout(first);
    clearInterval(timer);
  };
}
