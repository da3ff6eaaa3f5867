/**
 * Two server processes sharing PostgreSQL and Redis, as a deployment behind a load balancer runs:
 * a burst of grabs split across both, members repeating requests (the same Idempotency-Key to
 * either process, and new attempts) on two small sessions. Checked against the database itself:
 * each session ends at exactly its capacity, no seat is held twice, nobody holds more than the
 * per-member limit, every ticket answered 201 is that row, every repeated key got the same ticket,
 * every refusal is a sold out, a limit or a rate limit. Then tickets cancelled through one process
 * are grabbed again through the other: each seat comes back once.
 *
 * Needs DATABASE_URL and REDIS_URL (the embedded database is one process).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import * as OTPAuth from 'otpauth';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startPeer, startServer, type RunningServer } from './support/server.js';

const MEMBERS = 300;
/** Members 0…296 take part in the burst; the last three come later, with no requests counted against their rate limit. */
const BURST = 297;
const EAGER = 297;
const RETRY_FIRST = 298;
const RETRY_LATE = 299;
const CAPACITIES = [10, 7];
const LIMIT = 2;
const shared = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const SKIP_REASON = 'needs DATABASE_URL and REDIS_URL: two processes share PostgreSQL and Redis (the embedded database and the in-memory gate are one process)';
if (!shared) console.warn(`grab-two-process.spec.ts skipped: ${SKIP_REASON}`);

interface Answer {
  status: number;
  json: Record<string, unknown>;
}
interface Ticket {
  id: string;
  sessionId: string;
  seatNo: number;
  code: string;
  status: string;
}
interface Sent {
  member: number;
  key: string;
  sessionId: string;
  via: 'A' | 'B';
  answer: Answer;
}

let a: RunningServer;
let b: RunningServer;
let db: pg.Client;
let admin = '';
const tokens: string[] = [];
// Bounded connection pools: thousands of requests queue on the client instead of opening thousands of sockets.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function call(base: string, path: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, {
      method: init.method ?? (payload ? 'POST' : 'GET'),
      agent,
      headers: {
        ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...init.headers,
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
        } catch (error) {
          reject(new Error(`${res.statusCode} ${path}: not JSON: ${text.slice(0, 200)}`, { cause: error }));
        }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Run `task` over `items`, `parallel` at a time. */
async function pool<T, R>(items: readonly T[], parallel: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await task(items[i]!, i);
      }
    }),
  );
  return out;
}

const errorCode = (answer: Answer) => (answer.json.error as { code?: string } | undefined)?.code ?? `HTTP ${answer.status}`;

async function liveTickets(activityId: string) {
  const { rows } = await db.query<{ id: string; session_id: string; member_id: string; seat_no: number; code: string; idempotency_key: string; status: string; n: number }>(
    `SELECT id::text, session_id::text, member_id::text, seat_no, code, idempotency_key, status, n FROM tickets WHERE activity_id = $1 ORDER BY id`,
    [activityId],
  );
  return { all: rows, live: rows.filter((r) => r.status !== 'cancelled') };
}

/** The invariants that hold whatever happened: capacity, seats, per-member limit. */
function checkSeats(live: Array<{ session_id: string; member_id: string; seat_no: number; n: number }>, sessions: string[]) {
  sessions.forEach((sessionId, i) => {
    const seats = live.filter((t) => t.session_id === sessionId).map((t) => t.seat_no);
    expect(seats.length, `session ${i + 1}: live tickets`).toBe(CAPACITIES[i]);
    expect(new Set(seats).size, `session ${i + 1}: a seat held twice`).toBe(seats.length);
    expect([...seats].sort((x, y) => x - y)).toEqual(Array.from({ length: CAPACITIES[i]! }, (_, s) => s + 1));
  });
  const perMember = new Map<string, number[]>();
  for (const t of live) perMember.set(t.member_id, [...(perMember.get(t.member_id) ?? []), t.n]);
  for (const [member, ns] of perMember) {
    expect(ns.length, `member ${member} holds ${ns.length} tickets`).toBeLessThanOrEqual(LIMIT);
    expect(new Set(ns).size).toBe(ns.length);
  }
}

describe.skipIf(!shared)(`grabs across two processes sharing PostgreSQL and Redis${shared ? '' : ` — skipped: ${SKIP_REASON}`}`, () => {
  beforeAll(async () => {
    a = await startServer({ RATE_LIMIT_AUTH_PER_MINUTE: '100000', HELD_REMINDER_INTERVAL_MINUTES: '0' });
    // Members with logins, made by the operator's seed command beside the running server.
    await new Promise<void>((resolve, reject) => {
      const cli = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', 'seed', '--members', String(MEMBERS)], { cwd: ROOT, env: a.env, stdio: 'ignore' });
      cli.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed exited ${code}`))));
    });
    b = await startPeer(a);
    db = new pg.Client({ connectionString: a.env.DATABASE_URL });
    await db.connect();
    // Half the members log in through each process; a session works on both.
    const logins = await pool(
      Array.from({ length: MEMBERS }, (_, i) => i),
      8,
      (i) => call(i % 2 ? b.baseUrl : a.baseUrl, '/api/v1/auth/login', { body: { phone: String(17000000000 + i), password: 'Member@2026' } }),
    );
    for (const r of logins) {
      expect(r.status).toBe(200);
      tokens.push(r.json.token as string);
    }
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32('GDADMINXDEMOXTOTPXSECRETXGDADMIN') }).generate();
    admin = (await call(a.baseUrl, '/api/v1/admin/auth/login', { body: { username: 'gd_admin', password: 'Admin@2026', totp } })).json.token as string;
    expect(admin).toBeTruthy();
  }, 240_000);
  afterAll(async () => {
    agent.destroy();
    await db?.end();
    await b?.stop();
    await a?.stop();
  });

  it('sells each place once across both processes, then gives cancelled places back once', async () => {
    const opensAt = Date.now() + 8000;
    const created = await call(a.baseUrl, '/api/v1/admin/activities', {
      token: admin,
      body: {
        title: '春运返乡专列（两进程测试）',
        windowStart: new Date(opensAt).toISOString(),
        windowEnd: new Date(opensAt + 3600_000).toISOString(),
        mode: 'fcfs',
        perMemberLimit: LIMIT,
        sessions: CAPACITIES.map((capacity, i) => ({ name: `G${6020 + i} 深圳北→长沙南`, startsAt: new Date(Date.now() + (i + 1) * 86_400_000).toISOString(), capacity })),
      },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = created.json.id as string;
    const sessions = (created.json.sessions as Array<{ id: string }>).map((s) => s.id);
    expect((await call(a.baseUrl, `/api/v1/admin/activities/${id}/publish`, { method: 'POST', token: admin })).status).toBe(200);

    // Before the opening every member has the page open, half on each process (so both processes
    // have loaded the activity's gate before the first grab, as at 9:00 in production).
    const views = await pool(tokens, 32, (token, i) => call(i % 2 ? b.baseUrl : a.baseUrl, `/api/v1/activities/${id}`, { token }));
    expect(views.every((v) => v.status === 200 && v.json.eligible === true)).toBe(true);
    expect(Date.now()).toBeLessThan(opensAt);
    await new Promise((r) => setTimeout(r, opensAt - Date.now() + 100));

    // The burst: per member 7 requests (under the limit of 10 per 10 s): one attempt sent three
    // times with the same key (twice to its own process, once to the other), one attempt at the
    // other session sent to both processes, and two single attempts.
    const plan: Array<Omit<Sent, 'answer'>> = [];
    tokens.slice(0, BURST).forEach((_, m) => {
      const home = m % 2 ? 'B' : 'A';
      const away = m % 2 ? 'A' : 'B';
      const first = sessions[m % 3 === 0 ? 1 : 0]!;
      const other = sessions[m % 3 === 0 ? 0 : 1]!;
      const k1 = randomUUID();
      const k2 = randomUUID();
      plan.push({ member: m, key: k1, sessionId: first, via: home }, { member: m, key: k1, sessionId: first, via: away }, { member: m, key: k1, sessionId: first, via: home });
      plan.push({ member: m, key: k2, sessionId: other, via: away }, { member: m, key: k2, sessionId: other, via: home });
      plan.push({ member: m, key: randomUUID(), sessionId: first, via: home }, { member: m, key: randomUUID(), sessionId: other, via: away });
    });
    // shuffled, so neither process nor session goes first
    for (let i = plan.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [plan[i], plan[j]] = [plan[j]!, plan[i]!];
    }
    const grab = (p: Omit<Sent, 'answer'>) =>
      call(p.via === 'A' ? a.baseUrl : b.baseUrl, `/api/v1/activities/${id}/grab`, { token: tokens[p.member], body: { sessionId: p.sessionId }, headers: { 'idempotency-key': p.key } });
    const started = Date.now();
    const sent: Sent[] = await Promise.all(plan.map(async (p) => ({ ...p, answer: await grab(p) })));
    const burstMs = Date.now() - started;

    const refusals = new Map<string, number>();
    for (const s of sent) if (s.answer.status !== 201) refusals.set(`${s.answer.status} ${errorCode(s.answer)}`, (refusals.get(`${s.answer.status} ${errorCode(s.answer)}`) ?? 0) + 1);
    console.warn(`burst: ${sent.length} grabs in ${burstMs} ms; answers: 201 × ${sent.filter((s) => s.answer.status === 201).length}, ${[...refusals].map(([k, n]) => `${k} × ${n}`).join(', ')}`);
    for (const key of refusals.keys()) expect(['409 SOLD_OUT', '409 LIMIT_REACHED', '429 RATE_LIMITED']).toContain(key);

    // The database has the last word.
    const { all, live } = await liveTickets(id);
    expect(all).toHaveLength(live.length);
    checkSeats(live, sessions);
    const byCode = new Map(all.map((t) => [t.code, t]));
    const told = new Map<string, Ticket>();
    for (const s of sent.filter((x) => x.answer.status === 201)) {
      const t = s.answer.json as unknown as Ticket;
      const row = byCode.get(t.code);
      expect(row, `ticket ${t.code} was answered but is not in the database`).toBeDefined();
      expect({ id: row!.id, sessionId: row!.session_id, seatNo: row!.seat_no, key: row!.idempotency_key }).toEqual({ id: t.id, sessionId: s.sessionId, seatNo: t.seatNo, key: s.key });
      told.set(t.code, t);
    }
    // and every ticket in it was told to its member
    expect([...told.keys()].sort()).toEqual(live.map((t) => t.code).sort());

    // A key answers with one ticket, whichever process and however often it was asked (a repeat
    // may only be turned away by the rate limit, which comes first).
    const byKey = new Map<string, Sent[]>();
    for (const s of sent) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s]);
    let replayed = 0;
    for (const [key, answers] of byKey) {
      const ok = answers.filter((x) => x.answer.status === 201).map((x) => x.answer.json as unknown as Ticket);
      expect(new Set(ok.map((t) => `${t.id} ${t.code} ${t.seatNo}`)).size, `key ${key} got different tickets`).toBeLessThanOrEqual(1);
      if (ok.length > 1) replayed++;
      if (ok.length) {
        const refused = answers.filter((x) => x.answer.status !== 201).map((x) => `${x.via}: ${errorCode(x.answer)}`);
        expect(refused.filter((r) => !r.endsWith('RATE_LIMITED')), `key ${key} got a ticket and a refusal`).toEqual([]);
      }
    }
    console.warn(`keys sent more than once that were answered with their ticket more than once: ${replayed}`);

    // Both processes see the sold-out sessions.
    for (const base of [a.baseUrl, b.baseUrl]) {
      const view = await call(base, `/api/v1/activities/${id}`, { token: tokens[0] });
      expect((view.json.sessions as Array<{ remaining: number }>).map((s) => s.remaining)).toEqual([0, 0]);
    }

    // Cancel two tickets of each session through A …
    const cancelled = sessions.flatMap((sessionId) => live.filter((t) => t.session_id === sessionId).slice(0, 2));
    const owners = new Map<string, number>();
    for (const s of sent) if (s.answer.status === 201) owners.set((s.answer.json as unknown as Ticket).id, s.member);
    for (const t of cancelled) {
      const r = await call(a.baseUrl, `/api/v1/me/tickets/${t.id}/cancel`, { method: 'POST', token: tokens[owners.get(t.id)!] });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      expect(r.json.status).toBe('cancelled');
    }
    // … B's members see the places at once …
    const seen = await call(b.baseUrl, `/api/v1/activities/${id}`, { token: tokens[1] });
    expect((seen.json.sessions as Array<{ remaining: number }>).map((s) => s.remaining)).toEqual([2, 2]);

    // … and grab them through B. A member who held nothing tries six times at once (three per
    // session): two tickets, the per-member limit, however the requests interleave …
    const eager = await Promise.all(
      [0, 1, 2, 3, 4, 5].map(async (i) => {
        const p = { member: EAGER, key: randomUUID(), sessionId: sessions[i % 2]!, via: 'B' as const };
        return { ...p, answer: await grab(p) };
      }),
    );
    const eagerCodes = eager.map((s) => (s.answer.status === 201 ? '201' : errorCode(s.answer)));
    expect(eagerCodes.filter((c) => c === '201'), eagerCodes.join(', ')).toHaveLength(LIMIT);
    expect(eagerCodes.filter((c) => c === 'LIMIT_REACHED').length, eagerCodes.join(', ')).toBeGreaterThan(0);
    for (const c of eagerCodes) expect(['201', 'LIMIT_REACHED', 'SOLD_OUT']).toContain(c);
    // … then a crowd of members who hold nothing asks for both sessions, in waves, until the places are gone.
    const winners = new Set(sent.filter((s) => s.answer.status === 201).map((s) => s.member));
    const crowd = tokens.slice(0, BURST).map((_, m) => m).filter((m) => !winners.has(m));
    const regrabs: Sent[] = [...eager];
    for (let wave = 0; wave < 10; wave++) {
      const group = crowd.slice(wave * 20, wave * 20 + 20);
      const waveSent = await Promise.all(
        group.flatMap((m) =>
          sessions.map(async (sessionId) => {
            const p = { member: m, key: randomUUID(), sessionId, via: 'B' as const };
            return { ...p, answer: await grab(p) };
          }),
        ),
      );
      regrabs.push(...waveSent);
      for (const s of waveSent) if (s.answer.status !== 201) expect(['409 SOLD_OUT', '429 RATE_LIMITED']).toContain(`${s.answer.status} ${errorCode(s.answer)}`);
      const after = await liveTickets(id);
      if (after.live.length === CAPACITIES.reduce((x, y) => x + y, 0)) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    const again = regrabs.filter((s) => s.answer.status === 201).map((s) => s.answer.json as unknown as Ticket);
    // exactly the cancelled seats, each once
    expect(again.map((t) => `${t.sessionId}:${t.seatNo}`).sort()).toEqual(cancelled.map((t) => `${t.session_id}:${t.seat_no}`).sort());

    const final = await liveTickets(id);
    checkSeats(final.live, sessions);
    expect(final.all.filter((t) => t.status === 'cancelled').map((t) => t.id).sort()).toEqual(cancelled.map((t) => t.id).sort());
    for (const t of again) expect(final.live.find((r) => r.code === t.code)?.id).toBe(t.id);
    for (const base of [a.baseUrl, b.baseUrl]) {
      const view = await call(base, `/api/v1/activities/${id}`, { token: tokens[0] });
      expect((view.json.sessions as Array<{ remaining: number }>).map((s) => s.remaining)).toEqual([0, 0]);
    }
  });

  /** The member app retries with the same key when an answer is lost; by then the session may have sold out. */
  it('replays the ticket to a retry of its key after the session sold out, on either process', async () => {
    const opensAt = Date.now() + 300;
    const created = await call(a.baseUrl, '/api/v1/admin/activities', {
      token: admin,
      body: {
        title: '重试幂等（售罄后）',
        windowStart: new Date(opensAt).toISOString(),
        windowEnd: new Date(opensAt + 3600_000).toISOString(),
        mode: 'fcfs',
        perMemberLimit: 1,
        sessions: [{ name: '唯一名额', startsAt: new Date(Date.now() + 86_400_000).toISOString(), capacity: 1 }],
      },
    });
    const id = created.json.id as string;
    const sessionId = (created.json.sessions as Array<{ id: string }> | undefined)?.[0]?.id;
    expect(created.status).toBe(201);
    expect((await call(a.baseUrl, `/api/v1/admin/activities/${id}/publish`, { method: 'POST', token: admin })).status).toBe(200);
    await new Promise((r) => setTimeout(r, opensAt - Date.now() + 100));
    const key = randomUUID();
    const first = await call(a.baseUrl, `/api/v1/activities/${id}/grab`, { token: tokens[RETRY_FIRST], body: { sessionId }, headers: { 'idempotency-key': key } });
    const late = await call(b.baseUrl, `/api/v1/activities/${id}/grab`, { token: tokens[RETRY_LATE], body: { sessionId }, headers: { 'idempotency-key': randomUUID() } });
    expect(first.status).toBe(201);
    expect(errorCode(late)).toBe('SOLD_OUT');
    await new Promise((r) => setTimeout(r, 300));
    for (const base of [a.baseUrl, b.baseUrl]) {
      const retry = await call(base, `/api/v1/activities/${id}/grab`, { token: tokens[RETRY_FIRST], body: { sessionId }, headers: { 'idempotency-key': key } });
      expect(retry.status === 201 ? 'the ticket' : errorCode(retry)).toBe('the ticket');
      expect(retry.json.id).toBe(first.json.id);
    }
  });
});
