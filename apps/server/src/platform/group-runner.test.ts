import { describe, expect, it } from 'vitest';
import { GroupRunner } from './group-runner.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('GroupRunner', () => {
  it('runs a lone item at once and groups the items that arrive while a group runs', async () => {
    const groups: number[][] = [];
    const runner = new GroupRunner<number, number>(async (items) => {
      groups.push(items);
      await tick();
      return items.map((i) => i * 10);
    }, 1);
    expect(await runner.run(1)).toBe(10);
    await tick(); // the first group has finished
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => runner.run(i + 2)));
    expect(answers).toEqual(Array.from({ length: 30 }, (_, i) => (i + 2) * 10));
    // the first of the 30 went alone; the 29 that queued behind it went as one group
    expect(groups.map((g) => g.length)).toEqual([1, 1, 29]);
  });
  it('keeps at most maxParallel groups running and at most maxBatch items in one', async () => {
    let running = 0;
    let most = 0;
    const sizes: number[] = [];
    const runner = new GroupRunner<number, number>(async (items) => {
      running++;
      most = Math.max(most, running);
      sizes.push(items.length);
      await tick();
      running--;
      return items;
    }, 2, 10);
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => runner.run(i)));
    expect(answers).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(most).toBe(2);
    expect(Math.max(...sizes)).toBe(10);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100);
  });
  it('fails every item of a failed group, and only those', async () => {
    let calls = 0;
    const runner = new GroupRunner<number, number>(async (items) => {
      calls++;
      await tick();
      if (calls === 2) throw new Error('database gone');
      return items;
    }, 1);
    const results = await Promise.allSettled([runner.run(1), runner.run(2), runner.run(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(await runner.run(4)).toBe(4);
  });
});
