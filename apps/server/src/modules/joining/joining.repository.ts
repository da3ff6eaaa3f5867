/** SQL for join requests (join, transfer, join from held) and the held-member reminders. */
import { and, count, desc, eq, inArray, like, lte, or, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { likePrefix } from '../../db/like.js';
import { joinRequests, members, organizations } from '../../db/schema.js';

export type JoinRequestRow = typeof joinRequests.$inferSelect;
export interface JoinRequestWithNames extends JoinRequestRow {
  fromOrgName: string | null;
  toOrgName: string;
}
type MemberRow = typeof members.$inferSelect;

const fromOrg = alias(organizations, 'from_org');
const toOrg = alias(organizations, 'to_org');
const withNames = { request: joinRequests, fromOrgName: fromOrg.name, toOrgName: toOrg.name };
const flatten = (r: { request: JoinRequestRow; fromOrgName: string | null; toOrgName: string | null }): JoinRequestWithNames => ({
  ...r.request,
  fromOrgName: r.fromOrgName,
  toOrgName: r.toOrgName ?? '',
});
const base = (db: DbOrTx) =>
  db.select(withNames).from(joinRequests).leftJoin(fromOrg, eq(fromOrg.id, joinRequests.fromOrgId)).leftJoin(toOrg, eq(toOrg.id, joinRequests.toOrgId));

/** Insert, or null when the member already has a pending request (the partial unique index decides). */
export async function insertRequest(db: DbOrTx, values: typeof joinRequests.$inferInsert): Promise<JoinRequestRow | null> {
  const rows = await db.insert(joinRequests).values(values).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

export async function findRequest(db: DbOrTx, id: number): Promise<JoinRequestWithNames | null> {
  const [row] = await base(db).where(eq(joinRequests.id, id)).limit(1);
  return row ? flatten(row) : null;
}

export async function pendingRequestOf(db: DbOrTx, memberId: string): Promise<JoinRequestWithNames | null> {
  const [row] = await base(db).where(and(eq(joinRequests.memberId, memberId), eq(joinRequests.status, 'pending'))).limit(1);
  return row ? flatten(row) : null;
}

export async function listOfMember(db: DbOrTx, memberId: string, offset: number, limit: number) {
  const where = eq(joinRequests.memberId, memberId);
  const [rows, [total]] = await Promise.all([
    base(db).where(where).orderBy(desc(joinRequests.createdAt), desc(joinRequests.id)).offset(offset).limit(limit),
    db.select({ n: count() }).from(joinRequests).where(where),
  ]);
  return { rows: rows.map(flatten), total: total?.n ?? 0 };
}

/**
 * Close a pending request: the status moves only from pending, so of two admins deciding at the
 * same moment exactly one gets the row back (the other waits for the row lock, then finds nothing).
 */
export async function closeRequest(db: DbOrTx, id: number, values: Pick<JoinRequestRow, 'status'> & Partial<JoinRequestRow>): Promise<JoinRequestRow | null> {
  const rows = await db
    .update(joinRequests)
    .set({ ...values, decidedAt: new Date() })
    .where(and(eq(joinRequests.id, id), eq(joinRequests.status, 'pending')))
    .returning();
  return rows[0] ?? null;
}

/** When a membership changes under it (held, ended), a pending request no longer applies. */
export async function withdrawPendingOf(db: DbOrTx, memberId: string, reason: string): Promise<void> {
  await db
    .update(joinRequests)
    .set({ status: 'withdrawn', decisionReason: reason, decidedAt: new Date() })
    .where(and(eq(joinRequests.memberId, memberId), eq(joinRequests.status, 'pending')));
}

export async function withdrawPendingOfMany(db: DbOrTx, memberIds: string[], reason: string): Promise<void> {
  await db
    .update(joinRequests)
    .set({ status: 'withdrawn', decisionReason: reason, decidedAt: new Date() })
    .where(and(inArray(joinRequests.memberId, memberIds), eq(joinRequests.status, 'pending')));
}

export interface AdminRequestFilter {
  pathPrefix: string;
  status: JoinRequestRow['status'];
  kind?: JoinRequestRow['kind'] | undefined;
  /** Only requests filed before this instant (the overdue filter). */
  createdBefore?: Date | undefined;
  namePrefix?: string | undefined;
}
export async function listForAdmin(db: DbOrTx, f: AdminRequestFilter, offset: number, limit: number) {
  const conditions: SQL[] = [like(joinRequests.toOrgPath, likePrefix(f.pathPrefix)), eq(joinRequests.status, f.status)];
  if (f.kind) conditions.push(eq(joinRequests.kind, f.kind));
  if (f.createdBefore) conditions.push(lte(joinRequests.createdAt, f.createdBefore));
  if (f.namePrefix) conditions.push(sql`${joinRequests.memberId} IN (SELECT id FROM members WHERE name LIKE ${likePrefix(f.namePrefix)})`);
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...withNames, member: members })
      .from(joinRequests)
      .innerJoin(members, eq(members.id, joinRequests.memberId))
      .leftJoin(fromOrg, eq(fromOrg.id, joinRequests.fromOrgId))
      .leftJoin(toOrg, eq(toOrg.id, joinRequests.toOrgId))
      .where(where)
      // the longest-waiting first while pending; the latest decisions first otherwise
      .orderBy(f.status === 'pending' ? joinRequests.createdAt : desc(joinRequests.decidedAt), joinRequests.id)
      .offset(offset)
      .limit(limit),
    db.select({ n: count() }).from(joinRequests).where(where),
  ]);
  return { rows: rows.map((r) => ({ ...flatten(r), member: r.member })), total: total?.n ?? 0 };
}

/** Held members due a reminder, locked so that concurrent runs (other processes) skip them. */
export async function heldDueForReminder(db: DbOrTx, dueBefore: Date, limit: number): Promise<Array<MemberRow & { orgName: string | null; orgPath: string | null }>> {
  const rows = await db
    .select({ member: members, orgName: organizations.name })
    .from(members)
    .leftJoin(organizations, eq(organizations.id, members.orgId))
    .where(
      and(
        eq(members.status, 'held'),
        lte(members.heldSince, dueBefore),
        or(isNull(members.heldRemindedAt), lte(members.heldRemindedAt, dueBefore)),
      ),
    )
    .orderBy(members.heldSince)
    .limit(limit)
    .for('update', { of: members, skipLocked: true });
  return rows.map((r) => ({ ...r.member, orgName: r.orgName }));
}

export async function markReminded(db: DbOrTx, memberIds: string[], at: Date): Promise<void> {
  if (!memberIds.length) return;
  await db.execute(sql`UPDATE ${members} SET held_reminded_at = ${at.toISOString()}::timestamptz WHERE id = ANY(${`{${memberIds.join(',')}}`}::uuid[])`);
}
