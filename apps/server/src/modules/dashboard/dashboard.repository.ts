import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';

export interface SubtreeFigures {
  orgs: number;
  baseUnions: number;
  admins: number;
  verified: number;
  byStatus: Array<{ status: string; n: number }>;
}

/** Direct counts over a subtree (the incremental statistics module replaces this at scale). */
export async function subtreeFigures(db: DbOrTx, pathPrefix: string): Promise<SubtreeFigures> {
  const like = `${pathPrefix}%`;
  const [orgRow] = await queryRows<{ orgs: number; base: number; admins: number; verified: number }>(
    db,
    sql`SELECT
      (SELECT count(*)::int FROM organizations WHERE path LIKE ${like}) AS orgs,
      (SELECT count(*)::int FROM organizations WHERE path LIKE ${like} AND level = 'base' AND status = 'active') AS base,
      (SELECT count(*)::int FROM admins a JOIN organizations o ON o.id = a.org_id WHERE o.path LIKE ${like}) AS admins,
      (SELECT count(*)::int FROM members m JOIN organizations o ON o.id = m.org_id WHERE o.path LIKE ${like} AND m.verification = 'verified') AS verified`,
  );
  const byStatus = await queryRows<{ status: string; n: number }>(
    db,
    sql`SELECT m.status, count(*)::int AS n FROM members m JOIN organizations o ON o.id = m.org_id WHERE o.path LIKE ${like} GROUP BY m.status`,
  );
  return {
    orgs: Number(orgRow?.orgs ?? 0),
    baseUnions: Number(orgRow?.base ?? 0),
    admins: Number(orgRow?.admins ?? 0),
    verified: Number(orgRow?.verified ?? 0),
    byStatus: byStatus.map((r) => ({ status: r.status, n: Number(r.n) })),
  };
}
