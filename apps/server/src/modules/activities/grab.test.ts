/**
 * The grab engine's invariants under concurrency, on whichever store the suite runs (PGlite with
 * the in-memory gate, or PostgreSQL with the Redis Lua gate): never more allocations than
 * capacity, never more than a member's limit, only eligible members, idempotent retries, a
 * cancelled place goes back, and a gate rebuilt from the database after a crash.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { createMemoryState } from '../../platform/shared-state.js';
import { accountOf, createActivity, grabbers as grabbersOf, grabRequest } from '../../test/activity-helpers.js';
import { bearer, createHarness, loginAdmin, type Harness } from '../../test/harness.js';
import { GrabEngine, GrabStats } from './grab.service.js';
import { MemoryGrabGate } from './grab-gate.js';

let h: Harness;
let gz: string;
let baseOrg: { id: number; path: string };
let szOrg: { id: number };
beforeAll(async () => {
  h = await createHarness();
  gz = await loginAdmin(h, 'gz_admin');
  [baseOrg] = await queryRows<{ id: number; path: string }>(h.ctx.db, sql`SELECT id, path FROM organizations WHERE name = '广州华师科技有限公司工会'`) as [{ id: number; path: string }];
  [szOrg] = await queryRows<{ id: number }>(h.ctx.db, sql`SELECT o.id FROM organizations o WHERE o.level = 'base' AND o.path LIKE (SELECT path || '%' FROM organizations WHERE name = '深圳市总工会') LIMIT 1`) as [{ id: number }];
});
afterAll(() => h.close());

const grabbers = (n: number, orgId = baseOrg.id) => grabbersOf(h, n, orgId);
const newActivity = (opts: { capacities: number[]; limit?: number; opensInMs?: number }) => createActivity(h, gz, { orgId: baseOrg.id, ...opts });
const grab = (token: string, activityId: string, sessionId: string, key = randomUUID()) => grabRequest(h, token, activityId, sessionId, key);

const liveTickets = async (activityId: string) =>
  queryRows<{ session_id: number; member_id: string; n: number; seat_no: number }>(h.ctx.db, sql`SELECT session_id, member_id, n, seat_no FROM tickets WHERE activity_id = ${Number(activityId)} AND status <> 'cancelled'`);

describe('first come first served', () => {
  it('never allocates more than capacity: 400 members at once for 5 + 3 places', async () => {
    const a = await newActivity({ capacities: [5, 3] });
    const tokens = await grabbers(400);
    const results = await Promise.all(tokens.map((t, i) => grab(t, a.id, a.sessions[i % 2]!)));
    const ok = results.filter((r) => r.statusCode === 201);
    expect(ok).toHaveLength(8);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'SOLD_OUT')).toBe(true);
    const live = await liveTickets(a.id);
    expect(live).toHaveLength(8);
    expect(new Set(live.map((t) => `${t.session_id}:${t.seat_no}`)).size).toBe(8);
    expect(live.every((t) => t.seat_no >= 1 && t.seat_no <= (String(t.session_id) === a.sessions[0] ? 5 : 3))).toBe(true);
    // every 201 is a durable ticket
    for (const r of ok) expect(live.some((t) => t.seat_no === r.json().seatNo && String(t.session_id) === r.json().sessionId)).toBe(true);
    const detail = (await h.app.inject({ url: `/api/v1/activities/${a.id}`, headers: bearer(tokens[0]!) })).json();
    expect(detail.sessions.map((s: { remaining: number }) => s.remaining)).toEqual([0, 0]);
  });

  it('never gives a member more than the limit, even with many parallel attempts', async () => {
    const a = await newActivity({ capacities: [40], limit: 2 });
    const tokens = await grabbers(10);
    const results = await Promise.all(tokens.flatMap((t) => Array.from({ length: 6 }, () => grab(t, a.id, a.sessions[0]!))));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(20);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'LIMIT_REACHED')).toBe(true);
    const perMember = new Map<string, number[]>();
    for (const t of await liveTickets(a.id)) perMember.set(t.member_id, [...(perMember.get(t.member_id) ?? []), t.n]);
    expect([...perMember.values()].every((ns) => ns.sort().join() === '1,2')).toBe(true);
  });

  it('answers a repeated Idempotency-Key with the same ticket, and allocates once', async () => {
    const a = await newActivity({ capacities: [10] });
    const [token] = await grabbers(1);
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 6 }, () => grab(token!, a.id, a.sessions[0]!, key)));
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    const again = await grab(token!, a.id, a.sessions[0]!, key);
    expect(again.json().id).toBe(results[0]!.json().id);
    expect(await liveTickets(a.id)).toHaveLength(1);
    // a new key is a new attempt: over the limit
    expect((await grab(token!, a.id, a.sessions[0]!)).json().error.code).toBe('LIMIT_REACHED');
    expect((await h.app.inject({ method: 'POST', url: `/api/v1/activities/${a.id}/grab`, headers: bearer(token!), payload: { sessionId: a.sessions[0] } })).json().error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });

  it('answers a retry with its ticket even once the session is sold out', async () => {
    const a = await newActivity({ capacities: [1] });
    const [winner, other] = (await grabbers(2)) as [string, string];
    const key = randomUUID();
    const won = await grab(winner, a.id, a.sessions[0]!, key);
    expect(won.statusCode).toBe(201);
    expect((await grab(other, a.id, a.sessions[0]!)).json().error.code).toBe('SOLD_OUT');
    // the sold-out answer comes from memory, but a retry of the winning request still gets its ticket
    const retry = await grab(winner, a.id, a.sessions[0]!, key);
    expect([retry.statusCode, retry.json().id]).toEqual([201, won.json().id]);
  });

  it('refuses before the window opens, and refuses members outside the audience', async () => {
    const early = await newActivity({ capacities: [5], opensInMs: 60_000 });
    const [token] = await grabbers(1);
    const r = await grab(token!, early.id, early.sessions[0]!);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('NOT_OPEN');
    const open = await newActivity({ capacities: [5] });
    const [outsider] = await grabbers(1, szOrg.id);
    expect((await h.app.inject({ url: `/api/v1/activities/${open.id}`, headers: bearer(outsider!) })).statusCode).toBe(404);
    const refused = await grab(outsider!, open.id, open.sessions[0]!);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('NOT_ELIGIBLE');
    expect(await liveTickets(open.id)).toHaveLength(0);
  });

  it('gives a cancelled place back to the pool; a ticket checks in once', async () => {
    const a = await newActivity({ capacities: [2] });
    const tokens = await grabbers(3);
    const first = await grab(tokens[0]!, a.id, a.sessions[0]!);
    await grab(tokens[1]!, a.id, a.sessions[0]!);
    expect((await grab(tokens[2]!, a.id, a.sessions[0]!)).json().error.code).toBe('SOLD_OUT');
    const cancelled = await h.app.inject({ method: 'POST', url: `/api/v1/me/tickets/${first.json().id}/cancel`, headers: bearer(tokens[0]!) });
    expect(cancelled.json().status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 1100)); // the sold-out memo lasts a second
    const second = await grab(tokens[2]!, a.id, a.sessions[0]!);
    expect(second.statusCode).toBe(201);
    expect(second.json().seatNo).toBe(first.json().seatNo);
    const check = (code: string) => h.app.inject({ method: 'POST', url: '/api/v1/admin/tickets/check-in', headers: bearer(gz), payload: { code } });
    const once = (await check(second.json().code)).json();
    expect(once).toMatchObject({ result: 'checked_in', session: { allocated: 2, checkedIn: 1, capacity: 2 } });
    expect((await check(second.json().code)).json().result).toBe('already_checked_in');
    expect((await check(first.json().code)).json().result).toBe('cancelled');
    expect((await check('Tnot-a-ticket')).json().result).toBe('invalid');
    const mine = (await h.app.inject({ url: '/api/v1/me/tickets', headers: bearer(tokens[2]!) })).json();
    expect(mine.items[0]).toMatchObject({ status: 'checked_in', seatNo: first.json().seatNo });
  });

  it('rebuilds the gate from the database after a restart: nothing sold twice', async () => {
    const a = await newActivity({ capacities: [6] });
    const tokens = await grabbers(10);
    await Promise.all(tokens.slice(0, 4).map((t) => grab(t, a.id, a.sessions[0]!)));
    // a fresh engine, as a restarted process would have (in memory mode: an empty gate)
    const restarted = new GrabEngine(h.ctx, h.ctx.grab.gate.kind === 'memory' ? new MemoryGrabGate() : h.ctx.grab.gate, 1);
    const snap = await restarted.snapshot(Number(a.id), true);
    expect(await restarted.gate.remaining(Number(a.id), Number(a.sessions[0]))).toBe(2);
    expect(snap.activity.id).toBe(Number(a.id));
    const results = await Promise.allSettled(tokens.slice(4).map((t) => restarted.grab({ accountId: accountOf.get(t)!, activityId: Number(a.id), sessionId: Number(a.sessions[0]), idempotencyKey: randomUUID() })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'SOLD_OUT')).toBe(true);
    const live = await liveTickets(a.id);
    expect(live).toHaveLength(6);
    expect(new Set(live.map((t) => t.seat_no)).size).toBe(6);
    restarted.stats.close();
  });

  it('gives a retry its ticket after a restart that lost the remembered answers', async () => {
    const a = await newActivity({ capacities: [3] });
    const tokens = (await grabbers(3)) as [string, string, string];
    const keys = [randomUUID(), randomUUID()];
    const won = await Promise.all([0, 1].map((i) => grab(tokens[i]!, a.id, a.sessions[0]!, keys[i])));
    expect(won.map((r) => r.statusCode)).toEqual([201, 201]);
    // a restarted process: an empty gate (memory mode) and an empty state, so no answer is remembered
    const restarted = new GrabEngine({ ...h.ctx, state: createMemoryState() }, h.ctx.grab.gate.kind === 'memory' ? new MemoryGrabGate() : h.ctx.grab.gate, 1);
    const retry = (i: number) => restarted.grab({ accountId: accountOf.get(tokens[i]!)!, activityId: Number(a.id), sessionId: Number(a.sessions[0]), idempotencyKey: keys[i]! });
    // a place is still free: the retry gets its ticket, not LIMIT_REACHED, and takes no second place
    expect(await retry(0)).toMatchObject({ id: Number(won[0]!.json().id), code: won[0]!.json().code });
    expect(await restarted.gate.remaining(Number(a.id), Number(a.sessions[0]))).toBe(1);
    await restarted.grab({ accountId: accountOf.get(tokens[2])!, activityId: Number(a.id), sessionId: Number(a.sessions[0]), idempotencyKey: randomUUID() });
    // sold out now: the retry still gets its ticket, not SOLD_OUT
    expect(await retry(1)).toMatchObject({ id: Number(won[1]!.json().id), code: won[1]!.json().code });
    expect(await liveTickets(a.id)).toHaveLength(3);
    restarted.stats.close();
  });

  it('shows the live view to the admin', async () => {
    const a = await newActivity({ capacities: [3] });
    const tokens = await grabbers(5);
    await Promise.all(tokens.map((t) => grab(t, a.id, a.sessions[0]!)));
    const live = (await h.app.inject({ url: `/api/v1/admin/activities/${a.id}/live`, headers: bearer(gz) })).json();
    expect(live).toMatchObject({ allocations: 3, sessions: [{ remaining: 0, allocated: 3, capacity: 3 }] });
    expect(live.refusals.SOLD_OUT).toBe(2);
    expect(live.requestsPerSecond).toHaveLength(60);
    expect(live.requestsPerSecond.reduce((n: number, s: { requests: number }) => n + s.requests, 0)).toBe(5);
    // another process sharing the state: its counts add up in the same view
    const other = new GrabStats(h.ctx.state);
    other.record(Number(a.id), 'SOLD_OUT');
    await other.flush();
    other.close();
    const both = (await h.app.inject({ url: `/api/v1/admin/activities/${a.id}/live`, headers: bearer(gz) })).json();
    expect(both.refusals.SOLD_OUT).toBe(3);
    expect(both.requestsPerSecond.reduce((n: number, s: { requests: number }) => n + s.requests, 0)).toBe(6);
  });
});
