/**
 * The statistics are the union's official numbers: after any sequence of membership events,
 * imports, transfers and deregistrations (a seeded, randomised property test through the real code
 * paths), with or without rollups in between, reconcile finds no difference and every figure of the
 * province, a city and a base union equals a direct count from the source tables.
 */
import { MEMBER_STATUSES, type Stats } from '@gonghui/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from '../../platform/spreadsheets/exceljs.js';
import { queryRows } from '../../db/client.js';
import { rng } from '../../db/seed/fixtures.js';
import { bearer, createHarness, loginAdmin, loginMember, type Harness } from '../../test/harness.js';
import { freshIdNumber, multipartFile } from '../../test/journey-helpers.js';
import * as members from '../members/members.repository.js';
import { applyTransition } from '../members/membership.service.js';
import { rebuild } from './stats.repository.js';
import { chinaDate, periodOf, periodsBetween, reconcile, rollupAll } from './stats.service.js';

let h: Harness;
let gd: string;
let gz: string;
const ids: Record<string, number> = {};
beforeAll(async () => {
  h = await createHarness({ env: { STATS_ROLLUP_INTERVAL_MS: '0' } });
  gd = await loginAdmin(h, 'gd_admin');
  gz = await loginAdmin(h, 'gz_admin');
  for (const name of ['广东省总工会', '广州市总工会', '深圳市总工会', '广州华师科技有限公司工会', '广州市能婴贸易有限公司工会']) {
    ids[name] = Number((await queryRows<{ id: number }>(h.ctx.db, sql`SELECT id FROM organizations WHERE name = ${name}`))[0]!.id);
  }
});
afterAll(() => h.close());

const get = (token: string, url: string) => h.app.inject({ method: 'GET', url, headers: bearer(token) });
const call = (token: string, method: 'POST' | 'PATCH', url: string, payload: object) => h.app.inject({ method, url, headers: bearer(token), payload });

/** Direct counts of a subtree, written independently of the statistics' SQL. */
async function direct(orgId: number) {
  const [{ path }] = (await queryRows<{ path: string }>(h.ctx.db, sql`SELECT path FROM organizations WHERE id = ${orgId}`)) as [{ path: string }];
  const like = `${path}%`;
  const byStatus = await queryRows<{ status: string; n: number }>(h.ctx.db, sql`SELECT status, count(*)::int AS n FROM members WHERE org_path LIKE ${like} GROUP BY status`);
  const [v] = await queryRows<{ n: number }>(h.ctx.db, sql`SELECT count(*)::int AS n FROM members WHERE org_path LIKE ${like} AND status IN ('active', 'held') AND verification = 'verified'`);
  const industry = await queryRows<{ k: string; n: number }>(h.ctx.db, sql`SELECT coalesce(industry, '') AS k, count(*)::int AS n FROM members WHERE org_path LIKE ${like} AND status IN ('active', 'held') GROUP BY 1`);
  const gender = await queryRows<{ k: string; n: number }>(h.ctx.db, sql`SELECT coalesce(gender, '') AS k, count(*)::int AS n FROM members WHERE org_path LIKE ${like} AND status IN ('active', 'held') GROUP BY 1`);
  const orgs = await queryRows<{ k: string; n: number }>(h.ctx.db, sql`SELECT level AS k, count(*)::int AS n FROM organizations WHERE path LIKE ${like} AND status = 'active' GROUP BY 1`);
  const cadres = await queryRows<{ k: string; n: number }>(h.ctx.db, sql`SELECT position AS k, count(*)::int AS n FROM cadres WHERE org_path LIKE ${like} AND status = 'serving' GROUP BY 1`);
  // joins of the last 30 days where they joined; ends where they ended (China dates)
  const from = new Date(Date.now() - 29 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
  const [flows] = await queryRows<{ joins: number; leaves: number; held: number }>(
    h.ctx.db,
    sql`SELECT
          count(*) FILTER (WHERE e.kind IN ('added', 'joined') AND e.to_status = 'active' AND t.path LIKE ${like})::int AS joins,
          count(*) FILTER (WHERE e.kind = 'ended' AND f.path LIKE ${like})::int AS leaves,
          count(*) FILTER (WHERE e.kind IN ('held', 'org_deregistered') AND e.to_status = 'held' AND f.path LIKE ${like})::int AS held
        FROM membership_events e LEFT JOIN organizations f ON f.id = e.from_org_id LEFT JOIN organizations t ON t.id = e.to_org_id
        WHERE (e.at AT TIME ZONE 'Asia/Shanghai')::date >= ${from}::date`,
  );
  const [moves] = await queryRows<{ ins: number; outs: number }>(
    h.ctx.db,
    sql`SELECT count(*) FILTER (WHERE t.path LIKE ${like} AND f.path NOT LIKE ${like})::int AS ins, count(*) FILTER (WHERE f.path LIKE ${like} AND t.path NOT LIKE ${like})::int AS outs
        FROM membership_events e JOIN organizations f ON f.id = e.from_org_id JOIN organizations t ON t.id = e.to_org_id
        WHERE e.kind = 'transferred_in' AND (e.at AT TIME ZONE 'Asia/Shanghai')::date >= ${from}::date`,
  );
  const toMap = (rows: Array<{ k: string; n: number }>) => Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
  return {
    byStatus: Object.fromEntries(MEMBER_STATUSES.map((s) => [s, Number(byStatus.find((r) => r.status === s)?.n ?? 0)])),
    verified: Number(v!.n),
    industry: toMap(industry),
    gender: toMap(gender),
    orgLevels: toMap(orgs),
    cadres: toMap(cadres),
    flows: { joins: Number(flows!.joins), leaves: Number(flows!.leaves), held: Number(flows!.held), transfersIn: Number(moves!.ins), transfersOut: Number(moves!.outs) },
  };
}

async function assertFiguresMatch(orgId: number) {
  const res = await get(gd, `/api/v1/admin/stats?orgId=${orgId}`);
  expect(res.statusCode, res.body).toBe(200);
  const s = res.json() as Stats;
  const d = await direct(orgId);
  const toMap = (rows: Array<{ key: string; n: number }>) => Object.fromEntries(rows.filter((r) => r.n).map((r) => [r.key, r.n]));
  expect(s.members.byStatus).toEqual(d.byStatus);
  expect(s.members.verified).toBe(d.verified);
  expect(toMap(s.composition.industry)).toEqual(d.industry);
  expect(toMap(s.composition.gender)).toEqual(d.gender);
  expect(toMap(s.orgs.byLevel)).toEqual(d.orgLevels);
  expect(toMap(s.cadres.byPosition)).toEqual(d.cadres);
  const { joins, leaves, held, transfersIn, transfersOut } = s.flows.totals;
  expect({ joins, leaves, held, transfersIn, transfersOut }).toEqual(d.flows);
}

describe('statistics', () => {
  it('start equal to a direct count (the migration backfilled, the demo went through the triggers)', async () => {
    expect(await reconcile(h.ctx)).toEqual([]);
    await rollupAll(h.ctx);
    expect(await reconcile(h.ctx)).toEqual([]);
    for (const name of ['广东省总工会', '广州市总工会', '广州华师科技有限公司工会']) await assertFiguresMatch(ids[name]!);
  });

  it('counts a card checked at a union counter as participation in membership services', async () => {
    const member = await loginMember(h);
    const card = (await get(member, '/api/v1/me/card')).json();
    const union = ids['广州市能婴贸易有限公司工会']!;
    const before = ((await get(gd, `/api/v1/admin/stats?orgId=${union}`)).json() as Stats).participation.bySource.find((p) => p.source === 'membership')?.n ?? 0;
    expect((await call(gz, 'POST', '/api/v1/admin/cards/check', { token: card.token })).json().result).toBe('valid');
    const after = (await get(gd, `/api/v1/admin/stats?orgId=${union}`)).json() as Stats;
    expect(after.participation.bySource.find((p) => p.source === 'membership' && p.action === 'card_checked')?.n).toBe(before + 1);
    expect(after.participation.top.find((t) => t.source === 'membership')?.title).toBe('广州市总工会');
    expect(await reconcile(h.ctx)).toEqual([]);
  });

  it('counts tickets and lottery entries written many to a statement (statement triggers) as activity participation', async () => {
    const [fcfs] = await queryRows<{ id: number; session: number }>(h.ctx.db, sql`SELECT a.id, s.id AS session FROM activities a JOIN activity_sessions s ON s.activity_id = a.id WHERE a.mode = 'fcfs' ORDER BY a.id LIMIT 1`);
    const [lottery] = await queryRows<{ id: number; session: number }>(h.ctx.db, sql`SELECT a.id, s.id AS session FROM activities a JOIN activity_sessions s ON s.activity_id = a.id WHERE a.mode = 'lottery' ORDER BY a.id LIMIT 1`);
    const who = await queryRows<{ id: string }>(h.ctx.db, sql`SELECT id FROM members m WHERE org_path IS NOT NULL AND status = 'active' AND NOT EXISTS (SELECT 1 FROM lottery_entries e WHERE e.member_id = m.id) ORDER BY id LIMIT 4`);
    const count = async (action: string) => Number((await queryRows<{ n: number }>(h.ctx.db, sql`SELECT count(*) AS n FROM participations WHERE source = 'activity' AND action = ${action}`))[0]!.n);
    const before = { ticket: await count('ticket'), checkedIn: await count('checked_in'), entered: await count('entered') };
    // one statement: three tickets, one of them already checked in (as an import of a past event would be)
    await h.ctx.db.execute(sql`
      INSERT INTO tickets (activity_id, session_id, member_id, n, seat_no, code, status, checked_in_at)
      SELECT ${fcfs!.id}, ${fcfs!.session}, x.m::uuid, 901, 90000 + x.k, 'TSTAT' || x.k, CASE WHEN x.k = 1 THEN 'checked_in' ELSE 'active' END, CASE WHEN x.k = 1 THEN now() END
      FROM json_to_recordset(${JSON.stringify(who.slice(0, 3).map((m, k) => ({ m: m.id, k })))}::json) AS x(m text, k int)`);
    // a check-in afterwards goes through the row trigger
    await h.ctx.db.execute(sql`UPDATE tickets SET status = 'checked_in', checked_in_at = now() WHERE code = 'TSTAT2'`);
    const inserted = await queryRows<{ id: number }>(
      h.ctx.db,
      sql`INSERT INTO lottery_entries (activity_id, session_id, member_id)
          SELECT ${lottery!.id}, ${lottery!.session}, x.m::uuid FROM json_to_recordset(${JSON.stringify(who.slice(1, 4).map((m) => ({ m: m.id })))}::json) AS x(m text)
          ON CONFLICT DO NOTHING RETURNING id`,
    );
    expect(inserted.length).toBe(3);
    expect(await count('ticket')).toBe(before.ticket + 3);
    expect(await count('checked_in')).toBe(before.checkedIn + 2);
    expect(await count('entered')).toBe(before.entered + inserted.length);
    expect(await reconcile(h.ctx)).toEqual([]);
    await rollupAll(h.ctx);
    expect(await reconcile(h.ctx)).toEqual([]);
    await h.ctx.db.execute(sql`DELETE FROM participations WHERE source = 'activity' AND subject_id = ${String(fcfs!.id)} AND member_id IN (${sql.join(who.slice(0, 3).map((m) => sql`${m.id}::uuid`), sql`, `)}) AND at > now() - interval '1 minute'`);
    await h.ctx.db.execute(sql`DELETE FROM tickets WHERE code LIKE 'TSTAT%'`);
    expect(await reconcile(h.ctx)).toEqual([]);
  });

  it('stay equal after randomised membership events, imports, transfers and deregistrations', async () => {
    const SEED = Number(process.env.STATS_PROPERTY_SEED ?? 20261128);
    const rand = rng(SEED);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const bases = (await queryRows<{ id: number }>(h.ctx.db, sql`SELECT id FROM organizations WHERE level = 'base' AND status = 'active' ORDER BY id LIMIT 12`)).map((r) => Number(r.id));
    const actor = { type: 'system' as const, id: null, name: 'property-test' };
    const transition = (memberId: string, action: Parameters<typeof applyTransition>[1]['action'], toOrgId?: number) =>
      h.ctx.db.transaction(async (tx) => {
        const m = (await members.findMemberById(tx, memberId, { forUpdate: true }))!;
        await applyTransition(tx, { member: m, action, ...(toOrgId === undefined ? {} : { toOrgId }), actor });
      });
    const someMember = async (status: string) => (await queryRows<{ id: string }>(h.ctx.db, sql`SELECT id FROM members WHERE status = ${status} AND org_id = ANY(${`{${bases.join(',')}}`}::bigint[]) ORDER BY md5(id::text || ${String(rand())}) LIMIT 1`))[0]?.id;
    const log: string[] = [];
    let imported = 0;
    let deregistered = false;
    for (let step = 0; step < 70; step++) {
      const op = pick(['add', 'add', 'transfer', 'transfer', 'hold', 'rejoin', 'end', 'edit', 'apply', 'rollup', 'import', 'deregister', 'participate']);
      log.push(op);
      if (op === 'add') {
        const res = await call(gd, 'POST', '/api/v1/admin/members', { orgId: String(pick(bases)), idNumber: freshIdNumber('440106', `19${70 + Math.floor(rand() * 30)}0${1 + Math.floor(rand() * 9)}15`), name: `统计${step}`, industry: pick(['制造业', '教育', null]), education: pick(['本科', '大专', null]) });
        expect(res.statusCode, res.body).toBe(201);
      } else if (op === 'transfer') {
        const id = await someMember('active');
        if (id) await transition(id, 'transfer', pick(bases));
      } else if (op === 'hold') {
        const id = await someMember('active');
        if (id) expect((await call(gd, 'POST', `/api/v1/admin/members/${id}/hold`, { reason: '企业关闭' })).statusCode).toBe(200);
      } else if (op === 'rejoin') {
        const held = (await queryRows<{ id: string }>(h.ctx.db, sql`SELECT id FROM members WHERE status = 'held' ORDER BY md5(id::text || ${String(rand())}) LIMIT 1`))[0]?.id;
        if (held) await transition(held, 'join_from_held', pick(bases));
      } else if (op === 'end') {
        const id = await someMember(pick(['active', 'held']));
        if (id) expect((await call(gd, 'POST', `/api/v1/admin/members/${id}/end`, { reason: 'withdrawn' })).statusCode).toBe(200);
      } else if (op === 'edit') {
        const id = await someMember('active');
        if (id) expect((await call(gd, 'PATCH', `/api/v1/admin/members/${id}`, { industry: pick(['批发和零售业', '建筑业', null]), education: pick(['研究生', null]) })).statusCode).toBe(200);
      } else if (op === 'apply') {
        const id = (await queryRows<{ id: string }>(h.ctx.db, sql`SELECT id FROM members WHERE status = 'registered' AND verification = 'verified' ORDER BY md5(id::text || ${String(rand())}) LIMIT 1`))[0]?.id;
        if (id) {
          await transition(id, 'apply', pick(bases));
          if (rand() < 0.7) await transition(id, pick(['approve', 'reject']));
        }
      } else if (op === 'rollup') {
        await rollupAll(h.ctx);
      } else if (op === 'import' && imported < 2) {
        imported++;
        const org = (await queryRows<{ name: string }>(h.ctx.db, sql`SELECT name FROM organizations WHERE id = ${pick(bases)}`))[0]!.name;
        const rows = Array.from({ length: 4 }, (_, i) => `导入${step}${i},${freshIdNumber('440305', `198${i}0610`)},,${org},,,制造业,高中/中专,湖南,2021-03-01`);
        const csv = Buffer.from(`姓名,身份证号码,手机号码,所属工会,工会统一社会信用代码,工作单位,所属行业,学历,籍贯,入会日期\n${rows.join('\n')}\n`);
        const body = multipartFile(csv, 'members.csv', 'text/csv');
        const up = await h.app.inject({ method: 'POST', url: '/api/v1/admin/sheets/members/imports', headers: { ...bearer(gd), ...body.headers }, payload: body.payload });
        expect(up.statusCode, up.body).toBe(202);
        await h.ctx.jobs.drain();
      } else if (op === 'deregister' && !deregistered) {
        deregistered = true;
        const union = bases[bases.length - 1]!;
        const applied = await call(gd, 'POST', '/api/v1/admin/org-applications', { kind: 'deregister', orgId: String(union), holdMembersAtParent: true, note: '企业关闭' });
        expect(applied.statusCode, applied.body).toBe(201);
        expect((await call(gd, 'POST', `/api/v1/admin/org-applications/${applied.json().id}/decision`, { decision: 'approve' })).statusCode).toBe(200);
        bases.pop();
      } else if (op === 'participate') {
        const id = await someMember('active');
        if (id) {
          const m = (await members.findMemberById(h.ctx.db, id))!;
          await h.ctx.db.execute(sql`INSERT INTO participations (member_id, org_path, source, subject_id, action) VALUES (${id}, ${m.orgPath}, 'membership', '', 'card_checked')`);
        }
      }
      if (step % 10 === 9) {
        const diff = await reconcile(h.ctx, 20);
        expect(diff, `seed ${SEED}, after ${log.join(' ')}`).toEqual([]);
      }
    }
    expect(await reconcile(h.ctx)).toEqual([]);
    for (const name of ['广东省总工会', '广州市总工会', '深圳市总工会']) await assertFiguresMatch(ids[name]!);
    for (const base of bases.slice(0, 3)) await assertFiguresMatch(base);
    await rollupAll(h.ctx);
    expect(await reconcile(h.ctx)).toEqual([]);
    await assertFiguresMatch(ids['广东省总工会']!);
  });

  it('reconcile reports a tampered aggregate, and a rebuild repairs it', async () => {
    await rollupAll(h.ctx);
    await h.ctx.db.execute(sql`UPDATE stat_counts SET n = n + 2 WHERE org_id = ${ids['广州市总工会']!} AND dim = 'status' AND value = 'active|v'`);
    await h.ctx.db.execute(sql`DELETE FROM stat_day_counts WHERE org_id = ${ids['广东省总工会']!} AND dim = 'flow' AND value = 'joins' AND day = (SELECT max(day) FROM stat_day_counts WHERE dim = 'flow' AND value = 'joins')`);
    const diff = await reconcile(h.ctx);
    expect(diff).toContainEqual(expect.objectContaining({ table: 'stat_counts', orgId: ids['广州市总工会'], key: 'status:active|v' }));
    const bad = diff.find((d) => d.key === 'status:active|v')!;
    expect(bad.aggregate - bad.direct).toBe(2);
    expect(diff.some((d) => d.table === 'stat_day_counts' && d.orgId === ids['广东省总工会'] && d.key.startsWith('flow:joins@'))).toBe(true);
    await rebuild(h.ctx.db);
    expect(await reconcile(h.ctx)).toEqual([]);
  });

  it('counts a transfer across a border as out and in, and one within a subtree as neither', async () => {
    const [m] = await queryRows<{ id: string }>(h.ctx.db, sql`SELECT id FROM members WHERE status = 'active' AND org_id = ${ids['广州华师科技有限公司工会']!} LIMIT 1`);
    const sz = (await queryRows<{ id: number }>(h.ctx.db, sql`SELECT id FROM organizations WHERE level = 'base' AND status = 'active' AND path LIKE (SELECT path || '%' FROM organizations WHERE name = '深圳市总工会') LIMIT 1`))[0]!.id;
    const before = async (name: string) => ((await get(gd, `/api/v1/admin/stats?orgId=${ids[name]}`)).json() as Stats).flows.totals;
    const [gzBefore, szBefore, gdBefore] = [await before('广州市总工会'), await before('深圳市总工会'), await before('广东省总工会')];
    await h.ctx.db.transaction(async (tx) => applyTransition(tx, { member: (await members.findMemberById(tx, m!.id))!, action: 'transfer', toOrgId: Number(sz), actor: { type: 'system', id: null, name: 't' } }));
    const [gzAfter, szAfter, gdAfter] = [await before('广州市总工会'), await before('深圳市总工会'), await before('广东省总工会')];
    expect(gzAfter.transfersOut - gzBefore.transfersOut).toBe(1);
    expect(szAfter.transfersIn - szBefore.transfersIn).toBe(1);
    expect([gdAfter.transfersIn - gdBefore.transfersIn, gdAfter.transfersOut - gdBefore.transfersOut]).toEqual([0, 0]);
  });

  it('a member held at a union inside the subtree stays in its growth; the base union they left loses them', async () => {
    const [m] = await queryRows<{ id: string; org_id: number; parent_id: number }>(h.ctx.db, sql`SELECT m.id, m.org_id, o.parent_id FROM members m JOIN organizations o ON o.id = m.org_id WHERE m.status = 'active' AND o.level = 'base' AND o.path LIKE (SELECT path || '%' FROM organizations WHERE name = '广州市总工会') LIMIT 1`);
    const growthOf = async (parent: number, child: number) => ((await get(gd, `/api/v1/admin/stats/children?orgId=${parent}&pageSize=100`)).json().items as Array<{ org: { id: string }; growth: number; held: number }>).find((k) => k.org.id === String(child))!;
    const baseBefore = await growthOf(m!.parent_id, m!.org_id);
    const cityBefore = await growthOf(ids['广东省总工会']!, ids['广州市总工会']!);
    await h.ctx.db.transaction(async (tx) => applyTransition(tx, { member: (await members.findMemberById(tx, m!.id))!, action: 'hold', toOrgId: m!.parent_id, actor: { type: 'system', id: null, name: 't' } }));
    const baseAfter = await growthOf(m!.parent_id, m!.org_id);
    const cityAfter = await growthOf(ids['广东省总工会']!, ids['广州市总工会']!);
    expect([baseAfter.growth - baseBefore.growth, baseAfter.held - baseBefore.held]).toEqual([-1, 1]);
    expect([cityAfter.growth - cityBefore.growth, cityAfter.held - cityBefore.held]).toEqual([0, 1]);
  });

  it('ranks children, drills down within the scope only, and exports every table to Excel', async () => {
    const kids = (await get(gd, `/api/v1/admin/stats/children?orgId=${ids['广东省总工会']}&sort=members&pageSize=50`)).json();
    expect(kids.total).toBeGreaterThan(1);
    const sizes = kids.items.map((k: { members: number }) => k.members);
    expect(sizes).toEqual([...sizes].sort((a: number, b: number) => b - a));
    const gzRow = kids.items.find((k: { org: { name: string } }) => k.org.name === '广州市总工会');
    const gzStats = (await get(gd, `/api/v1/admin/stats?orgId=${ids['广州市总工会']}`)).json() as Stats;
    expect(gzRow.members).toBe(gzStats.members.byStatus.active + gzStats.members.byStatus.held);
    expect(gzStats.trail.map((t) => t.name)).toEqual(['广东省总工会', '广州市总工会']);
    // a city admin sees its own subtree, never a sibling's
    expect((await get(gz, `/api/v1/admin/stats?orgId=${ids['深圳市总工会']}`)).statusCode).toBe(403);
    expect(((await get(gz, '/api/v1/admin/stats')).json() as Stats).trail).toEqual([{ id: String(ids['广州市总工会']), name: '广州市总工会' }]);
    // weekly and monthly series cover the period with no gaps
    const monthly = (await get(gd, `/api/v1/admin/stats?from=2026-01-15&to=2026-11-20&grain=month`)).json() as Stats;
    expect(monthly.flows.series.map((p) => p.period)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01']);
    expect((await get(gd, '/api/v1/admin/stats?from=2026-05-01&to=2026-04-01')).statusCode).toBe(400);

    const xlsx = await get(gd, `/api/v1/admin/stats/export?orgId=${ids['广州市总工会']}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toMatch(/attachment; filename="stats-.*\.xlsx"/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['概况 Summary', '构成 Composition', '变动 Flows', '下级排名 Children', '组织 Organizations', '干部 Cadres', '参与 Participation']);
    const summary = book.getWorksheet('概况 Summary')!;
    const active = summary.getRows(1, summary.rowCount)!.find((r) => String(r.getCell(1).value).startsWith('在会'))!;
    expect(Number(active.getCell(2).value)).toBe(gzStats.members.byStatus.active);
    const one = await get(gd, `/api/v1/admin/stats/export?tables=flows`);
    const book2 = new ExcelJS.Workbook();
    await book2.xlsx.load(one.rawPayload as unknown as ArrayBuffer);
    expect(book2.worksheets.map((w) => w.name)).toEqual(['变动 Flows']);
    expect((await get(gd, '/api/v1/admin/stats/export?tables=flows,nope')).statusCode).toBe(400);
  });

  it('groups days into Monday weeks and months', () => {
    expect(periodOf('2026-11-28', 'week')).toBe('2026-11-23');
    expect(periodOf('2026-11-23', 'week')).toBe('2026-11-23');
    expect(periodOf('2026-11-28', 'month')).toBe('2026-11-01');
    expect(periodsBetween('2026-11-20', '2026-12-02', 'week')).toEqual(['2026-11-16', '2026-11-23', '2026-11-30']);
    expect(chinaDate(new Date('2026-11-28T17:00:00Z'))).toBe('2026-11-29');
  });
});
