/** SQL for cadres (members holding union positions). */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { likePrefix } from '../../db/like.js';
import { cadres, members, organizations } from '../../db/schema.js';

export type CadreRow = typeof cadres.$inferSelect;
export interface CadreWithNames extends CadreRow {
  memberName: string | null;
  orgName: string;
}

const columns = { cadre: cadres, memberName: members.name, orgName: organizations.name };
const flatten = (r: { cadre: CadreRow; memberName: string | null; orgName: string }): CadreWithNames => ({ ...r.cadre, memberName: r.memberName, orgName: r.orgName });

export interface CadreFilter {
  pathPrefix: string;
  namePrefix?: string | undefined;
  position?: string | undefined;
  fullTime?: boolean | undefined;
  status?: CadreRow['status'] | undefined;
}

export function cadreConditions(f: CadreFilter): SQL {
  const c: SQL[] = [sql`${cadres.orgPath} LIKE ${`${f.pathPrefix}%`}`];
  if (f.namePrefix) c.push(sql`${members.name} LIKE ${likePrefix(f.namePrefix)}`);
  if (f.position) c.push(eq(cadres.position, f.position));
  if (f.fullTime !== undefined) c.push(eq(cadres.fullTime, f.fullTime));
  if (f.status) c.push(eq(cadres.status, f.status));
  return and(...c)!;
}

export async function listCadres(db: DbOrTx, f: CadreFilter, offset: number, limit: number): Promise<{ rows: CadreWithNames[]; total: number }> {
  const where = cadreConditions(f);
  const [rows, [count]] = await Promise.all([
    db.select(columns).from(cadres).innerJoin(members, eq(members.id, cadres.memberId)).innerJoin(organizations, eq(organizations.id, cadres.orgId)).where(where).orderBy(asc(cadres.orgPath), asc(cadres.position), asc(members.name)).offset(offset).limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(cadres).innerJoin(members, eq(members.id, cadres.memberId)).where(where),
  ]);
  return { rows: rows.map(flatten), total: Number(count?.n ?? 0) };
}

export async function findCadre(db: DbOrTx, id: string): Promise<CadreWithNames | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.select(columns).from(cadres).innerJoin(members, eq(members.id, cadres.memberId)).innerJoin(organizations, eq(organizations.id, cadres.orgId)).where(eq(cadres.id, id)).limit(1);
  return row ? flatten(row) : null;
}

/** Insert a term; null when the same term (member, org, position, start) already exists. */
export async function insertCadre(db: DbOrTx, values: typeof cadres.$inferInsert): Promise<CadreRow | null> {
  const rows = await db.insert(cadres).values(values).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

export async function updateCadre(db: DbOrTx, id: string, values: Partial<typeof cadres.$inferInsert>): Promise<void> {
  await db.update(cadres).set({ ...values, updatedAt: new Date() }).where(eq(cadres.id, id));
}
