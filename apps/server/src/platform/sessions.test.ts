import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test/harness.js';
import { createMemoryState } from './shared-state.js';
import { SessionStore, sessionIdOf } from './sessions.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ seed: false });
});
afterAll(() => h.close());

describe('SessionStore timeouts', () => {
  const meta = { ip: '127.0.0.1', userAgent: 'test' };
  const subject = '00000000-0000-0000-0000-0000000000aa';
  it('expires a session left idle, keeps one in use, and ends every session at the absolute limit', async () => {
    let now = Date.parse('2026-11-28T09:00:00Z');
    const state = createMemoryState(() => now);
    const store = new SessionStore(h.ctx.db, state, { member: { idleMs: 30 * 60_000, absoluteMs: 2 * 3600_000 }, admin: { idleMs: 60_000, absoluteMs: 3600_000 } }, () => now);
    const busy = await store.create('member', subject, meta);
    const idle = await store.create('member', subject, meta);
    for (let i = 0; i < 5; i++) {
      now += 20 * 60_000; // every 20 minutes the busy one is used
      expect((await store.resolve(busy.token, 'member')).ok).toBe(true);
      if (i === 1) expect(await store.resolve(idle.token, 'member')).toEqual({ ok: false, reason: 'expired' });
    }
    now += 20 * 60_000; // 2 h in: the absolute limit ends even a busy session
    expect(await store.resolve(busy.token, 'member')).toEqual({ ok: false, reason: 'expired' });
    await state.close();
  });
  it('keeps a session in use alive while pushing its idle timer back at most once a minute, and never revives a revoked one', async () => {
    let now = Date.parse('2026-11-28T09:00:00Z');
    const state = createMemoryState(() => now);
    const store = new SessionStore(h.ctx.db, state, { member: { idleMs: 5 * 60_000, absoluteMs: 2 * 3600_000 }, admin: { idleMs: 60_000, absoluteMs: 3600_000 } }, () => now);
    const s = await store.create('member', subject, meta);
    const writes: string[] = [];
    const set = state.set.bind(state);
    const touch = state.touch.bind(state);
    state.set = (k, v, ttl) => (writes.push('set'), set(k, v, ttl));
    state.touch = (k, ttl) => (writes.push('touch'), touch(k, ttl));
    const replace = state.replace.bind(state);
    state.replace = (k, v, ttl) => (writes.push('replace'), replace(k, v, ttl));
    for (let i = 0; i < 40; i++) {
      now += 10_000; // every 10 s for 400 s: longer than the 5-minute idle timeout
      expect((await store.resolve(s.token, 'member')).ok).toBe(true);
    }
    // 40 requests: a touch every 30 s (a tenth of the idle timeout) and one rewrite at 5 minutes
    expect(writes.length).toBeLessThanOrEqual(15);
    expect(writes.length).toBeGreaterThanOrEqual(12);
    await store.revoke(sessionIdOf(s.token));
    now += 60_000;
    expect((await store.resolve(s.token, 'member')).ok).toBe(false);
    await state.close();
  });
  it('survives losing the cache (a restart) and refuses a token of the other kind', async () => {
    const store = h.ctx.sessions;
    const s = await store.create('admin', subject, meta);
    await h.ctx.state.close(); // memory or redis keys of this harness
    expect((await new SessionStore(h.ctx.db, createMemoryState(), { member: { idleMs: 60_000, absoluteMs: 3600_000 }, admin: { idleMs: 60_000, absoluteMs: 3600_000 } }).resolve(s.token, 'admin')).ok).toBe(true);
    expect((await new SessionStore(h.ctx.db, createMemoryState(), { member: { idleMs: 60_000, absoluteMs: 3600_000 }, admin: { idleMs: 60_000, absoluteMs: 3600_000 } }).resolve(s.token, 'member')).ok).toBe(false);
  });
});
