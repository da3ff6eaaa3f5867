/**
 * A server process killed with SIGKILL in the middle of a grab burst, then restarted on the same
 * data (the embedded default, or PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set): every
 * ticket a member was told about is in the database, no seat is sold twice, and once the grab goes
 * on, the allocations are exactly the capacity.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServer, type RunningServer } from './support/server.js';

const MEMBERS = 150;
const CAPACITY = 60;
let server: RunningServer;
let admin: string;
const tokens: string[] = [];

const api = async (path: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
  const r = await fetch(`${server.baseUrl}${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers },
    body: init.body ? JSON.stringify(init.body) : null,
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  server = await startServer({ RATE_LIMIT_AUTH_PER_MINUTE: '100000', HELD_REMINDER_INTERVAL_MINUTES: '0' });
  // Members with logins, made by the operator's seed command while the server is stopped.
  await server.kill('SIGTERM');
  await new Promise<void>((resolve, reject) => {
    const cli = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', 'seed', '--members', String(MEMBERS)], { cwd: ROOT, env: server.env, stdio: 'ignore' });
    cli.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed exited ${code}`))));
  });
  await server.restart();
  for (let i = 0; i < MEMBERS; i++) {
    const r = await api('/api/v1/auth/login', { body: { phone: String(17000000000 + i), password: 'Member@2026' } });
    expect(r.status).toBe(200);
    tokens.push(r.json.token as string);
  }
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32('GDADMINXDEMOXTOTPXSECRETXGDADMIN') }).generate();
  admin = (await api('/api/v1/admin/auth/login', { body: { username: 'gd_admin', password: 'Admin@2026', totp } })).json.token as string;
}, 300_000);
afterAll(async () => {
  await server?.stop();
});

describe('a grab survives SIGKILL', () => {
  it('keeps every told ticket, sells no seat twice, and ends at exactly the capacity', async () => {
    const now = Date.now();
    const created = await api('/api/v1/admin/activities', {
      token: admin,
      body: {
        title: '平安返乡专列（崩溃测试）',
        windowStart: new Date(now - 1000).toISOString(),
        windowEnd: new Date(now + 3600_000).toISOString(),
        mode: 'fcfs',
        sessions: [{ name: 'G6020 深圳北→长沙南', startsAt: new Date(now + 86_400_000).toISOString(), capacity: CAPACITY }],
      },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const sessionId = (created.json.sessions as Array<{ id: string }>)[0]!.id;
    expect((await api(`/api/v1/admin/activities/${id}/publish`, { method: 'POST', token: admin })).status).toBe(200);

    // The burst; the process dies while it is being answered.
    const told: Array<{ id: string; seatNo: number; i: number }> = [];
    const keys = tokens.map(() => randomUUID());
    const burst = tokens.map((t, i) =>
      api(`/api/v1/activities/${id}/grab`, { token: t, body: { sessionId }, headers: { 'idempotency-key': keys[i]! } })
        .then((r) => {
          if (r.status === 201) told.push({ id: String(r.json.id), seatNo: Number(r.json.seatNo), i });
        })
        .catch(() => undefined),
    );
    // kill it as soon as a few members have been told they have a ticket
    for (let waited = 0; told.length < 5 && waited < 5000; waited += 5) await new Promise((r) => setTimeout(r, 5));
    await server.kill('SIGKILL');
    await Promise.all(burst);
    await server.restart();

    const list = async () => (await api(`/api/v1/admin/activities/${id}/tickets?pageSize=100`, { token: admin })).json.items as Array<{ id: string; seatNo: number; status: string }>;
    const afterCrash = await list();
    expect(told.length).toBeGreaterThan(0);
    for (const t of told) expect(afterCrash.some((x) => x.id === t.id && x.seatNo === t.seatNo), `ticket ${t.id} was told but is gone`).toBe(true);
    expect(new Set(afterCrash.map((t) => t.seatNo)).size).toBe(afterCrash.length);
    expect(afterCrash.length).toBeLessThanOrEqual(CAPACITY);

    // Every client retries with its Idempotency-Key (most never heard an answer): a request whose
    // ticket is in the database gets that ticket, whether or not it was told before the kill.
    const retried = await Promise.all(tokens.map((t, i) => api(`/api/v1/activities/${id}/grab`, { token: t, body: { sessionId }, headers: { 'idempotency-key': keys[i]! } })));
    for (const t of told) expect([retried[t.i]!.status, String(retried[t.i]!.json.id)]).toEqual([201, t.id]);
    const answered = new Set(retried.filter((r) => r.status === 201).map((r) => String(r.json.id)));
    for (const t of afterCrash) expect(answered.has(t.id), `ticket ${t.id}: its request, retried, did not get it`).toBe(true);

    // The grab goes on after the restart: the gate is rebuilt from the database.
    const again = await Promise.all(tokens.map((t) => api(`/api/v1/activities/${id}/grab`, { token: t, body: { sessionId }, headers: { 'idempotency-key': randomUUID() } })));
    expect(again.every((r) => [201, 409].includes(r.status))).toBe(true);
    const final = await list();
    expect(final).toHaveLength(CAPACITY);
    expect(new Set(final.map((t) => t.seatNo)).size).toBe(CAPACITY);
    expect(final.every((t) => t.seatNo >= 1 && t.seatNo <= CAPACITY)).toBe(true);
    const live = (await api(`/api/v1/admin/activities/${id}/live`, { token: admin })).json as { sessions: Array<{ remaining: number; allocated: number }> };
    expect(live.sessions[0]).toMatchObject({ remaining: 0, allocated: CAPACITY });
    // nobody holds two
    const members = await Promise.all(tokens.map(async (t) => ((await api('/api/v1/me/tickets', { token: t })).json.items as Array<{ activityId: string; status: string }>).filter((x) => x.activityId === id && x.status !== 'cancelled').length));
    expect(Math.max(...members)).toBe(1);
    expect(members.reduce((a, b) => a + b, 0)).toBe(CAPACITY);
    console.warn(`told before SIGKILL: ${told.length}; in the database after restart: ${afterCrash.length}`);
  });
});
