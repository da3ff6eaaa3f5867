/**
 * The grab at 9:00:00 (issue 5): 100,000 distinct verified members grab 5,000 tickets over 2,000
 * concurrent connections against one server process; in the same run the same load on
 * `GET /api/health` of that server is the baseline. Then the same with two server processes
 * sharing PostgreSQL and Redis.
 *
 * Targets (one process): grab requests/s ≥ 60% of the baseline's; p99 ≤ 250 ms; exactly 5,000
 * allocations; ≥ 3,000 durable allocations/s. Needs PostgreSQL (DATABASE_URL, default the local
 * test server) and, for the two-process part, Redis (REDIS_URL, default the local one).
 * BENCH_MEMBERS, BENCH_TICKETS, BENCH_CONNECTIONS override the sizes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { queryRows } from '../apps/server/src/db/client.js';
import { insertActivity } from '../apps/server/src/modules/activities/activities.repository.js';
import { openBenchDb, table } from './support.js';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 5_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 2_000);
const SESSIONS = 5;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (s: string) => process.stderr.write(`  ${s}\n`);

const bench = await openBenchDb(`grab_${MEMBERS}`);
const { ctx } = bench;
const dbUrl = (() => {
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `/gh_bench_grab_${MEMBERS}`;
  return u.toString();
})();

// ---- members: verified, active, in one base union of 广州, each with a login and a fresh session
const [org] = await queryRows<{ id: number; path: string }>(ctx.db, sql`SELECT id, path FROM organizations WHERE name = '广州华师科技有限公司工会'`);
const [{ n: have } = { n: 0 }] = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM accounts WHERE phone_hash LIKE 'benchgrab-%'`);
const t0 = performance.now();
for (let from = Number(have); from < MEMBERS; from += 10_000) {
  const rows = Array.from({ length: Math.min(10_000, MEMBERS - from) }, (_, i) => ({ i: from + i }));
  await ctx.db.execute(sql`
    WITH a AS (
      INSERT INTO accounts (phone_enc, phone_hash, password_hash)
      SELECT 'bench', 'benchgrab-' || i, 'x' FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(i int)
      RETURNING id, phone_hash
    )
    INSERT INTO members (account_id, name, id_number_hash, org_id, status, verification, card_no, joined_at, industry)
    SELECT a.id, '抢票会员', a.phone_hash, ${org!.id}, 'active', 'verified', 'BG' || substr(a.phone_hash, 11), '2019-01-01', '制造业' FROM a`);
  log(`members: ${Math.min(MEMBERS, from + 10_000)} / ${MEMBERS}`);
}
const accountIds = (await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM accounts WHERE phone_hash LIKE 'benchgrab-%' ORDER BY phone_hash LIMIT ${MEMBERS}`)).map((r) => r.id);
const tokens = accountIds.map(() => randomBytes(24).toString('base64url'));
for (let i = 0; i < accountIds.length; i += 10_000) {
  const rows = accountIds.slice(i, i + 10_000).map((id, j) => ({ id: createHash('sha256').update(tokens[i + j]!).digest('hex'), s: id }));
  await ctx.db.execute(sql`
    INSERT INTO sessions (id, subject_type, subject_id, expires_at)
    SELECT id, 'member', s, now() + interval '1 day' FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(id text, s uuid)`);
}
await ctx.db.execute(sql`ANALYZE`);
const setupSeconds = (performance.now() - t0) / 1000;
log(`set-up: ${setupSeconds.toFixed(1)} s`);

async function newActivity(label: string): Promise<{ id: number; sessions: number[] }> {
  const now = Date.now();
  const id = await insertActivity(
    ctx.db,
    {
      orgId: org!.id,
      orgPath: org!.path,
      title: `平安返乡专列 ${label}`,
      audience: { orgIds: [], industries: [], minSeniorityYears: null, minAge: null, maxAge: null, hometownProvinces: [] },
      windowStart: new Date(now - 1000),
      windowEnd: new Date(now + 3600_000),
      mode: 'fcfs',
      status: 'published',
      publishedAt: new Date(),
    },
    Array.from({ length: SESSIONS }, (_, i) => ({ name: `G60${20 + i} 深圳北→长沙南`, startsAt: new Date(now + 86_400_000), capacity: TICKETS / SESSIONS })),
  );
  const sessions = (await queryRows<{ id: number }>(ctx.db, sql`SELECT id FROM activity_sessions WHERE activity_id = ${id} ORDER BY position`)).map((r) => r.id);
  return { id, sessions };
}

// ---- server processes
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}
async function startServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // BENCH_PROFILE_DIR: write a V8 CPU profile of each server process there (for finding hot spots).
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'gh-bench-grab-')),
      DATABASE_URL: dbUrl,
      DATABASE_POOL_SIZE: '12',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      SERVE_APPS: 'false',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      HELD_REMINDER_INTERVAL_MINUTES: '0',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error('server exited');
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, child };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not start');
}
const stop = async (c: ChildProcess) => {
  c.kill('SIGTERM');
  await new Promise((r) => c.once('exit', r));
};

interface Load {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  status: Record<string, number>;
  seconds: number;
  /** First and last 201 answer, as the clients saw them. */
  created: { first: number; last: number; count: number; times: number[] };
}
/** One autocannon run per target URL at once, the connections split between them. */
async function load(targets: string[], build: (target: number) => autocannon.Request): Promise<Load> {
  const perTarget = Math.floor(CONNECTIONS / targets.length);
  const amount = Math.floor(MEMBERS / targets.length);
  const started = performance.now();
  const created = { first: Infinity, last: 0, count: 0, times: [] as number[] };
  const errorKinds: Record<string, number> = {};
  const results = await Promise.all(
    targets.map(
      (url, t) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon({ url, connections: perTarget, amount, timeout: 30, requests: [build(t)] }, (err, res) => (err ? reject(err) : resolve(res)));
          instance.on('reqError', (e: Error & { code?: string }) => {
            const k = e.code ?? e.message;
            errorKinds[k] = (errorKinds[k] ?? 0) + 1;
          });
          instance.on('response', (_client: unknown, statusCode: number) => {
            if (statusCode !== 201) return;
            const now = performance.now();
            created.first = Math.min(created.first, now);
            created.last = Math.max(created.last, now);
            created.count++;
            created.times.push(now);
          });
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  if (Object.keys(errorKinds).length) log(`client errors: ${JSON.stringify(errorKinds)}`);
  const requests = results.reduce((n, r) => n + r.requests.total, 0);
  const status: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r as unknown as Record<string, unknown>)) if (/^\dxx$/.test(k) && typeof v === 'number') status[k] = (status[k] ?? 0) + v;
  return {
    rps: requests / seconds,
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    requests,
    errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
    status,
    seconds,
    created,
  };
}

async function phase(label: string, servers: string[]): Promise<{ baseline: Load; grab: Load; allocations: number; durablePerSecond: number; seatsUnique: boolean }> {
  const activity = await newActivity(label);
  // Before 9:00:00 every member has the activity page open (the countdown): their sessions and
  // eligibility are warm, as they are in real life. Not measured.
  let viewer = 0;
  const warm = await load(servers, () => ({
    method: 'GET',
    path: `/api/v1/activities/${activity.id}`,
    setupRequest: (req) => ({ ...req, headers: { authorization: `Bearer ${tokens[viewer++ % tokens.length]}` } }),
  }));
  log(`${label}: ${warm.requests} members opened the activity page (${Math.round(warm.rps)} req/s)`);
  await load(servers, () => ({ method: 'GET', path: '/api/health' }));
  const baseline = await load(servers, () => ({ method: 'GET', path: '/api/health' }));
  log(`${label}: baseline ${Math.round(baseline.rps)} req/s`);
  let next = 0;
  const started = performance.now();
  const grab = await load(servers, () => ({
    method: 'POST',
    path: `/api/v1/activities/${activity.id}/grab`,
    setupRequest: (req) => {
      const i = next++ % tokens.length;
      return {
        ...req,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i]}`, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ sessionId: String(activity.sessions[i % SESSIONS]) }),
      };
    },
  }));
  log(`${label}: grab ${Math.round(grab.rps)} req/s; errors ${grab.errors}`);
  const times = grab.created.times.sort((x, y) => x - y).map((t) => Math.round(t - started));
  log(`${label}: 201s at ms after start: first ${times[0]}, 10% ${times[Math.floor(times.length * 0.1)]}, 50% ${times[Math.floor(times.length * 0.5)]}, 90% ${times[Math.floor(times.length * 0.9)]}, 99% ${times[Math.floor(times.length * 0.99)]}, last ${times.at(-1)}`);
  const [row] = await queryRows<{ n: number; seats: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS n, count(DISTINCT (session_id, seat_no))::int AS seats FROM tickets WHERE activity_id = ${activity.id} AND status <> 'cancelled'`,
  );
  // Durable allocations per second: a 201 is sent only after the ticket's insert committed, so the
  // span between the first and the last 201 bounds the time the allocations took to become durable.
  const span = (grab.created.last - grab.created.first) / 1000;
  return { baseline, grab, allocations: row!.n, durablePerSecond: span > 0 ? grab.created.count / span : grab.created.count, seatsUnique: row!.seats === row!.n };
}

// ---- one process (in-process gate), then two processes sharing Redis and PostgreSQL
const one = await startServer({});
const single = await phase('one process', [one.url]);
await stop(one.child);

const prefix = `benchgrab${randomBytes(3).toString('hex')}:`;
const a = await startServer({ REDIS_URL, REDIS_KEY_PREFIX: prefix });
const b = await startServer({ REDIS_URL, REDIS_KEY_PREFIX: prefix });
const double = await phase('two processes', [a.url, b.url]);
await Promise.all([stop(a.child), stop(b.child)]);
await bench.close();

const row = (name: string, r: typeof single) => ({
  setup: name,
  'baseline req/s': Math.round(r.baseline.rps),
  'grab req/s': Math.round(r.grab.rps),
  ratio: `${Math.round((r.grab.rps / r.baseline.rps) * 100)}%`,
  'grab p50 ms': r.grab.p50,
  'grab p99 ms': r.grab.p99,
  allocations: r.allocations,
  'durable alloc/s': Math.round(r.durablePerSecond),
  'errors+timeouts': r.grab.errors,
});
table([row('1 process (memory gate)', single), row('2 processes (Redis gate)', double)]);

const ratio = single.grab.rps / single.baseline.rps;
const targets_met = ratio >= 0.6 && single.grab.p99 <= 250 && single.allocations === TICKETS && single.seatsUnique && single.durablePerSecond >= 3000 && double.allocations === TICKETS && double.seatsUnique;
console.log(
  JSON.stringify({
    benchmark: 'grab',
    members: MEMBERS,
    tickets: TICKETS,
    connections: CONNECTIONS,
    one_process: { baseline_rps: Math.round(single.baseline.rps), grab_rps: Math.round(single.grab.rps), ratio: Number(ratio.toFixed(3)), grab_p99_ms: single.grab.p99, baseline_p99_ms: single.baseline.p99, allocations: single.allocations, durable_allocations_per_s: Math.round(single.durablePerSecond), status: single.grab.status, errors: single.grab.errors },
    two_processes: { baseline_rps: Math.round(double.baseline.rps), grab_rps: Math.round(double.grab.rps), ratio: Number((double.grab.rps / double.baseline.rps).toFixed(3)), grab_p99_ms: double.grab.p99, allocations: double.allocations, durable_allocations_per_s: Math.round(double.durablePerSecond), status: double.grab.status, errors: double.grab.errors },
    setup_seconds: Number(setupSeconds.toFixed(1)),
    targets_met,
  }),
);
process.exit(0);
