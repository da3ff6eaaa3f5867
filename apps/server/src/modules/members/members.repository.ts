/** SQL for union member records and their membership events. */
import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { likeContains, likePrefix } from '../../db/like.js';
import { members, membershipEvents, organizations } from '../../db/schema.js';

export type MemberRow = typeof members.$inferSelect;
export type NewMember = typeof members.$inferInsert;
export type MembershipEventRow = typeof membershipEvents.$inferSelect;
export interface MemberWithOrg extends MemberRow {
  orgName: string | null;
}

const withOrg = { member: members, orgName: organizations.name };
const flatten = (r: { member: MemberRow; orgName: string | null }): MemberWithOrg => ({ ...r.member, orgName: r.orgName });

export async function findMemberByAccount(db: DbOrTx, accountId: string): Promise<MemberWithOrg | null> {
  const [row] = await db.select(withOrg).from(members).leftJoin(organizations, eq(organizations.id, members.orgId)).where(eq(members.accountId, accountId)).limit(1);
  return row ? flatten(row) : null;
}

/** What activity eligibility reads of a member: all the grab engine keeps of one (a hundred thousand of them at 9:00). */
export type MemberEligibility = Pick<MemberRow, 'id' | 'status' | 'verification' | 'orgPath' | 'industry' | 'joinedAt' | 'birthDate' | 'hometown'>;
const eligibilityColumns = {
  accountId: members.accountId,
  id: members.id,
  status: members.status,
  verification: members.verification,
  orgPath: members.orgPath,
  industry: members.industry,
  joinedAt: members.joinedAt,
  birthDate: members.birthDate,
  hometown: members.hometown,
};

/** The eligibility of many accounts' members at once (null where an account has none), in the order asked. */
export async function findEligibilityByAccounts(db: DbOrTx, accountIds: string[]): Promise<Array<MemberEligibility | null>> {
  const rows = await db.select(eligibilityColumns).from(members).where(inArray(members.accountId, accountIds));
  const byAccount = new Map(rows.map(({ accountId, ...m }) => [accountId, m]));
  return accountIds.map((id) => byAccount.get(id) ?? null);
}

export async function findMemberById(db: DbOrTx, id: string, opts: { forUpdate?: boolean } = {}): Promise<MemberWithOrg | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  if (opts.forUpdate) await db.execute(sql`SELECT 1 FROM ${members} WHERE id = ${id} FOR UPDATE`);
  const [row] = await db.select(withOrg).from(members).leftJoin(organizations, eq(organizations.id, members.orgId)).where(eq(members.id, id)).limit(1);
  return row ? flatten(row) : null;
}

export async function findMemberByIdNumberHash(db: DbOrTx, hash: string): Promise<MemberRow | null> {
  const [row] = await db.select().from(members).where(eq(members.idNumberHash, hash)).limit(1);
  return row ?? null;
}

export async function insertMember(db: DbOrTx, values: NewMember): Promise<MemberRow | null> {
  const rows = await db.insert(members).values(values).onConflictDoNothing({ target: members.idNumberHash }).returning();
  return rows[0] ?? null;
}

export async function updateMember(db: DbOrTx, id: string, values: Partial<NewMember>): Promise<void> {
  await db.update(members).set({ ...values, updatedAt: new Date() }).where(eq(members.id, id));
}

export async function insertEvent(db: DbOrTx, values: typeof membershipEvents.$inferInsert): Promise<void> {
  await db.insert(membershipEvents).values(values);
}

export async function insertEvents(db: DbOrTx, values: Array<typeof membershipEvents.$inferInsert>): Promise<void> {
  for (let i = 0; i < values.length; i += 1000) await db.insert(membershipEvents).values(values.slice(i, i + 1000));
}

/** The state columns of many members in one statement (membership.service computes them). */
export async function updateMemberStates(db: DbOrTx, rows: Array<{ member: MemberRow; values: Partial<NewMember> & Pick<MemberRow, 'status'> }>): Promise<void> {
  const day = (d: string | null | undefined) => d ?? null;
  const json = rows.map(({ member: m, values: v }) => ({
    id: m.id,
    status: v.status,
    org_id: v.orgId === undefined ? m.orgId : v.orgId,
    card_no: v.cardNo ?? m.cardNo,
    joined_at: day(v.joinedAt === undefined ? m.joinedAt : v.joinedAt),
    ended_at: day(v.endedAt === undefined ? m.endedAt : v.endedAt),
    held_since: (v.heldSince === undefined ? m.heldSince : v.heldSince)?.toISOString() ?? null,
    held_reminded_at: (v.heldRemindedAt === undefined ? m.heldRemindedAt : v.heldRemindedAt)?.toISOString() ?? null,
  }));
  await db.execute(sql`
    UPDATE members m SET status = x.status, org_id = x.org_id, card_no = x.card_no, joined_at = x.joined_at, ended_at = x.ended_at,
      held_since = x.held_since, held_reminded_at = x.held_reminded_at, updated_at = now()
    FROM json_to_recordset(${JSON.stringify(json)}::json) AS x(id uuid, status text, org_id bigint, card_no text, joined_at date, ended_at date, held_since timestamptz, held_reminded_at timestamptz)
    WHERE m.id = x.id`);
}

export async function listEvents(db: DbOrTx, memberId: string): Promise<Array<MembershipEventRow & { fromOrg: string | null; toOrg: string | null }>> {
  const rows = await db
    .select({
      event: membershipEvents,
      fromOrg: sql<string | null>`(SELECT name FROM organizations WHERE id = "membership_events"."from_org_id")`,
      toOrg: sql<string | null>`(SELECT name FROM organizations WHERE id = "membership_events"."to_org_id")`,
    })
    .from(membershipEvents)
    .where(eq(membershipEvents.memberId, memberId))
    .orderBy(desc(membershipEvents.at), desc(membershipEvents.id));
  return rows.map((r) => ({ ...r.event, fromOrg: r.fromOrg, toOrg: r.toOrg }));
}

export interface MemberFilter {
  /** Subtree path prefix: only members whose organization lies under it. */
  pathPrefix: string;
  namePrefix?: string | undefined;
  phoneHash?: string | undefined;
  idNumberHash?: string | undefined;
  cardNo?: string | undefined;
  employer?: string | undefined;
  status?: MemberRow['status'] | undefined;
  verification?: MemberRow['verification'] | undefined;
  gender?: 'male' | 'female' | undefined;
  /** Inclusive birth-date range derived from an age band. */
  bornFrom?: string | undefined;
  bornTo?: string | undefined;
  industry?: string | undefined;
  joinedFrom?: string | undefined;
  joinedTo?: string | undefined;
}

export function memberConditions(f: MemberFilter): SQL {
  const c: SQL[] = [sql`${members.orgPath} LIKE ${`${f.pathPrefix}%`}`];
  if (f.namePrefix) c.push(sql`${members.name} LIKE ${likePrefix(f.namePrefix)}`);
  if (f.phoneHash) c.push(eq(members.phoneHash, f.phoneHash));
  if (f.idNumberHash) c.push(eq(members.idNumberHash, f.idNumberHash));
  if (f.cardNo) c.push(eq(members.cardNo, f.cardNo));
  if (f.employer) c.push(sql`${members.employer} LIKE ${likeContains(f.employer)}`);
  if (f.status) c.push(eq(members.status, f.status));
  if (f.verification) c.push(eq(members.verification, f.verification));
  if (f.gender) c.push(eq(members.gender, f.gender));
  if (f.bornFrom) c.push(gte(members.birthDate, f.bornFrom));
  if (f.bornTo) c.push(lte(members.birthDate, f.bornTo));
  if (f.industry) c.push(eq(members.industry, f.industry));
  if (f.joinedFrom) c.push(gte(members.joinedAt, f.joinedFrom));
  if (f.joinedTo) c.push(lte(members.joinedAt, f.joinedTo));
  return and(...c)!;
}

export async function listMembers(db: DbOrTx, f: MemberFilter, offset: number, limit: number): Promise<{ rows: MemberWithOrg[]; total: number }> {
  const where = memberConditions(f);
  const [rows, [count]] = await Promise.all([
    db.select(withOrg).from(members).leftJoin(organizations, eq(organizations.id, members.orgId)).where(where).orderBy(asc(members.name), asc(members.id)).offset(offset).limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(members).where(where),
  ]);
  return { rows: rows.map(flatten), total: Number(count?.n ?? 0) };
}

/** Members of one organization in the given statuses (deregistration moves them). */
export async function membersOfOrg(db: DbOrTx, orgId: number, statuses: Array<MemberRow['status']>): Promise<MemberRow[]> {
  // locked: the caller changes them in its transaction
  return db.select().from(members).where(and(eq(members.orgId, orgId), inArray(members.status, statuses))).orderBy(members.id).for('update');
}

export async function countMembersOfOrg(db: DbOrTx, orgId: number, statuses: Array<MemberRow['status']>): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(members).where(and(eq(members.orgId, orgId), inArray(members.status, statuses)));
  return Number(row?.n ?? 0);
}

export async function nextCardNos(db: DbOrTx, n: number): Promise<string[]> {
  if (n <= 0) return [];
  const rows = (await db.execute(sql`SELECT 'GD' || nextval('member_card_seq') AS card FROM generate_series(1, ${n}::int)`)) as unknown as { rows: Array<{ card: string }> };
  return rows.rows.map((r) => r.card);
}

export async function nextCardNo(db: DbOrTx): Promise<string> {
  const rows = (await db.execute(sql`SELECT 'GD' || nextval('member_card_seq') AS card`)) as unknown as { rows: Array<{ card: string }> };
  return rows.rows[0]!.card;
}

export interface BulkMember {
  name: string;
  idNumberEnc: string;
  idNumberHash: string;
  phoneEnc: string | null;
  phoneHash: string | null;
  gender: 'male' | 'female';
  birthDate: string;
  orgId: number;
  employer: string | null;
  industry: string | null;
  education: string | null;
  hometown: string | null;
  joinedAt: string;
}

/**
 * Add many active members and their 'added' events in one statement (imports). The rows travel as
 * one JSON parameter: building thousands of bound parameters costs more than the insert itself.
 * Existing ID numbers are skipped; returns how many were added.
 */
export async function bulkAddMembers(db: DbOrTx, rows: BulkMember[], event: { reason: string; actorId: string; actorName: string }): Promise<number> {
  if (!rows.length) return 0;
  const json = JSON.stringify(
    rows.map((r) => ({
      name: r.name, id_number_enc: r.idNumberEnc, id_number_hash: r.idNumberHash, phone_enc: r.phoneEnc, phone_hash: r.phoneHash, gender: r.gender,
      birth_date: r.birthDate, org_id: r.orgId, employer: r.employer, industry: r.industry, education: r.education, hometown: r.hometown, joined_at: r.joinedAt,
    })),
  );
  const result = (await db.execute(sql`
    WITH added AS (
      INSERT INTO members (name, id_number_enc, id_number_hash, phone_enc, phone_hash, gender, birth_date, org_id, status, verification, card_no, employer, industry, education, hometown, joined_at)
      SELECT x.name, x.id_number_enc, x.id_number_hash, x.phone_enc, x.phone_hash, x.gender, x.birth_date, x.org_id, 'active', 'unverified',
             'GD' || nextval('member_card_seq'), x.employer, x.industry, x.education, x.hometown, x.joined_at
      FROM json_to_recordset(${json}::json) AS x(name text, id_number_enc text, id_number_hash text, phone_enc text, phone_hash text, gender text,
           birth_date date, org_id bigint, employer text, industry text, education text, hometown text, joined_at date)
      ON CONFLICT (id_number_hash) DO NOTHING
      RETURNING id, org_id
    )
    INSERT INTO membership_events (member_id, kind, to_org_id, to_status, reason, actor_type, actor_id, actor_name)
    SELECT id, 'added', org_id, 'active', ${event.reason}, 'admin', ${event.actorId}, ${event.actorName} FROM added
    RETURNING member_id`)) as unknown as { rows: unknown[] };
  return result.rows.length;
}

export async function findMemberByCardNo(db: DbOrTx, cardNo: string): Promise<MemberWithOrg | null> {
  const [row] = await db.select(withOrg).from(members).leftJoin(organizations, eq(organizations.id, members.orgId)).where(eq(members.cardNo, cardNo)).limit(1);
  return row ? flatten(row) : null;
}

/** Members by id, locked for the caller's transaction (in id order, so two callers never deadlock). */
export async function findMembersForUpdate(db: DbOrTx, ids: string[]): Promise<MemberRow[]> {
  if (!ids.length) return [];
  return db.select().from(members).where(inArray(members.id, ids)).orderBy(members.id).for('update');
}
