/** SQL for union member records (the members database; the full module arrives with issue 3). */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { members, organizations } from '../../db/schema.js';

export type MemberRow = typeof members.$inferSelect;
export interface MemberWithOrg extends MemberRow {
  orgName: string | null;
  orgPath: string | null;
}

const withOrg = { member: members, orgName: organizations.name, orgPath: organizations.path };
const flatten = (r: { member: MemberRow; orgName: string | null; orgPath: string | null }): MemberWithOrg => ({ ...r.member, orgName: r.orgName, orgPath: r.orgPath });

export async function findMemberByAccount(db: DbOrTx, accountId: string): Promise<MemberWithOrg | null> {
  const [row] = await db.select(withOrg).from(members).leftJoin(organizations, eq(organizations.id, members.orgId)).where(eq(members.accountId, accountId)).limit(1);
  return row ? flatten(row) : null;
}

export async function findMemberById(db: DbOrTx, id: string): Promise<MemberWithOrg | null> {
  const [row] = await db.select(withOrg).from(members).leftJoin(organizations, eq(organizations.id, members.orgId)).where(eq(members.id, id)).limit(1);
  return row ? flatten(row) : null;
}

export interface MemberListFilter {
  /** Subtree path prefix; only members of organizations under it. */
  pathPrefix: string;
  status?: MemberRow['status'] | undefined;
  namePrefix?: string | undefined;
}

export async function listMembers(db: DbOrTx, f: MemberListFilter, offset: number, limit: number): Promise<{ rows: MemberWithOrg[]; total: number }> {
  const conditions: SQL[] = [sql`${organizations.path} LIKE ${`${f.pathPrefix}%`}`];
  if (f.status) conditions.push(eq(members.status, f.status));
  if (f.namePrefix) conditions.push(sql`${members.name} LIKE ${`${f.namePrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    db.select(withOrg).from(members).innerJoin(organizations, eq(organizations.id, members.orgId)).where(where).orderBy(asc(members.name), asc(members.id)).offset(offset).limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(members).innerJoin(organizations, eq(organizations.id, members.orgId)).where(where),
  ]);
  return { rows: rows.map(flatten), total: Number(count?.n ?? 0) };
}
