/**
 * SQL of the statistics. Every read adds one organization's rolled-up aggregate to the deltas not
 * rolled up yet (views stat_pending_*), in one statement and so one snapshot: the figure equals a
 * direct count from the source tables at that moment (migration 0010 defines the triggers, views
 * and stat_rollup()).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';

export interface CountRow {
  orgId: number;
  dim: string;
  value: string;
  n: number;
}

/** Counts of organizations (their subtrees) for the given dimensions. */
export async function counts(db: DbOrTx, orgIds: number[], dims: string[]): Promise<CountRow[]> {
  if (!orgIds.length) return [];
  const ids = sql`ANY(${`{${orgIds.join(',')}}`}::bigint[])`;
  const ds = sql`ANY(${`{${dims.join(',')}}`}::text[])`;
  const rows = await queryRows<{ org_id: number; dim: string; value: string; n: number }>(
    db,
    sql`SELECT org_id, dim, value, sum(n)::bigint AS n FROM (
          SELECT org_id, dim, value, n FROM stat_counts WHERE org_id = ${ids} AND dim = ${ds}
          UNION ALL
          SELECT org_id, dim, value, n FROM stat_pending_counts WHERE org_id = ${ids} AND dim = ${ds}
        ) x GROUP BY 1, 2, 3 HAVING sum(n) <> 0`,
  );
  return rows.map((r) => ({ orgId: Number(r.org_id), dim: r.dim, value: r.value, n: Number(r.n) }));
}

export interface DayRow extends CountRow {
  day: string;
}

/** Dated counts (flows, participation) of organizations between two China dates, inclusive. */
export async function dayCounts(db: DbOrTx, orgIds: number[], dim: string, from: string, to: string): Promise<DayRow[]> {
  if (!orgIds.length) return [];
  const ids = sql`ANY(${`{${orgIds.join(',')}}`}::bigint[])`;
  const rows = await queryRows<{ org_id: number; dim: string; value: string; day: string | Date; n: number }>(
    db,
    sql`SELECT org_id, dim, value, day::text AS day, sum(n)::bigint AS n FROM (
          SELECT org_id, dim, value, day, n FROM stat_day_counts WHERE org_id = ${ids} AND dim = ${dim} AND day BETWEEN ${from}::date AND ${to}::date
          UNION ALL
          SELECT org_id, dim, value, day, n FROM stat_pending_days WHERE org_id = ${ids} AND dim = ${dim} AND day BETWEEN ${from}::date AND ${to}::date
        ) x GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`,
  );
  return rows.map((r) => ({ orgId: Number(r.org_id), dim: r.dim, value: r.value, day: String(r.day).slice(0, 10), n: Number(r.n) }));
}

/** Move pending deltas into the aggregates (one process at a time); rows moved, or -1 when another process is at it. */
export async function rollup(db: DbOrTx, maxRows = 20_000): Promise<number> {
  const [row] = await queryRows<{ moved: number }>(db, sql`SELECT stat_rollup(${maxRows}) AS moved`);
  return Number(row?.moved ?? 0);
}

/** Pending deltas, to tell how far the rollup is behind. */
export async function pendingCount(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`SELECT (SELECT count(*) FROM stat_member_deltas) + (SELECT count(*) FROM stat_deltas) + (SELECT count(*) FROM stat_day_deltas) AS n`);
  return Number(row?.n ?? 0);
}

export interface Difference {
  table: 'stat_counts' | 'stat_day_counts';
  orgId: number;
  key: string;
  aggregate: number;
  direct: number;
}

/** Every (organization, dimension, value[, day]) where aggregate + pending differs from a direct count. */
export async function differences(db: DbOrTx, limit = 1000): Promise<Difference[]> {
  const state = await queryRows<{ org_id: number; dim: string; value: string; agg: number; direct: number }>(
    db,
    sql`WITH agg AS (
          SELECT org_id, dim, value, sum(n) AS n FROM (SELECT org_id, dim, value, n FROM stat_counts UNION ALL SELECT org_id, dim, value, n FROM stat_pending_counts) x GROUP BY 1, 2, 3
        )
        SELECT coalesce(a.org_id, d.org_id) AS org_id, coalesce(a.dim, d.dim) AS dim, coalesce(a.value, d.value) AS value, coalesce(a.n, 0)::bigint AS agg, coalesce(d.n, 0)::bigint AS direct
        FROM agg a FULL OUTER JOIN stat_direct_counts d ON d.org_id = a.org_id AND d.dim = a.dim AND d.value = a.value
        WHERE coalesce(a.n, 0) <> coalesce(d.n, 0) LIMIT ${limit}`,
  );
  const days = await queryRows<{ org_id: number; dim: string; value: string; day: string; agg: number; direct: number }>(
    db,
    sql`WITH agg AS (
          SELECT org_id, dim, value, day, sum(n) AS n FROM (SELECT org_id, dim, value, day, n FROM stat_day_counts UNION ALL SELECT org_id, dim, value, day, n FROM stat_pending_days) x GROUP BY 1, 2, 3, 4
        )
        SELECT coalesce(a.org_id, d.org_id) AS org_id, coalesce(a.dim, d.dim) AS dim, coalesce(a.value, d.value) AS value, coalesce(a.day, d.day)::text AS day, coalesce(a.n, 0)::bigint AS agg, coalesce(d.n, 0)::bigint AS direct
        FROM agg a FULL OUTER JOIN stat_direct_days d ON d.org_id = a.org_id AND d.dim = a.dim AND d.value = a.value AND d.day = a.day
        WHERE coalesce(a.n, 0) <> coalesce(d.n, 0) LIMIT ${limit}`,
  );
  return [
    ...state.map((r) => ({ table: 'stat_counts' as const, orgId: Number(r.org_id), key: `${r.dim}:${r.value}`, aggregate: Number(r.agg), direct: Number(r.direct) })),
    ...days.map((r) => ({ table: 'stat_day_counts' as const, orgId: Number(r.org_id), key: `${r.dim}:${r.value}@${r.day}`, aggregate: Number(r.agg), direct: Number(r.direct) })),
  ];
}

/** Rebuild the aggregates from the source tables (after reconcile found differences, or a bulk load without triggers). */
export async function rebuild(db: DbOrTx): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7313061)`);
    await tx.execute(sql`DELETE FROM stat_member_deltas`);
    await tx.execute(sql`DELETE FROM stat_deltas`);
    await tx.execute(sql`DELETE FROM stat_day_deltas`);
    await tx.execute(sql`DELETE FROM stat_counts`);
    await tx.execute(sql`DELETE FROM stat_day_counts`);
    await tx.execute(sql`INSERT INTO stat_counts (org_id, dim, value, n) SELECT org_id, dim, value, n FROM stat_direct_counts`);
    await tx.execute(sql`INSERT INTO stat_day_counts (org_id, dim, value, day, n) SELECT org_id, dim, value, day, n FROM stat_direct_days`);
  });
}

export interface OrgNode {
  id: number;
  name: string;
  level: string;
  path: string;
  hasChildren: boolean;
}

export async function orgNode(db: DbOrTx, id: number): Promise<OrgNode | null> {
  const [row] = await queryRows<{ id: number; name: string; level: string; path: string; has_children: boolean }>(
    db,
    sql`SELECT id, name, level, path, EXISTS (SELECT 1 FROM organizations c WHERE c.parent_id = o.id) AS has_children FROM organizations o WHERE id = ${id}`,
  );
  return row ? { id: Number(row.id), name: row.name, level: row.level, path: row.path, hasChildren: row.has_children } : null;
}

export async function childrenOf(db: DbOrTx, id: number): Promise<OrgNode[]> {
  const rows = await queryRows<{ id: number; name: string; level: string; path: string; has_children: boolean }>(
    db,
    sql`SELECT id, name, level, path, EXISTS (SELECT 1 FROM organizations c WHERE c.parent_id = o.id) AS has_children FROM organizations o WHERE parent_id = ${id} ORDER BY name`,
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, level: r.level, path: r.path, hasChildren: r.has_children }));
}

export async function orgNames(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await queryRows<{ id: number; name: string }>(db, sql`SELECT id, name FROM organizations WHERE id = ANY(${`{${ids.join(',')}}`}::bigint[])`);
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

/** Titles of the activities named in participation figures. */
export async function activityTitles(db: DbOrTx, ids: number[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await queryRows<{ id: number; title: string }>(db, sql`SELECT id, title FROM activities WHERE id = ANY(${`{${ids.join(',')}}`}::bigint[])`);
  return new Map(rows.map((r) => [String(r.id), r.title]));
}

/** Record that a member took part in something (later modules call this in their transaction). */
export async function recordParticipation(db: DbOrTx, p: { memberId: string; orgPath: string; source: string; subjectId?: string; action: string; at?: Date }): Promise<void> {
  await db.execute(sql`INSERT INTO participations (member_id, org_path, source, subject_id, action, at) VALUES (${p.memberId}, ${p.orgPath}, ${p.source}, ${p.subjectId ?? ''}, ${p.action}, ${(p.at ?? new Date()).toISOString()}::timestamptz)`);
}

/** Admins of a subtree (a small table: counted directly). */
export async function adminCount(db: DbOrTx, pathPrefix: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM admins a JOIN organizations o ON o.id = a.org_id WHERE o.path LIKE ${`${pathPrefix}%`}`);
  return Number(row?.n ?? 0);
}
