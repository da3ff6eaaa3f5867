/**
 * Lotteries, waiting lists, proof of work, the waiting room, covers and door check-in, through
 * the API on whichever store the suite runs: registration, the close and its digests, the draw
 * recomputed by the public record and by the independent verifier script, confirmation, places
 * passed down the draw order (declined, expired, cancelled), and a cancelled ticket going straight
 * to the first on a waiting list.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { solvePow, type PublicDraw } from '@gonghui/contracts';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { nodeSha256, verifyDrawOf } from '../../platform/lottery.js';
import { createActivity, grabbers, grabRequest } from '../../test/activity-helpers.js';
import { bearer, createHarness, loginAdmin, loginMember, type Harness } from '../../test/harness.js';
import { multipartFile } from '../../test/journey-helpers.js';
import { sweepActivities } from './entries.service.js';

let h: Harness;
let gz: string;
let baseOrg: number;
let szOrg: number;
beforeAll(async () => {
  h = await createHarness();
  gz = await loginAdmin(h, 'gz_admin');
  [{ id: baseOrg }] = (await queryRows<{ id: number }>(h.ctx.db, sql`SELECT id FROM organizations WHERE name = '广州华师科技有限公司工会'`)) as [{ id: number }];
  [{ id: szOrg }] = (await queryRows<{ id: number }>(h.ctx.db, sql`SELECT o.id FROM organizations o WHERE o.level = 'base' AND o.path LIKE (SELECT path || '%' FROM organizations WHERE name = '深圳市总工会') LIMIT 1`)) as [{ id: number }];
});
afterAll(() => h.close());

const withAdmin = (m: { payload: Buffer; headers: Record<string, string> }) => ({ payload: m.payload, headers: { ...m.headers, ...bearer(gz) } });
const post = (token: string, url: string, payload?: object) => h.app.inject({ method: 'POST', url, headers: bearer(token), ...(payload ? { payload } : {}) });
const get = (token: string | null, url: string) => h.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });
const enter = (token: string, activityId: string, sessionId: string) => post(token, `/api/v1/activities/${activityId}/entries`, { sessionId });
const entryOf = async (token: string, activityId: string) => (await get(token, `/api/v1/activities/${activityId}`)).json().myEntry as { id: string; status: string; position: number | null; rank: number | null; confirmBy: string | null; ticketId: string | null } | null;
const endWindow = (activityId: string) => h.ctx.db.execute(sql`UPDATE activities SET window_end = now() - interval '1 second' WHERE id = ${Number(activityId)}`);
const messagesOf = async (token: string) => (await get(token, '/api/v1/me/notifications?pageSize=50')).json().items.map((n: { kind: string }) => n.kind) as string[];

/** Places held in a session (won or confirmed) never exceed its capacity; seats are held once. */
async function assertLotteryInvariants(activityId: string) {
  const rows = await queryRows<{ session_id: number; capacity: number; held: number; live: number; seats: number }>(
    h.ctx.db,
    sql`SELECT s.id AS session_id, s.capacity,
          (SELECT count(*)::int FROM lottery_entries e WHERE e.session_id = s.id AND e.status IN ('won', 'confirmed')) AS held,
          (SELECT count(*)::int FROM tickets t WHERE t.session_id = s.id AND t.status <> 'cancelled') AS live,
          (SELECT count(DISTINCT seat_no)::int FROM tickets t WHERE t.session_id = s.id AND t.status <> 'cancelled') AS seats
        FROM activity_sessions s WHERE s.activity_id = ${Number(activityId)}`,
  );
  for (const r of rows) {
    expect(r.held).toBeLessThanOrEqual(r.capacity);
    expect(r.live).toBeLessThanOrEqual(r.capacity);
    expect(r.seats).toBe(r.live);
  }
}

describe('lottery', () => {
  let a: { id: string; sessions: string[] };
  let tokens: string[];
  const bySession = new Map<string, string[]>();

  it('takes one registration per member while the window is open, from eligible members only', async () => {
    a = await createActivity(h, gz, { orgId: baseOrg, mode: 'lottery', capacities: [3, 2], confirmHours: 24 });
    const detail = (await get(gz, `/api/v1/admin/activities/${a.id}`)).json();
    expect(detail.lottery.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.lottery.seed).toBeNull();
    tokens = await grabbers(h, 12, baseOrg);
    const results = await Promise.all(tokens.map((t, i) => enter(t, a.id, a.sessions[i < 8 ? 0 : 1]!)));
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    bySession.set(a.sessions[0]!, tokens.slice(0, 8));
    bySession.set(a.sessions[1]!, tokens.slice(8));
    expect(results[0]!.json()).toMatchObject({ kind: 'lottery', status: 'registered', rank: null });

    const again = await enter(tokens[0]!, a.id, a.sessions[1]!);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ALREADY_ENTERED');
    // withdraw, then register again
    const mine = (await entryOf(tokens[1]!, a.id))!;
    expect((await post(tokens[1]!, `/api/v1/me/entries/${mine.id}/withdraw`)).json().status).toBe('withdrawn');
    expect((await enter(tokens[1]!, a.id, a.sessions[0]!)).statusCode).toBe(201);

    const [outsider] = await grabbers(h, 1, szOrg);
    expect((await enter(outsider!, a.id, a.sessions[0]!)).statusCode).toBe(404);
    const early = await post(gz, `/api/v1/admin/activities/${a.id}/draw`);
    expect(early.json().error.code).toBe('REGISTRATION_OPEN');
    const publicBefore = (await get(null, `/api/v1/activities/${a.id}/draw`)).json() as PublicDraw;
    expect(publicBefore.seed).toBeNull();
    expect(publicBefore.draws.map((d) => [d.entrantCount, d.entrants])).toEqual([[8, null], [4, null]]);
  });

  it('closes at the end of the window: digests are published and no one enters after', async () => {
    await endWindow(a.id);
    expect((await sweepActivities(h.ctx)).closed).toBeGreaterThanOrEqual(1);
    const closed = (await get(gz, `/api/v1/admin/activities/${a.id}`)).json();
    expect(closed.status).toBe('closed');
    expect(closed.lottery.closedAt).not.toBeNull();
    for (const s of closed.sessions) expect(s.entrantsDigest).toMatch(/^[0-9a-f]{64}$/);
    const [late] = await grabbers(h, 1, baseOrg);
    expect((await enter(late!, a.id, a.sessions[0]!)).json().error.code).toBe('NOT_OPEN');
    const mine = (await entryOf(tokens[0]!, a.id))!;
    expect((await post(tokens[0]!, `/api/v1/me/entries/${mine.id}/withdraw`)).json().error.code).toBe('NOT_OPEN');
    const publicClosed = (await get(null, `/api/v1/activities/${a.id}/draw`)).json() as PublicDraw;
    expect(publicClosed.draws[0]!.entrants).toHaveLength(8);
    expect(publicClosed.draws[0]!.order).toBeNull();
  });

  it('draws each session verifiably: the public record recomputes, in code and with the independent script', async () => {
    const drawn = await post(gz, `/api/v1/admin/activities/${a.id}/draw`);
    expect(drawn.statusCode, drawn.body).toBe(200);
    expect(drawn.json().lottery.seed).toMatch(/^[0-9a-f]{64}$/);
    expect((await post(gz, `/api/v1/admin/activities/${a.id}/draw`)).json().error.code).toBe('ALREADY_DRAWN');

    const record = (await get(null, `/api/v1/activities/${a.id}/draw`)).json() as PublicDraw;
    expect(record.seed).not.toBeNull();
    for (const d of record.draws) {
      const check = verifyDrawOf({ algorithm: record.algorithm, seed: record.seed!, commitment: record.commitment!, entrantsDigest: d.entrantsDigest!, entrantIds: d.entrants!, order: d.order!, winners: d.winners!, places: d.places });
      expect(check, JSON.stringify(check.problems)).toEqual({ ok: true, problems: [] });
      // the record names entries, never people
      expect(JSON.stringify(d)).not.toMatch(/抢票|GRAB/);
    }
    const file = path.join(h.ctx.config.dataDir, 'draw.json');
    const d0 = record.draws[0]!;
    writeFileSync(file, JSON.stringify({ algorithm: record.algorithm, seed: record.seed, commitment: record.commitment, entrantsDigest: d0.entrantsDigest, entrants: d0.entrants, places: d0.places, winners: d0.winners, order: d0.order }));
    const out = execFileSync(process.execPath, [path.resolve('scripts/lottery-verify.mjs'), file], { encoding: 'utf8' });
    expect(out).toMatch(/OK/);

    // everyone drawn knows where they stand
    for (const [sessionId, members] of bySession) {
      const places = record.draws.find((d) => d.sessionId === sessionId)!.places;
      const entries = await Promise.all(members.map((t) => entryOf(t, a.id)));
      expect(entries.filter((e) => e!.status === 'won')).toHaveLength(places);
      expect(entries.filter((e) => e!.status === 'lost').map((e) => e!.position).sort()).toEqual(Array.from({ length: members.length - places }, (_, i) => i + 1));
    }
    for (const t of bySession.get(a.sessions[0]!)!) expect(await messagesOf(t)).toContain((await entryOf(t, a.id))!.status === 'won' ? 'lottery_won' : 'lottery_not_drawn');
    await assertLotteryInvariants(a.id);
  });

  it('issues a ticket on confirmation; declined, expired and cancelled places pass down the draw order', async () => {
    const s0 = bySession.get(a.sessions[0]!)!;
    const entries = new Map(await Promise.all(s0.map(async (t) => [t, (await entryOf(t, a.id))!] as const)));
    const winners = s0.filter((t) => entries.get(t)!.status === 'won');
    const waiting = s0.filter((t) => entries.get(t)!.status === 'lost').sort((x, y) => entries.get(x)!.rank! - entries.get(y)!.rank!);
    const [w1, w2, w3] = winners as [string, string, string];

    // confirm: a ticket; twice: refused
    const confirmed = await post(w1, `/api/v1/me/entries/${entries.get(w1)!.id}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(confirmed.json()).toMatchObject({ status: 'active', activityId: a.id });
    expect((await post(w1, `/api/v1/me/entries/${entries.get(w1)!.id}/confirm`)).json().error.code).toBe('NOT_WON');
    // someone else's entry is not mine to confirm
    expect((await post(w2, `/api/v1/me/entries/${entries.get(w1)!.id}/confirm`)).statusCode).toBe(404);

    // decline: the first waiting moves up
    expect((await post(w2, `/api/v1/me/entries/${entries.get(w2)!.id}/decline`)).json().status).toBe('declined');
    expect((await entryOf(waiting[0]!, a.id))!.status).toBe('won');
    expect(await messagesOf(waiting[0]!)).toContain('lottery_moved_up');
    expect((await entryOf(waiting[1]!, a.id))!.position).toBe(1);

    // expiry: the deadline passes, the sweep hands the place to the next
    await h.ctx.db.execute(sql`UPDATE lottery_entries SET confirm_by = now() - interval '1 minute' WHERE id = ${Number(entries.get(w3)!.id)}`);
    const late = await post(w3, `/api/v1/me/entries/${entries.get(w3)!.id}/confirm`);
    expect(late.json().error.code).toBe('CONFIRM_EXPIRED');
    expect((await entryOf(w3, a.id))!.status).toBe('expired');
    expect((await entryOf(waiting[1]!, a.id))!.status).toBe('won');
    expect(await messagesOf(w3)).toContain('lottery_expired');

    // a confirmed ticket cancelled: the place passes on too
    const ticketId = confirmed.json().id as string;
    expect((await post(w1, `/api/v1/me/tickets/${ticketId}/cancel`)).statusCode).toBe(200);
    expect((await entryOf(waiting[2]!, a.id))!.status).toBe('won');
    // the moved-up winners confirm at the same time: distinct seats, never above capacity
    const confirms = await Promise.all([waiting[0]!, waiting[1]!, waiting[2]!].map(async (t) => post(t, `/api/v1/me/entries/${(await entryOf(t, a.id))!.id}/confirm`)));
    for (const c of confirms) expect(c.statusCode, c.body).toBe(201);
    expect(new Set(confirms.map((c) => c.json().seatNo)).size).toBe(3);
    await assertLotteryInvariants(a.id);
    const mine = (await get(waiting[0]!, '/api/v1/me/entries')).json();
    expect(mine.items[0]).toMatchObject({ status: 'confirmed', kind: 'lottery' });
    expect(mine.items[0].ticketId).not.toBeNull();
  });

  it('lists entries for the console in draw order, masked', async () => {
    const res = await get(gz, `/api/v1/admin/activities/${a.id}/entries?sessionId=${a.sessions[0]}&pageSize=50`);
    expect(res.statusCode).toBe(200);
    const ranks = res.json().items.map((e: { rank: number }) => e.rank);
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
    expect(res.json().total).toBe(8);
  });
});

describe('first come first served waiting list', () => {
  it('gives a cancelled seat to the first waiting member, never back to the pool', async () => {
    const a = await createActivity(h, gz, { orgId: baseOrg, capacities: [2], waitingList: true });
    const [m1, m2, m3, m4, m5] = (await grabbers(h, 5, baseOrg)) as [string, string, string, string, string];
    // places left: no waiting list yet
    expect((await enter(m3, a.id, a.sessions[0]!)).json().error.code).toBe('WAITING_LIST_CLOSED');
    expect((await grabRequest(h, m1, a.id, a.sessions[0]!)).statusCode).toBe(201);
    const t2 = await grabRequest(h, m2, a.id, a.sessions[0]!);
    expect(t2.statusCode).toBe(201);
    expect((await grabRequest(h, m3, a.id, a.sessions[0]!)).json().error.code).toBe('SOLD_OUT');
    // holding the limit already: no place on the list
    expect((await enter(m1, a.id, a.sessions[0]!)).json().error.code).toBe('LIMIT_REACHED');
    const w3 = await enter(m3, a.id, a.sessions[0]!);
    expect(w3.statusCode, w3.body).toBe(201);
    expect(w3.json()).toMatchObject({ kind: 'waiting_list', status: 'waiting', position: 1 });
    expect((await enter(m4, a.id, a.sessions[0]!)).json().position).toBe(2);
    expect((await enter(m5, a.id, a.sessions[0]!)).json().position).toBe(3);
    // the console's list reads every position of the page at once
    const queue = (await get(gz, `/api/v1/admin/activities/${a.id}/entries?status=waiting`)).json();
    expect(queue.items.map((e: { position: number }) => e.position).sort()).toEqual([1, 2, 3]);
    // m4 leaves the list
    expect((await post(m4, `/api/v1/me/entries/${(await entryOf(m4, a.id))!.id}/withdraw`)).json().status).toBe('withdrawn');

    expect((await post(m2, `/api/v1/me/tickets/${t2.json().id}/cancel`)).statusCode).toBe(200);
    const served = (await entryOf(m3, a.id))!;
    expect(served.status).toBe('confirmed');
    const tickets = (await get(m3, '/api/v1/me/tickets')).json().items;
    expect(tickets[0]).toMatchObject({ status: 'active', seatNo: t2.json().seatNo, id: served.ticketId });
    expect(await messagesOf(m3)).toContain('waitlist_served');
    expect((await entryOf(m5, a.id))!.position).toBe(1);
    // the seat did not go back to the pool
    expect((await grabRequest(h, m2, a.id, a.sessions[0]!)).json().error.code).toBe('SOLD_OUT');
    const live = await queryRows<{ n: number; seats: number }>(h.ctx.db, sql`SELECT count(*)::int AS n, count(DISTINCT seat_no)::int AS seats FROM tickets WHERE activity_id = ${Number(a.id)} AND status <> 'cancelled'`);
    expect(live[0]).toEqual({ n: 2, seats: 2 });
    const listed = (await get(gz, `/api/v1/admin/activities/${a.id}/entries?status=waiting`)).json();
    expect(listed.total).toBe(1);
  });
});

describe('proof of work', () => {
  it('asks for a solved, signed, single-use challenge before a grab', async () => {
    const a = await createActivity(h, gz, { orgId: baseOrg, capacities: [5], powDifficulty: 8 });
    const [m1, m2] = (await grabbers(h, 2, baseOrg)) as [string, string];
    expect((await grabRequest(h, m1, a.id, a.sessions[0]!)).json().error.code).toBe('POW_REQUIRED');
    const c = (await get(m1, `/api/v1/activities/${a.id}/challenge`)).json();
    expect(c.difficulty).toBe(8);
    const nonce = solvePow(nodeSha256, c.challenge, c.difficulty)!;
    const wrong = solvePow(nodeSha256, c.challenge, 0)!;
    const key = randomUUID();
    // a nonce that does not solve it, then another member's use of it: refused, and the key stays usable
    expect((await grabRequest(h, m1, a.id, a.sessions[0]!, key, { challenge: c.challenge, nonce: wrong === nonce ? `${nonce}x` : wrong })).json().error.code).toBe('POW_INVALID');
    expect((await grabRequest(h, m2, a.id, a.sessions[0]!, randomUUID(), { challenge: c.challenge, nonce })).json().error.code).toBe('POW_INVALID');
    const ok = await grabRequest(h, m1, a.id, a.sessions[0]!, key, { challenge: c.challenge, nonce });
    expect(ok.statusCode, ok.body).toBe(201);
    // the retry with the same key needs no new work; a new grab with the used challenge is refused
    expect((await grabRequest(h, m1, a.id, a.sessions[0]!, key)).json().id).toBe(ok.json().id);
    expect((await grabRequest(h, m1, a.id, a.sessions[0]!, randomUUID(), { challenge: c.challenge, nonce })).json().error.code).toBe('POW_INVALID');
    const forged = `${c.challenge.split('.').slice(0, 3).join('.')}.AAAAAAAAAAAAAAAAAAAAAA`;
    expect((await grabRequest(h, m2, a.id, a.sessions[0]!, randomUUID(), { challenge: forged, nonce: solvePow(nodeSha256, forged, 8)! })).json().error.code).toBe('POW_INVALID');
  });
});

describe('waiting room', () => {
  it('keeps requests before the opening and admits them, shuffled, before anyone who comes later', async () => {
    const opensInMs = 2500;
    const a = await createActivity(h, gz, { orgId: baseOrg, capacities: [3], opensInMs, waitingRoomMinutes: 5 });
    const opensAt = Date.now() + opensInMs;
    const early = await grabbers(h, 8, baseOrg);
    const keys = early.map(() => randomUUID());
    const first = await Promise.all(early.map((t, i) => grabRequest(h, t, a.id, a.sessions[0]!, keys[i])));
    for (const r of first) {
      expect(r.statusCode, r.body).toBe(202);
      expect(r.json()).toMatchObject({ status: 'waiting' });
    }
    // a retry before the opening is still waiting
    expect((await grabRequest(h, early[0]!, a.id, a.sessions[0]!, keys[0])).statusCode).toBe(202);
    const [late] = await grabbers(h, 1, baseOrg);
    await new Promise((r) => setTimeout(r, Math.max(0, opensAt - Date.now()) + 20));
    const lateAnswer = await grabRequest(h, late!, a.id, a.sessions[0]!);
    const answers = await Promise.all(early.map((t, i) => grabRequest(h, t, a.id, a.sessions[0]!, keys[i])));
    const codes = answers.map((r) => (r.statusCode === 201 ? 'ticket' : (r.json().error?.code ?? r.statusCode)));
    expect(codes.filter((c) => c === 'ticket')).toHaveLength(3);
    expect(codes.filter((c) => c === 'SOLD_OUT')).toHaveLength(5);
    // the room went first
    expect(lateAnswer.json().error?.code).toBe('SOLD_OUT');
    const seats = answers.filter((r) => r.statusCode === 201).map((r) => r.json().seatNo as number);
    expect(seats.sort()).toEqual([1, 2, 3]);
  });
});

describe('covers and the door', () => {
  it('stores a cover re-encoded as JPEG without metadata, public once published', async () => {
    const a = await createActivity(h, gz, { orgId: baseOrg, capacities: [5], publish: false });
    const png = await sharp({ create: { width: 900, height: 500, channels: 3, background: '#c0392b' } }).png().withMetadata({ exif: { IFD0: { Copyright: 'secret-gps' } } }).toBuffer();
    const put = await h.app.inject({ method: 'PUT', url: `/api/v1/admin/activities/${a.id}/cover`, ...withAdmin(multipartFile(png, 'cover.png', 'image/png')) });
    expect(put.statusCode, put.body).toBe(200);
    const coverUrl = put.json().coverUrl as string;
    expect(coverUrl).toMatch(new RegExp(`^/api/v1/activities/${a.id}/cover\\?v=1$`));
    // a draft's cover is not public; the console sees it
    expect((await get(null, coverUrl)).statusCode).toBe(404);
    const adminCover = await get(gz, `/api/v1/admin/activities/${a.id}/cover`);
    expect(adminCover.headers['content-type']).toBe('image/jpeg');
    expect((await post(gz, `/api/v1/admin/activities/${a.id}/publish`)).statusCode).toBe(200);
    const pub = await get(null, coverUrl);
    expect(pub.statusCode).toBe(200);
    expect(pub.rawPayload.includes(Buffer.from('secret-gps'))).toBe(false);
    const meta = await sharp(pub.rawPayload).metadata();
    expect([meta.format, meta.exif]).toEqual(['jpeg', undefined]);

    const notImage = await h.app.inject({ method: 'PUT', url: `/api/v1/admin/activities/${a.id}/cover`, ...withAdmin(multipartFile(Buffer.from('<svg/>'), 'x.svg', 'image/svg+xml')) });
    expect(notImage.json().error.code).toBe('PHOTO_INVALID');
    const removed = await h.app.inject({ method: 'DELETE', url: `/api/v1/admin/activities/${a.id}/cover`, headers: bearer(gz) });
    expect(removed.json().coverUrl).toBeNull();
    expect((await get(null, coverUrl)).statusCode).toBe(404);
  });

  it('refuses a ticket of another activity at a door bound to one', async () => {
    const doorA = await createActivity(h, gz, { orgId: baseOrg, capacities: [5] });
    const doorB = await createActivity(h, gz, { orgId: baseOrg, capacities: [5] });
    const [m] = (await grabbers(h, 1, baseOrg)) as [string];
    const t = (await grabRequest(h, m, doorB.id, doorB.sessions[0]!)).json();
    const wrongDoor = await post(gz, '/api/v1/admin/tickets/check-in', { code: t.code, activityId: doorA.id });
    expect(wrongDoor.json().result).toBe('other_activity');
    const rightDoor = await post(gz, '/api/v1/admin/tickets/check-in', { code: t.code.toLowerCase(), activityId: doorB.id });
    expect(rightDoor.json()).toMatchObject({ result: 'checked_in', session: { checkedIn: 1 } });
    expect((await post(gz, '/api/v1/admin/tickets/check-in', { code: t.code, activityId: doorB.id })).json().result).toBe('already_checked_in');
  });
});

describe('the demo province', () => {
  it('has a drawn lottery whose public record verifies, and the demo member can confirm a won place', async () => {
    const [film] = await queryRows<{ id: number }>(h.ctx.db, sql`SELECT id FROM activities WHERE title LIKE '五一职工电影专场%'`);
    const record = (await get(null, `/api/v1/activities/${film!.id}/draw`)).json() as PublicDraw;
    const d = record.draws[0]!;
    expect(verifyDrawOf({ seed: record.seed!, commitment: record.commitment!, entrantsDigest: d.entrantsDigest!, entrantIds: d.entrants!, order: d.order!, winners: d.winners!, places: d.places })).toEqual({ ok: true, problems: [] });
    const member = await loginMember(h);
    const mine = await entryOf(member, String(film!.id));
    expect(mine!.status).toBe('won');
    const confirmed = await post(member, `/api/v1/me/entries/${mine!.id}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    await assertLotteryInvariants(String(film!.id));
    const list = (await get(member, '/api/v1/activities?pageSize=20')).json();
    expect(list.items.map((a: { title: string }) => a.title)).toEqual(expect.arrayContaining(['2027 春节平安返乡专列 · G6020 广州南→长沙南', '劳模疗休养 · 从化温泉（抽签）']));
  });
});
