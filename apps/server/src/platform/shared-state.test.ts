/** The shared state's operations, on whichever store the suite runs (in-process, or Redis). */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ seed: false });
});
afterAll(() => h.close());

describe('shared state', () => {
  it('rewrites a key with replace only while it exists, never bringing a deleted one back', async () => {
    const key = `test:${randomUUID()}`;
    expect(await h.ctx.state.replace(key, 'a', 60_000)).toBe(false);
    expect(await h.ctx.state.get(key)).toBeNull();
    await h.ctx.state.set(key, 'a', 60_000);
    expect(await h.ctx.state.replace(key, 'b', 60_000)).toBe(true);
    expect(await h.ctx.state.get(key)).toBe('b');
    await h.ctx.state.del(key);
    expect(await h.ctx.state.replace(key, 'c', 60_000)).toBe(false);
    expect(await h.ctx.state.get(key)).toBeNull();
  });

  it('counts hits in a fixed window', async () => {
    const key = `test:${randomUUID()}`;
    const first = await h.ctx.state.hit(key, 10_000);
    const second = await h.ctx.state.hit(key, 10_000);
    expect([first.count, second.count]).toEqual([1, 2]);
    expect(second.resetMs).toBeGreaterThan(0);
    expect(second.resetMs).toBeLessThanOrEqual(10_000);
  });
});
