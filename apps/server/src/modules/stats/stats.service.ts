/**
 * Statistics of any organization's subtree: members by status, verified share, composition, flows
 * per day / week / month, organizations, cadres and participation; the ranking of child
 * organizations; Excel exports; reconcile. Reads cost the same for the province as for one base
 * union: they read one organization's aggregate rows (stats.repository), never its members.
 */
import { PassThrough } from 'node:stream';
import {
  ageBandOf,
  CADRE_POSITION_LABELS,
  FLOW_KINDS,
  MEMBER_STATUSES,
  ORG_LEVEL_LABELS,
  STATS_AGE_BANDS,
  STATS_MAX_PERIOD_DAYS,
  STATS_TABLES,
  type FlowPoint,
  type MemberStatus,
  type Stats,
  type StatsChild,
  type StatsGrain,
} from '@gonghui/contracts';
import type { AppContext } from '../../context.js';
import { AppError } from '../../platform/errors.js';
import { runPeriodically } from '../../platform/periodic.js';
import { assertOrgInScope, type AdminActor } from '../../platform/scope.js';
import { XlsxBookWriter, type XlsxCell } from '../../platform/spreadsheets/xlsx-book-writer.js';
import * as repo from './stats.repository.js';

type Deps = Pick<AppContext, 'db'>;
const DAY_MS = 86_400_000;

/** Today in China, as YYYY-MM-DD. */
export const chinaDate = (d = new Date()): string => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** The first day of the period a day falls in: itself, its week's Monday, or its month's first. */
export function periodOf(day: string, grain: StatsGrain): string {
  if (grain === 'day') return day;
  if (grain === 'month') return `${day.slice(0, 7)}-01`;
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  return addDays(day, -weekday);
}

export function periodsBetween(from: string, to: string, grain: StatsGrain): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const p = periodOf(d, grain);
    if (out[out.length - 1] !== p) out.push(p);
  }
  return out;
}

export function resolvePeriod(q: { from?: string | undefined; to?: string | undefined; grain?: StatsGrain }): { from: string; to: string; grain: StatsGrain } {
  const to = q.to ?? chinaDate();
  const from = q.from ?? addDays(to, -29);
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS > STATS_MAX_PERIOD_DAYS) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'from', message: '统计区间最长 3 年 / The period is at most 3 years' }] });
  return { from, to, grain: q.grain ?? 'day' };
}

async function orgInScope(ctx: Deps, actor: AdminActor, orgId: string | undefined): Promise<repo.OrgNode> {
  const id = orgId ? Number(orgId) : actor.orgId;
  const node = Number.isSafeInteger(id) ? await repo.orgNode(ctx.db, id) : null;
  assertOrgInScope(actor, node?.path);
  return node!;
}

/** `status|rest` values of one dimension, split. */
const split = (value: string): [string, string] => {
  const i = value.indexOf('|');
  return [value.slice(0, i), value.slice(i + 1)];
};
const COUNTED: ReadonlySet<string> = new Set(['active', 'held']);
const sortedCounts = (m: Map<string, number>) => [...m].map(([key, n]) => ({ key, n })).sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));

interface MemberFigures {
  byStatus: Record<MemberStatus, number>;
  total: number;
  verified: number;
  verifiedShare: number;
}
function memberFigures(rows: repo.CountRow[]): MemberFigures {
  const byStatus = Object.fromEntries(MEMBER_STATUSES.map((s) => [s, 0])) as Record<MemberStatus, number>;
  let verified = 0;
  for (const r of rows) {
    if (r.dim !== 'status') continue;
    const [status, v] = split(r.value);
    if (status in byStatus) byStatus[status as MemberStatus] += r.n;
    if (v === 'v' && COUNTED.has(status)) verified += r.n;
  }
  const base = byStatus.active + byStatus.held;
  return { byStatus, total: Object.values(byStatus).reduce((a, b) => a + b, 0), verified, verifiedShare: base ? verified / base : 0 };
}

function flowSeries(rows: repo.DayRow[], period: { from: string; to: string; grain: StatsGrain }): { series: FlowPoint[]; totals: Omit<FlowPoint, 'period'> } {
  const zero = () => ({ joins: 0, leaves: 0, transfersIn: 0, transfersOut: 0, held: 0 });
  const byPeriod = new Map(periodsBetween(period.from, period.to, period.grain).map((p) => [p, zero()]));
  const totals = zero();
  for (const r of rows) {
    const kind = r.value as (typeof FLOW_KINDS)[number];
    if (!FLOW_KINDS.includes(kind)) continue;
    const slot = byPeriod.get(periodOf(r.day, period.grain));
    if (slot) slot[kind] += r.n;
    totals[kind] += r.n;
  }
  return { series: [...byPeriod].map(([p, v]) => ({ period: p, ...v })), totals };
}

/** The figures of one subtree. */
export async function figures(ctx: Deps, { actor, query }: { actor: AdminActor; query: { orgId?: string | undefined; from?: string | undefined; to?: string | undefined; grain?: StatsGrain } }): Promise<Stats> {
  const org = await orgInScope(ctx, actor, query.orgId);
  const period = resolvePeriod(query);
  const [counts, flows, participation] = await Promise.all([
    repo.counts(ctx.db, [org.id], ['status', 'gender', 'birth_year', 'industry', 'education', 'org_level', 'org_type', 'cadre_position']),
    repo.dayCounts(ctx.db, [org.id], 'flow', period.from, period.to),
    repo.dayCounts(ctx.db, [org.id], 'participation', period.from, period.to),
  ]);
  const currentYear = Number(chinaDate().slice(0, 4));
  const comp = { gender: new Map<string, number>(), ageBand: new Map<string, number>(STATS_AGE_BANDS.map((b) => [b, 0])), industry: new Map<string, number>(), education: new Map<string, number>() };
  const orgs = { byLevel: new Map<string, number>(), byType: new Map<string, number>(), byStatus: new Map<string, number>() };
  const cadres = new Map<string, number>();
  let serving = 0;
  for (const r of counts) {
    const [status, key] = split(r.value);
    const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + r.n);
    if (r.dim === 'gender' && COUNTED.has(status)) add(comp.gender, key);
    else if (r.dim === 'birth_year' && COUNTED.has(status)) add(comp.ageBand, ageBandOf(key ? Number(key) : null, currentYear));
    else if (r.dim === 'industry' && COUNTED.has(status)) add(comp.industry, key);
    else if (r.dim === 'education' && COUNTED.has(status)) add(comp.education, key);
    else if (r.dim === 'org_level') {
      if (status === 'active') add(orgs.byLevel, key);
      add(orgs.byStatus, status);
    } else if (r.dim === 'org_type' && status === 'active') add(orgs.byType, key);
    else if (r.dim === 'cadre_position' && status === 'serving') {
      add(cadres, key);
      serving += r.n;
    }
  }
  const bySource = new Map<string, number>();
  const bySubject = new Map<string, { source: string; subjectId: string; actions: Record<string, number> }>();
  for (const r of participation) {
    const [source, subjectId, action] = r.value.split('|') as [string, string, string];
    bySource.set(`${source}|${action}`, (bySource.get(`${source}|${action}`) ?? 0) + r.n);
    const s = bySubject.get(`${source}|${subjectId}`) ?? { source, subjectId, actions: {} };
    s.actions[action] = (s.actions[action] ?? 0) + r.n;
    bySubject.set(`${source}|${subjectId}`, s);
  }
  const top = [...bySubject.values()].sort((a, b) => sum(b.actions) - sum(a.actions)).slice(0, 20);
  const [titles, unionNames] = await Promise.all([
    repo.activityTitles(ctx.db, top.filter((t) => t.source === 'activity').map((t) => Number(t.subjectId))),
    // membership services are named by the union that served the member (a card checked at its counter)
    repo.orgNames(ctx.db, top.filter((t) => t.source === 'membership' && /^\d+$/.test(t.subjectId)).map((t) => Number(t.subjectId))),
  ]);
  return {
    org: { id: String(org.id), name: org.name, level: org.level },
    trail: await trailOf(ctx, actor, org),
    asOf: new Date().toISOString(),
    period,
    members: memberFigures(counts),
    composition: { gender: sortedCounts(comp.gender), ageBand: STATS_AGE_BANDS.map((b) => ({ key: b, n: comp.ageBand.get(b) ?? 0 })), industry: sortedCounts(comp.industry), education: sortedCounts(comp.education) },
    flows: flowSeries(flows, period),
    orgs: { byLevel: sortedCounts(orgs.byLevel), byType: sortedCounts(orgs.byType), byStatus: sortedCounts(orgs.byStatus) },
    cadres: { serving, byPosition: sortedCounts(cadres) },
    participation: {
      bySource: [...bySource].map(([k, n]) => ({ source: k.split('|')[0]!, action: k.split('|')[1]!, n })).sort((a, b) => b.n - a.n),
      top: top.map((t) => ({ ...t, title: t.source === 'activity' ? (titles.get(t.subjectId) ?? `#${t.subjectId}`) : (unionNames.get(Number(t.subjectId)) ?? (t.subjectId || t.source)) })),
    },
  };
}
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

/** From the admin's own organization down to this one. */
async function trailOf(ctx: Deps, actor: AdminActor, org: repo.OrgNode): Promise<Array<{ id: string; name: string }>> {
  const own = actor.orgPath.split('/').filter(Boolean).length;
  const ids = org.path.split('/').filter(Boolean).map(Number).slice(own - 1);
  const names = await repo.orgNames(ctx.db, ids);
  return ids.map((id) => ({ id: String(id), name: names.get(id) ?? String(id) }));
}

/** The child organizations, ranked: growth in the period, verification rate, members or name. */
export async function children(ctx: Deps, { actor, query }: { actor: AdminActor; query: { orgId?: string | undefined; from?: string | undefined; to?: string | undefined; sort: 'growth' | 'verifiedShare' | 'members' | 'name'; page: number; pageSize: number } }) {
  const org = await orgInScope(ctx, actor, query.orgId);
  const period = resolvePeriod(query);
  const rows = await rankChildren(ctx, org, period);
  const sorted = rows.sort((a, b) => {
    if (query.sort === 'name') return a.org.name.localeCompare(b.org.name, 'zh-CN');
    const diff = query.sort === 'members' ? b.members - a.members : query.sort === 'verifiedShare' ? b.verifiedShare - a.verifiedShare : b.growth - a.growth;
    return diff || a.org.name.localeCompare(b.org.name, 'zh-CN');
  });
  const start = (query.page - 1) * query.pageSize;
  return { items: sorted.slice(start, start + query.pageSize), page: query.page, pageSize: query.pageSize, total: sorted.length };
}

async function rankChildren(ctx: Deps, org: repo.OrgNode, period: { from: string; to: string }): Promise<StatsChild[]> {
  const kids = await repo.childrenOf(ctx.db, org.id);
  const ids = kids.map((k) => k.id);
  const [counts, flows] = await Promise.all([repo.counts(ctx.db, ids, ['status']), repo.dayCounts(ctx.db, ids, 'flow', period.from, period.to)]);
  return kids.map((k) => {
    const m = memberFigures(counts.filter((c) => c.orgId === k.id));
    const f = { joins: 0, leaves: 0, transfersIn: 0, transfersOut: 0, held: 0, heldOut: 0 };
    for (const r of flows) if (r.orgId === k.id && r.value in f) f[r.value as keyof typeof f] += r.n;
    const { heldOut, ...shown } = f;
    return {
      org: { id: String(k.id), name: k.name, level: k.level, hasChildren: k.hasChildren },
      members: m.byStatus.active + m.byStatus.held,
      byStatus: m.byStatus,
      verified: m.verified,
      verifiedShare: m.verifiedShare,
      ...shown,
      // a member held at a union inside this subtree stays in it: only those held outside count
      growth: f.joins + f.transfersIn - f.leaves - f.transfersOut - heldOut,
    };
  });
}

/* ------------------------------------------------------------------ Excel */

const STATUS_LABELS: Record<MemberStatus, string> = { registered: '已注册 registered', pending: '待审批 pending', active: '在会 active', held: '上挂 held', ended: '已离会 ended' };
const FLOW_LABELS: Record<(typeof FLOW_KINDS)[number], string> = { joins: '入会 joins', leaves: '退会 leaves', transfersIn: '转入 transfers in', transfersOut: '转出 transfers out', held: '上挂 held' };
const label = (key: string, labels: Record<string, { 'zh-CN': string; en: string }>) => (labels[key] ? `${labels[key]['zh-CN']} ${labels[key].en}` : key || '未填 unknown');

/** An Excel workbook of the subtree's tables (all, or those named), one sheet each. */
export async function exportWorkbook(ctx: Deps, { actor, query }: { actor: AdminActor; query: { orgId?: string | undefined; from?: string | undefined; to?: string | undefined; grain?: StatsGrain; tables?: string | undefined } }): Promise<{ data: Buffer; fileName: string }> {
  const wanted = query.tables ? query.tables.split(',').filter(Boolean) : [...STATS_TABLES];
  const unknown = wanted.filter((t) => !(STATS_TABLES as readonly string[]).includes(t));
  if (unknown.length) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'tables', message: `未知的表 / Unknown tables: ${unknown.join(', ')}` }] });
  const s = await figures(ctx, { actor, query });
  const kids = wanted.includes('children') ? (await children(ctx, { actor, query: { ...query, sort: 'growth', page: 1, pageSize: 100_000 } })).items : [];
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const book = new XlsxBookWriter({ stream });
  const sheet = async (name: string, header: string[], rows: Array<Array<string | number>>) => {
    const sh = book.addSheet({ name, columns: header.map((_, i) => ({ width: i === 0 ? 28 : 16, style: 'general' })), freezeHeader: true });
    await sh.addRow(header.map((h) => ({ value: h, style: 'header' }) satisfies XlsxCell));
    for (const r of rows) await sh.addRow(r.map((v) => ({ value: v })));
  };
  const title = `${s.org.name} ${s.period.from}—${s.period.to}`;
  if (wanted.includes('summary')) {
    await sheet('概况 Summary', ['项目 Item', '数量 Count'], [
      ['组织 Organization', title],
      ...MEMBER_STATUSES.map((st) => [STATUS_LABELS[st], s.members.byStatus[st]] as [string, number]),
      ['会员合计 Members (all statuses)', s.members.total],
      ['已实名（在会及上挂）Verified (active and held)', s.members.verified],
      ['实名率 Verified share', Math.round(s.members.verifiedShare * 10_000) / 100],
      ['在任干部 Serving cadres', s.cadres.serving],
    ]);
  }
  if (wanted.includes('composition')) {
    const rows: Array<[string, string, number]> = [];
    for (const c of s.composition.gender) rows.push(['性别 Gender', c.key === 'male' ? '男 male' : c.key === 'female' ? '女 female' : '未填 unknown', c.n]);
    for (const c of s.composition.ageBand) rows.push(['年龄段 Age band', c.key === 'unknown' ? '未填 unknown' : c.key, c.n]);
    for (const c of s.composition.industry) rows.push(['行业 Industry', c.key || '未填 unknown', c.n]);
    for (const c of s.composition.education) rows.push(['学历 Education', c.key || '未填 unknown', c.n]);
    await sheet('构成 Composition', ['维度 Dimension', '取值 Value', '人数 Members'], rows);
  }
  if (wanted.includes('flows')) {
    await sheet('变动 Flows', ['期间 Period', ...FLOW_KINDS.map((k) => FLOW_LABELS[k])], [...s.flows.series.map((p) => [p.period, ...FLOW_KINDS.map((k) => p[k])]), ['合计 Total', ...FLOW_KINDS.map((k) => s.flows.totals[k])]]);
  }
  if (wanted.includes('children')) {
    await sheet('下级排名 Children', ['组织 Organization', '层级 Level', '会员 Members', '已实名 Verified', '实名率% Verified %', ...FLOW_KINDS.map((k) => FLOW_LABELS[k]), '净增 Growth'], kids.map((k) => [k.org.name, label(k.org.level, ORG_LEVEL_LABELS), k.members, k.verified, Math.round(k.verifiedShare * 10_000) / 100, ...FLOW_KINDS.map((f) => k[f]), k.growth]));
  }
  if (wanted.includes('orgs')) {
    await sheet('组织 Organizations', ['维度 Dimension', '取值 Value', '数量 Count'], [
      ...s.orgs.byLevel.map((c) => ['层级 Level', label(c.key, ORG_LEVEL_LABELS), c.n] as [string, string, number]),
      ...s.orgs.byType.map((c) => ['类型 Type', c.key, c.n] as [string, string, number]),
      ...s.orgs.byStatus.map((c) => ['状态 Status', c.key, c.n] as [string, string, number]),
    ]);
  }
  if (wanted.includes('cadres')) await sheet('干部 Cadres', ['职务 Position', '在任 Serving'], s.cadres.byPosition.map((c) => [label(c.key, CADRE_POSITION_LABELS), c.n]));
  if (wanted.includes('participation')) {
    await sheet('参与 Participation', ['来源 Source', '名称 Title', '动作 Action', '人次 Count'], s.participation.top.flatMap((t) => Object.entries(t.actions).map(([action, n]) => [t.source, t.title, action, n])));
  }
  await book.finish();
  const data = Buffer.concat(chunks);
  return { data, fileName: `stats-${s.org.id}-${s.period.from}-${s.period.to}.xlsx` };
}

/* ------------------------------------------------------------------ upkeep */

/** Reconcile: every aggregate that differs from a direct count (none, when all is well). */
export const reconcile = (ctx: Deps, limit?: number) => repo.differences(ctx.db, limit);

/** Roll pending deltas up until few are left. */
export async function rollupAll(ctx: Deps): Promise<number> {
  let total = 0;
  for (let i = 0; i < 100; i++) {
    const moved = await repo.rollup(ctx.db);
    if (moved <= 0) break;
    total += moved;
    if (moved < 1000) break;
  }
  return total;
}

/** Every `STATS_ROLLUP_INTERVAL_MS`, this process rolls deltas up (one process at a time, by an advisory lock). */
export function scheduleRollup(ctx: Pick<AppContext, 'db' | 'config' | 'log'>): () => void {
  return runPeriodically(ctx.log, 'statistics rollup', ctx.config.STATS_ROLLUP_INTERVAL_MS, () => rollupAll(ctx));
}

/** The console's headline figures (GET /admin/dashboard), from the aggregates. */
export async function subtreeHeadline(ctx: Deps, actor: AdminActor) {
  const [counts, admins] = await Promise.all([repo.counts(ctx.db, [actor.orgId], ['status', 'org_level']), repo.adminCount(ctx.db, actor.orgPath)]);
  const m = memberFigures(counts);
  let orgs = 0;
  let baseUnions = 0;
  let verified = 0;
  for (const r of counts) {
    const [status, key] = split(r.value);
    if (r.dim === 'org_level') {
      orgs += r.n;
      if (status === 'active' && key === 'base') baseUnions += r.n;
    } else if (r.dim === 'status' && key === 'v') verified += r.n;
  }
  return { byStatus: m.byStatus, orgs, baseUnions, verified, admins };
}
