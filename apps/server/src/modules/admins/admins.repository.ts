/** SQL for admin accounts. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { admins, organizations } from '../../db/schema.js';

export type AdminRow = typeof admins.$inferSelect;
export interface AdminWithOrg extends AdminRow {
  orgName: string;
  orgLevel: string;
  orgPath: string;
}

const withOrg = { admin: admins, orgName: organizations.name, orgLevel: organizations.level, orgPath: organizations.path };
const flatten = (r: { admin: AdminRow; orgName: string; orgLevel: string; orgPath: string }): AdminWithOrg => ({ ...r.admin, orgName: r.orgName, orgLevel: r.orgLevel, orgPath: r.orgPath });

export async function findAdminByUsername(db: DbOrTx, username: string): Promise<AdminWithOrg | null> {
  const [row] = await db.select(withOrg).from(admins).innerJoin(organizations, eq(organizations.id, admins.orgId)).where(sql`lower(${admins.username}) = lower(${username})`).limit(1);
  return row ? flatten(row) : null;
}

export async function findAdminById(db: DbOrTx, id: string): Promise<AdminWithOrg | null> {
  const [row] = await db.select(withOrg).from(admins).innerJoin(organizations, eq(organizations.id, admins.orgId)).where(eq(admins.id, id)).limit(1);
  return row ? flatten(row) : null;
}

export async function insertAdmin(db: DbOrTx, values: typeof admins.$inferInsert): Promise<AdminRow | null> {
  const rows = await db.insert(admins).values(values).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

export async function updateAdmin(db: DbOrTx, id: string, values: Partial<Omit<AdminRow, 'id'>>): Promise<void> {
  await db.update(admins).set(values).where(eq(admins.id, id));
}

/** Accept a TOTP step only if it is newer than the last one (concurrent replays lose). */
export async function claimTotpStep(db: DbOrTx, id: string, step: number): Promise<boolean> {
  const rows = await db
    .update(admins)
    .set({ totpLastStep: step })
    .where(and(eq(admins.id, id), sql`(${admins.totpLastStep} IS NULL OR ${admins.totpLastStep} < ${step})`))
    .returning({ id: admins.id });
  return rows.length === 1;
}

export async function listAdmins(db: DbOrTx, pathPrefix: string, offset: number, limit: number): Promise<{ rows: AdminWithOrg[]; total: number }> {
  const where = sql`${organizations.path} LIKE ${`${pathPrefix}%`}`;
  const [rows, [count]] = await Promise.all([
    db.select(withOrg).from(admins).innerJoin(organizations, eq(organizations.id, admins.orgId)).where(where).orderBy(asc(organizations.depth), asc(admins.username)).offset(offset).limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(admins).innerJoin(organizations, eq(organizations.id, admins.orgId)).where(where),
  ]);
  return { rows: rows.map(flatten), total: Number(count?.n ?? 0) };
}
