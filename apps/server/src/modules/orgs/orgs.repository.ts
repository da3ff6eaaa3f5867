/** SQL for organizations. Subtrees are path prefixes ('/1/23/'). */
import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';
import { likeContains } from '../../db/like.js';
import { members, organizations, orgApplications, orgHistory } from '../../db/schema.js';

export type OrgRow = typeof organizations.$inferSelect;
export type NewOrg = Omit<typeof organizations.$inferInsert, 'id' | 'path' | 'depth' | 'parentId'>;
export interface OrgWithCounts extends OrgRow {
  childCount: number;
  memberCount: number;
}

export async function findOrgById(db: DbOrTx, id: number): Promise<OrgRow | null> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
  return row ?? null;
}

export async function findOrgsByIds(db: DbOrTx, ids: number[]): Promise<OrgRow[]> {
  if (!ids.length) return [];
  return db.select().from(organizations).where(inArray(organizations.id, ids));
}

/** Insert under a parent; the id is drawn first so the path is written with the row. */
export async function insertOrg(db: DbOrTx, org: NewOrg, parent: Pick<OrgRow, 'id' | 'path' | 'depth'> | null): Promise<OrgRow> {
  const [next] = await queryRows<{ id: number }>(db, sql`SELECT nextval(pg_get_serial_sequence('organizations', 'id'))::int AS id`);
  const id = Number(next!.id);
  const [row] = await db
    .insert(organizations)
    .values({
      ...org,
      id,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: (parent?.depth ?? -1) + 1,
    })
    .returning();
  return row!;
}

// Qualified by hand: inside a subquery Drizzle would print the bare column name.
const childCountSql = sql<number>`(SELECT count(*)::int FROM ${organizations} c WHERE c.parent_id = "organizations"."id")`;
const memberCountSql = sql<number>`(SELECT count(*)::int FROM ${members} m WHERE m.org_id = "organizations"."id" AND m.status IN ('active', 'held'))`;

async function selectWithCounts(db: DbOrTx, where: SQL | undefined, limit: number): Promise<OrgWithCounts[]> {
  const rows = await db
    .select({ org: organizations, childCount: childCountSql, memberCount: memberCountSql })
    .from(organizations)
    .where(where)
    .orderBy(asc(organizations.level), asc(organizations.name))
    .limit(limit);
  return rows.map((r) => ({ ...r.org, childCount: Number(r.childCount), memberCount: Number(r.memberCount) }));
}

export function findOrgWithCounts(db: DbOrTx, id: number): Promise<OrgWithCounts[]> {
  return selectWithCounts(db, eq(organizations.id, id), 1);
}

export function findChildren(db: DbOrTx, parentId: number, limit = 500): Promise<OrgWithCounts[]> {
  return selectWithCounts(db, eq(organizations.parentId, parentId), limit);
}

/** Name search inside a subtree: prefix matches first (index), then containing matches. */
export function searchInSubtree(db: DbOrTx, pathPrefix: string, q: string, limit = 50): Promise<OrgWithCounts[]> {
  const like = likeContains(q);
  return selectWithCounts(db, and(sql`${organizations.path} LIKE ${`${pathPrefix}%`}`, sql`${organizations.name} LIKE ${like}`), limit);
}

export async function subtreeCounts(db: DbOrTx, pathPrefix: string): Promise<{ orgs: number; members: number }> {
  const [row] = await queryRows<{ orgs: number; members: number }>(
    db,
    sql`SELECT
      (SELECT count(*)::int FROM ${organizations} WHERE path LIKE ${`${pathPrefix}%`}) AS orgs,
      (SELECT count(*)::int FROM ${members} m JOIN ${organizations} o ON o.id = m.org_id
        WHERE o.path LIKE ${`${pathPrefix}%`} AND m.status IN ('active', 'held')) AS members`,
  );
  return { orgs: Number(row?.orgs ?? 0), members: Number(row?.members ?? 0) };
}

const publicColumns = {
  org: organizations,
  parentName: sql<string | null>`(SELECT p.name FROM ${organizations} p WHERE p.id = "organizations"."parent_id")`,
  hasChildren: sql<boolean>`EXISTS (SELECT 1 FROM ${organizations} c WHERE c.parent_id = "organizations"."id" AND c.status = 'active')`,
};
export type PublicOrgRow = OrgRow & { parentName: string | null; hasChildren: boolean };
const flattenPublic = (r: { org: OrgRow; parentName: string | null; hasChildren: boolean }): PublicOrgRow => ({ ...r.org, parentName: r.parentName, hasChildren: Boolean(r.hasChildren) });

/** Active organizations by name, credit code or parent, for members looking for a union to join. */
export async function searchPublic(
  db: DbOrTx,
  f: { q: string; creditCode?: string | undefined; parentId?: number | undefined },
  offset: number,
  limit: number,
): Promise<{ rows: PublicOrgRow[]; total: number }> {
  const where = and(
    eq(organizations.status, 'active'),
    f.q ? sql`${organizations.name} LIKE ${likeContains(f.q)}` : undefined,
    f.creditCode ? eq(organizations.creditCode, f.creditCode.toUpperCase()) : undefined,
    f.parentId !== undefined ? eq(organizations.parentId, f.parentId) : undefined,
    // with nothing to search by, the province itself (the root of browsing by region)
    !f.q && !f.creditCode && f.parentId === undefined ? sql`${organizations.parentId} IS NULL` : undefined,
  );
  const [rows, [count]] = await Promise.all([
    db.select(publicColumns).from(organizations).where(where).orderBy(asc(organizations.depth), asc(organizations.name)).offset(offset).limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(organizations).where(where),
  ]);
  return { rows: rows.map(flattenPublic), total: Number(count?.n ?? 0) };
}

/** One active organization, for the public join page. */
export async function findPublic(db: DbOrTx, id: number): Promise<PublicOrgRow | null> {
  const [row] = await db.select(publicColumns).from(organizations).where(and(eq(organizations.id, id), eq(organizations.status, 'active'))).limit(1);
  return row ? flattenPublic(row) : null;
}

export async function countOrgs(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organizations);
  return Number(row?.n ?? 0);
}

export async function updateOrg(db: DbOrTx, id: number, values: Partial<typeof organizations.$inferInsert>): Promise<void> {
  await db.update(organizations).set({ ...values, updatedAt: new Date() }).where(eq(organizations.id, id));
}

export async function findActiveByCreditCode(db: DbOrTx, creditCode: string): Promise<OrgRow | null> {
  const [row] = await db.select().from(organizations).where(and(eq(organizations.creditCode, creditCode), eq(organizations.status, 'active'))).limit(1);
  return row ?? null;
}

export async function insertHistory(db: DbOrTx, values: typeof orgHistory.$inferInsert): Promise<void> {
  await db.insert(orgHistory).values(values);
}

export async function listHistory(db: DbOrTx, orgId: number) {
  return db.select().from(orgHistory).where(eq(orgHistory.orgId, orgId)).orderBy(desc(orgHistory.at), desc(orgHistory.id));
}

export type ApplicationRow = typeof orgApplications.$inferSelect;
export interface ApplicationWithNames extends ApplicationRow {
  orgName: string | null;
  parentName: string;
}

const applicationColumns = {
  app: orgApplications,
  orgName: sql<string | null>`(SELECT name FROM organizations WHERE id = "org_applications"."org_id")`,
  parentName: sql<string>`(SELECT name FROM organizations WHERE id = "org_applications"."parent_id")`,
};
const flattenApp = (r: { app: ApplicationRow; orgName: string | null; parentName: string }): ApplicationWithNames => ({ ...r.app, orgName: r.orgName, parentName: r.parentName });

export async function insertApplication(db: DbOrTx, values: typeof orgApplications.$inferInsert): Promise<ApplicationRow | null> {
  const rows = await db.insert(orgApplications).values(values).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

export async function findApplication(db: DbOrTx, id: number): Promise<ApplicationWithNames | null> {
  const [row] = await db.select(applicationColumns).from(orgApplications).where(eq(orgApplications.id, id)).limit(1);
  return row ? flattenApp(row) : null;
}

/** Move a pending application to its decision; false if someone decided it first. */
export async function decideApplication(db: DbOrTx, id: number, values: Partial<ApplicationRow>): Promise<boolean> {
  const rows = await db.update(orgApplications).set(values).where(and(eq(orgApplications.id, id), eq(orgApplications.status, 'pending'))).returning({ id: orgApplications.id });
  return rows.length === 1;
}

export async function setApplicationOrg(db: DbOrTx, id: number, orgId: number): Promise<void> {
  await db.update(orgApplications).set({ orgId }).where(eq(orgApplications.id, id));
}

/** Applications decided within the subtree, or about an organization of the subtree. */
export async function listApplications(
  db: DbOrTx,
  f: { pathPrefix: string; status?: ApplicationRow['status'] | undefined; kind?: ApplicationRow['kind'] | undefined },
  offset: number,
  limit: number,
): Promise<{ rows: ApplicationWithNames[]; total: number }> {
  const like = `${f.pathPrefix}%`;
  const conditions: SQL[] = [
    or(sql`${orgApplications.parentPath} LIKE ${like}`, sql`EXISTS (SELECT 1 FROM organizations o WHERE o.id = "org_applications"."org_id" AND o.path LIKE ${like})`)!,
  ];
  if (f.status) conditions.push(eq(orgApplications.status, f.status));
  if (f.kind) conditions.push(eq(orgApplications.kind, f.kind));
  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    db.select(applicationColumns).from(orgApplications).where(where).orderBy(sql`CASE WHEN ${orgApplications.status} = 'pending' THEN 0 ELSE 1 END`, asc(orgApplications.createdAt)).offset(offset).limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(orgApplications).where(where),
  ]);
  return { rows: rows.map(flattenApp), total: Number(count?.n ?? 0) };
}

/** The province federation at the top of the tree. */
export async function findRootOrg(db: DbOrTx): Promise<OrgRow> {
  const [row] = await db.select().from(organizations).where(sql`${organizations.parentId} IS NULL`).orderBy(asc(organizations.id)).limit(1);
  if (!row) throw new Error('The organization tree has no root');
  return row;
}
