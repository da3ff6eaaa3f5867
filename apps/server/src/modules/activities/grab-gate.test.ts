/**
 * The shared (Redis) gate's reconciliation against allocations in flight: a rebuild from the
 * database must not put back a seat another live process has just taken (its ticket may be
 * committing), and must give back the seats of a process that died. Runs with REDIS_URL.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RedisGrabGate } from './grab-gate.js';

describe.skipIf(!process.env.REDIS_URL)('Redis gate reconciliation', () => {
  it('leaves seats in flight out of a rebuild while their process lives, and frees them when it dies', async () => {
    const prefix = `gatetest${randomUUID().slice(0, 8)}:`;
    const a = new RedisGrabGate(process.env.REDIS_URL!, prefix);
    const b = new RedisGrabGate(process.env.REDIS_URL!, prefix);
    const activity = 1;
    const session = { sessionId: 11, capacity: 5, takenSeats: [] as number[] };
    await a.load(activity, [session], []);
    await new Promise((r) => setTimeout(r, 50)); // the heartbeats are written
    // process A takes two seats; their tickets are not in the database yet
    const t1 = await a.take(activity, 11, 'm1', 2);
    const t2 = await a.take(activity, 11, 'm1', 2);
    expect([t1, t2]).toEqual([{ ok: true, seat: 1, n: 1 }, { ok: true, seat: 2, n: 2 }]);
    // process B starts and rebuilds from the database, which shows no ticket yet
    await b.load(activity, [session], []);
    expect(await b.remaining(activity, 11)).toBe(3);
    // m1 still holds both numbers: a third take is over the limit, not a second seat 1
    expect(await b.take(activity, 11, 'm1', 2)).toEqual({ ok: false, code: 'LIMIT_REACHED' });
    // A dies (its heartbeat stops): the next rebuild trusts the database alone
    await a.close();
    await b.load(activity, [session], []);
    expect(await b.remaining(activity, 11)).toBe(5);
    await b.close();
  });

  it('frees what an earlier run of the same instance held, at once (a restart after a crash)', async () => {
    const prefix = `gatetest${randomUUID().slice(0, 8)}:`;
    const crashed = new RedisGrabGate(process.env.REDIS_URL!, prefix, 'web-1');
    const session = { sessionId: 12, capacity: 4, takenSeats: [] as number[] };
    await crashed.load(2, [session], []);
    await new Promise((r) => setTimeout(r, 50));
    expect((await crashed.take(2, 12, 'm1', 1)).ok).toBe(true);
    // the same instance starts again while the old run's heartbeat has not expired yet
    const restarted = new RedisGrabGate(process.env.REDIS_URL!, prefix, 'web-1');
    await restarted.load(2, [session], []);
    expect(await restarted.remaining(2, 12)).toBe(4);
    // another instance's seat in flight is still left out
    const other = new RedisGrabGate(process.env.REDIS_URL!, prefix, 'web-2');
    await new Promise((r) => setTimeout(r, 50));
    expect((await other.take(2, 12, 'm2', 1)).ok).toBe(true);
    await restarted.load(2, [session], []);
    expect(await restarted.remaining(2, 12)).toBe(3);
    await Promise.all([crashed.close(), restarted.close(), other.close()]);
  });
});
