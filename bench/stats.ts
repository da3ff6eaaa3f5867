/**
 * Statistics at province scale (issue 6): 2,000,000 members in 20,000 base unions on PostgreSQL.
 *
 *  1. Reads: the dashboard figures (GET /api/v1/admin/stats, through the HTTP layer) of the
 *     province, a city, a street and a base union; p50 / p95 of BENCH_READS sequential requests each.
 *     Target: p95 ≤ 50 ms each, and not growing with subtree size (province p95 / base p95 is printed).
 *  2. Ingestion: membership events through the state machine's set-based path (applyTransitions,
 *     as a union's deregistration uses: transfers, holds, joins from held, ends), BENCH_EVENTS of
 *     them over BENCH_WORKERS connections in transactions of BENCH_BATCH members, with the triggers
 *     and the rollup running; the same workload with the statistics triggers disabled is the
 *     baseline. Target: ≥ 5,000 events/s.
 *  3. reconcile afterwards: every aggregate equals a direct count (no difference).
 *
 * The data set is kept in database gh_bench_stats_<members> between runs (drop it to regenerate).
 * BENCH_MEMBERS / BENCH_BASE_UNIONS make it smaller.
 */
import { sql } from 'drizzle-orm';
import { buildApp } from '../apps/server/src/app.js';
import { queryRows } from '../apps/server/src/db/client.js';
import * as members from '../apps/server/src/modules/members/members.repository.js';
import { applyTransitions } from '../apps/server/src/modules/members/membership.service.js';
import { rebuild } from '../apps/server/src/modules/stats/stats.repository.js';
import { reconcile, rollupAll } from '../apps/server/src/modules/stats/stats.service.js';
import { openBenchDb, percentile, table } from './support.js';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 2_000_000);
const BASES = Number(process.env.BENCH_BASE_UNIONS ?? 20_000);
const READS = Number(process.env.BENCH_READS ?? 200);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 30_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 8);
const BATCH = Number(process.env.BENCH_BATCH ?? 50);
const log = (s: string) => process.stderr.write(`  ${s}\n`);

const bench = await openBenchDb(`stats_${MEMBERS}`);
const { ctx } = bench;
const count = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(ctx.db, q))[0]?.n ?? 0);

// ---- the data set: base unions under the demo's streets, members spread over them
const t0 = performance.now();
const haveBases = await count(sql`SELECT count(*)::int AS n FROM organizations WHERE name LIKE '统计单位%'`);
if (haveBases < BASES) {
  await ctx.db.execute(sql`
    WITH streets AS (SELECT id, path, depth, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS total FROM organizations WHERE level = 'street' AND status = 'active'),
    fresh AS (SELECT nextval(pg_get_serial_sequence('organizations', 'id')) AS id, g FROM generate_series(${haveBases}::int, ${BASES - 1}::int) AS g)
    INSERT INTO organizations (id, parent_id, name, level, type, status, path, depth, industry)
    SELECT f.id, s.id, '统计单位' || lpad(f.g::text, 6, '0') || '有限公司工会', 'base', 'base', 'active', s.path || f.id || '/', s.depth + 1,
           (ARRAY['制造业', '批发和零售业', '建筑业', '教育', '信息传输、软件和信息技术服务业'])[1 + f.g % 5]
    FROM fresh f JOIN streets s ON s.k = f.g % s.total`);
  log(`base unions: ${BASES} (${Math.round(performance.now() - t0)} ms)`);
}
const haveMembers = await count(sql`SELECT count(*)::int AS n FROM members WHERE card_no LIKE 'ST%'`);
if (haveMembers < MEMBERS) {
  // bulk load without the statistics trigger, then rebuild the aggregates from the source tables
  await ctx.db.execute(sql`ALTER TABLE members DISABLE TRIGGER members_stats`);
  await ctx.db.execute(sql`ALTER TABLE membership_events DISABLE TRIGGER membership_events_stats`);
  const bases = sql`(SELECT id, parent_id, row_number() OVER (ORDER BY id) - 1 AS k FROM organizations WHERE name LIKE '统计单位%')`;
  for (let from = haveMembers; from < MEMBERS; from += 200_000) {
    const to = Math.min(MEMBERS, from + 200_000) - 1;
    await ctx.db.execute(sql`
      WITH b AS ${bases}, nb AS (SELECT count(*) AS total FROM b)
      INSERT INTO members (name, id_number_hash, org_id, status, verification, card_no, gender, birth_date, industry, education, joined_at, held_since)
      SELECT '统计会员', 'st-' || g, CASE WHEN g % 20 = 1 THEN b.parent_id ELSE b.id END,
             CASE g % 20 WHEN 1 THEN 'held' WHEN 2 THEN 'pending' WHEN 3 THEN 'ended' ELSE 'active' END,
             CASE WHEN g % 10 = 0 THEN 'unverified' ELSE 'verified' END,
             'ST' || g, CASE WHEN g % 2 = 0 THEN 'male' ELSE 'female' END,
             date '1965-01-01' + (g % 14600), (ARRAY['制造业', '批发和零售业', '建筑业', '教育', '信息传输、软件和信息技术服务业', '居民服务业'])[1 + g % 6],
             (ARRAY['初中及以下', '高中/中专', '大专', '本科', '研究生'])[1 + g % 5], date '2010-01-01' + (g % 5000),
             CASE WHEN g % 20 = 1 THEN now() - (g % 300) * interval '1 day' END
      FROM generate_series(${from}::int, ${to}::int) AS g, nb JOIN b ON true WHERE b.k = g % nb.total`);
    // a year of history: one in ten joined within the last 365 days
    await ctx.db.execute(sql`
      INSERT INTO membership_events (member_id, kind, to_org_id, to_status, actor_type, actor_name, at)
      SELECT id, 'added', org_id, 'active', 'system', 'bench', now() - (abs(hashtext(id::text)) % 365) * interval '1 day'
      FROM members WHERE card_no LIKE 'ST%' AND substr(card_no, 3)::int BETWEEN ${from} AND ${to} AND substr(card_no, 3)::int % 10 = 4`);
    log(`members: ${to + 1} / ${MEMBERS} (${Math.round((performance.now() - t0) / 1000)} s)`);
  }
  await ctx.db.execute(sql`ALTER TABLE members ENABLE TRIGGER members_stats`);
  await ctx.db.execute(sql`ALTER TABLE membership_events ENABLE TRIGGER membership_events_stats`);
  const r0 = performance.now();
  await rebuild(ctx.db);
  log(`aggregates rebuilt from the source tables in ${Math.round(performance.now() - r0)} ms`);
  await ctx.db.execute(sql`VACUUM ANALYZE`);
}
const totalMembers = await count(sql`SELECT count(*)::int AS n FROM members`);
log(`data set ready: ${totalMembers} members, ${await count(sql`SELECT count(*)::int AS n FROM organizations WHERE level = 'base'`)} base unions (${Math.round((performance.now() - t0) / 1000)} s)`);

// ---- reads through the HTTP layer, as the province admin
const app = await buildApp(ctx, { serveApps: false });
const [gdAdmin] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM admins WHERE username = 'gd_admin'`);
const { token } = await ctx.sessions.create('admin', gdAdmin!.id, { ip: null, userAgent: null });
const orgOf = async (q: ReturnType<typeof sql>) => (await queryRows<{ id: number; name: string }>(ctx.db, q))[0]!;
const targets = [
  { scope: 'province', org: await orgOf(sql`SELECT id, name FROM organizations WHERE parent_id IS NULL`) },
  { scope: 'city', org: await orgOf(sql`SELECT id, name FROM organizations WHERE name = '广州市总工会'`) },
  { scope: 'street', org: await orgOf(sql`SELECT o.id, o.name FROM organizations o WHERE level = 'street' ORDER BY (SELECT count(*) FROM organizations c WHERE c.parent_id = o.id) DESC LIMIT 1`) },
  { scope: 'base union', org: await orgOf(sql`SELECT id, name FROM organizations WHERE name LIKE '统计单位%' ORDER BY id LIMIT 1`) },
];
const readRows: Array<Record<string, string | number>> = [];
const p95s: Record<string, number> = {};
for (const t of targets) {
  const url = `/api/v1/admin/stats?orgId=${t.org.id}`;
  for (let i = 0; i < 10; i++) await app.inject({ url, headers: { authorization: `Bearer ${token}` } });
  const times: number[] = [];
  let body = '';
  for (let i = 0; i < READS; i++) {
    const s = performance.now();
    const r = await app.inject({ url, headers: { authorization: `Bearer ${token}` } });
    times.push(performance.now() - s);
    if (r.statusCode !== 200) throw new Error(`stats ${t.scope}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    body = r.body;
  }
  times.sort((a, b) => a - b);
  const members = (JSON.parse(body) as { members: { total: number } }).members.total;
  p95s[t.scope] = percentile(times, 95);
  readRows.push({ scope: t.scope, organization: t.org.name, members, 'p50 ms': percentile(times, 50).toFixed(1), 'p95 ms': percentile(times, 95).toFixed(1) });
}
table(readRows);

// ---- ingestion through the membership state machine, with and without the statistics triggers
const actor = { type: 'system' as const, id: null, name: 'bench' };
const baseRows = await queryRows<{ id: number; parent_id: number }>(ctx.db, sql`SELECT id, parent_id FROM organizations WHERE name LIKE '统计单位%' ORDER BY id`);
const baseIds = baseRows.map((r) => Number(r.id));
const parentOf = new Map(baseRows.map((r) => [Number(r.id), Number(r.parent_id)]));
async function ingest(label: string, n: number): Promise<{ events: number; perSecond: number; lagMs: number }> {
  // candidates: active and held members, picked apart so workers never wait on each other's rows
  const pool = await queryRows<{ id: string; status: string }>(ctx.db, sql`SELECT id, status FROM members WHERE card_no LIKE 'ST%' AND status IN ('active', 'held') ORDER BY md5(id::text || ${label}) LIMIT ${n}`);
  const before = await count(sql`SELECT count(*)::int AS n FROM membership_events`);
  let next = 0;
  let seq = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < pool.length) {
      const batch = pool.slice(next, (next += BATCH));
      await ctx.db.transaction(async (tx) => {
        const locked = await members.findMembersForUpdate(tx, batch.map((p) => p.id));
        const items = locked.map((m) => {
          const k = seq++ % 10;
          const to = baseIds[(seq * 7919) % baseIds.length]!;
          if (m.status === 'held') return k < 7 ? { member: m, action: 'join_from_held' as const, toOrgId: to } : { member: m, action: 'end' as const };
          return k < 6 ? { member: m, action: 'transfer' as const, toOrgId: to } : k < 8 ? { member: m, action: 'hold' as const, toOrgId: parentOf.get(m.orgId!) ?? m.orgId } : { member: m, action: 'end' as const };
        });
        await applyTransitions(tx, items, actor);
      });
    }
  };
  const rollups = (async () => {
    while (next < pool.length) {
      await rollupAll(ctx);
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  await Promise.all(Array.from({ length: WORKERS }, worker));
  const seconds = (performance.now() - started) / 1000;
  await rollups;
  // how long after the last event the aggregates held everything (the reads were exact all along)
  const behind = performance.now();
  await rollupAll(ctx);
  const lagMs = performance.now() - started - seconds * 1000;
  const events = (await count(sql`SELECT count(*)::int AS n FROM membership_events`)) - before;
  log(`${label}: ${events} events in ${seconds.toFixed(1)} s; rolled up ${Math.round(lagMs)} ms after the last (${Math.round(performance.now() - behind)} ms for the rest)`);
  return { events, perSecond: events / seconds, lagMs };
}
await ctx.db.execute(sql`ALTER TABLE members DISABLE TRIGGER members_stats`);
await ctx.db.execute(sql`ALTER TABLE membership_events DISABLE TRIGGER membership_events_stats`);
const baseline = await ingest('baseline (statistics triggers off)', Math.min(EVENTS, 20_000));
await ctx.db.execute(sql`ALTER TABLE members ENABLE TRIGGER members_stats`);
await ctx.db.execute(sql`ALTER TABLE membership_events ENABLE TRIGGER membership_events_stats`);
// the baseline's changes went around the triggers: rebuild so the aggregates start from the truth
const rb = performance.now();
await rebuild(ctx.db);
const rebuildMs = performance.now() - rb;
const withStats = await ingest('with statistics', EVENTS);
const ro = performance.now();
const rolled = await rollupAll(ctx);
const rollupMs = performance.now() - ro;
const rc = performance.now();
const differences = await reconcile(ctx, 100);
const reconcileMs = performance.now() - rc;
table([
  { run: 'baseline: triggers off', events: baseline.events, 'events/s': Math.round(baseline.perSecond) },
  { run: 'with statistics (triggers + rollup)', events: withStats.events, 'events/s': Math.round(withStats.perSecond) },
]);
log(`final rollup: ${rolled} rows in ${Math.round(rollupMs)} ms; reconcile: ${differences.length} difference(s) in ${Math.round(reconcileMs)} ms; a full rebuild takes ${Math.round(rebuildMs)} ms`);

await app.close();
await ctx.grab.close();
await bench.close();

const targetsMet = Object.values(p95s).every((p) => p <= 50) && withStats.perSecond >= 5000 && differences.length === 0;
console.log(
  JSON.stringify({
    bench: 'stats',
    members: totalMembers,
    base_unions: baseIds.length,
    read_p95_ms: Object.fromEntries(Object.entries(p95s).map(([k, v]) => [k, Math.round(v * 10) / 10])),
    province_over_base_p95: Math.round((p95s.province! / p95s['base union']!) * 100) / 100,
    events_per_second: Math.round(withStats.perSecond),
    rollup_lag_ms: Math.round(withStats.lagMs),
    baseline_events_per_second: Math.round(baseline.perSecond),
    reconcile_differences: differences.length,
    reconcile_ms: Math.round(reconcileMs),
    rebuild_ms: Math.round(rebuildMs),
    targets_met: targetsMet,
  }),
);
process.exit(0);
