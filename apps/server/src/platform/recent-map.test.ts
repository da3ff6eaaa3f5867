import { describe, expect, it } from 'vitest';
import { RecentMap } from './recent-map.js';

describe('RecentMap', () => {
  it('answers only what was set within the time to live, and drops the expired as new entries come', () => {
    const m = new RecentMap<string, number | null>(1000, 100);
    m.set('a', 1, 0);
    m.set('b', null, 500);
    expect([m.get('a', 999), m.get('b', 999), m.get('c', 999)]).toEqual([1, null, undefined]);
    expect(m.get('a', 1000)).toBeUndefined();
    // renewing moves an entry to the end, so it outlives older ones
    m.set('a', 2, 900);
    m.set('c', 3, 1600);
    expect(m.size).toBe(2); // b (set at 500) left
    expect([m.get('a', 1600), m.get('b', 1600), m.get('c', 1600)]).toEqual([2, undefined, 3]);
  });

  it('never holds more than its bound', () => {
    const m = new RecentMap<number, number>(60_000, 3);
    for (let i = 0; i < 10; i++) m.set(i, i, i);
    expect(m.size).toBe(3);
    expect([m.get(6, 10), m.get(7, 10), m.get(9, 10)]).toEqual([undefined, 7, 9]);
  });
});
