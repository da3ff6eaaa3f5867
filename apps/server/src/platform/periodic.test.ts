import { afterEach, describe, expect, it, vi } from 'vitest';
import { runPeriodically } from './periodic.js';

const logger = () => {
  const errors: string[] = [];
  return { errors, log: { error: (_o: unknown, msg: string) => void errors.push(msg) } as unknown as Parameters<typeof runPeriodically>[0] };
};
afterEach(() => vi.useRealTimers());

describe('runPeriodically', () => {
  it('runs first after the delay, then on the interval, never two at once, and stops', async () => {
    vi.useFakeTimers();
    const { log } = logger();
    let runs = 0;
    let release: () => void = () => undefined;
    const stop = runPeriodically(log, 'task', 1000, () => {
      runs++;
      return new Promise<void>((r) => (release = r));
    }, { firstAfterMs: 300 });
    await vi.advanceTimersByTimeAsync(299);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    // still running at the next tick: skipped
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
    release();
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(2);
  });

  it('logs a failure and goes on; 0 never runs', async () => {
    vi.useFakeTimers();
    const { log, errors } = logger();
    let runs = 0;
    const stop = runPeriodically(log, 'flaky task', 100, async () => {
      runs++;
      throw new Error('boom');
    });
    await vi.advanceTimersByTimeAsync(250);
    expect([runs, errors]).toEqual([2, ['flaky task failed', 'flaky task failed']]);
    stop();
    let never = 0;
    runPeriodically(log, 'off', 0, async () => void never++)();
    await vi.advanceTimersByTimeAsync(1000);
    expect(never).toBe(0);
  });
});
