/**
 * SQL for activity entries (`lottery_entries`): lottery registrations and first-come-first-served
 * waiting lists, one per member and activity. Status moves are conditional updates, so of two
 * processes moving the same entry exactly one succeeds.
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';
import { activities, activitySessions, lotteryEntries, members } from '../../db/schema.js';

export type EntryRow = typeof lotteryEntries.$inferSelect;
export type EntryStatus = EntryRow['status'];
export interface EntryWithNames extends EntryRow {
  activityTitle: string;
  mode: 'fcfs' | 'lottery';
  sessionName: string;
  startsAt: Date;
}

const columns = { entry: lotteryEntries, activityTitle: activities.title, mode: activities.mode, sessionName: activitySessions.name, startsAt: activitySessions.startsAt };
const base = (db: DbOrTx) =>
  db.select(columns).from(lotteryEntries).innerJoin(activities, eq(activities.id, lotteryEntries.activityId)).innerJoin(activitySessions, eq(activitySessions.id, lotteryEntries.sessionId));
const flatten = (r: { entry: EntryRow; activityTitle: string; mode: 'fcfs' | 'lottery'; sessionName: string; startsAt: Date }): EntryWithNames => ({ ...r.entry, activityTitle: r.activityTitle, mode: r.mode, sessionName: r.sessionName, startsAt: r.startsAt });

export async function findEntry(db: DbOrTx, id: number): Promise<EntryWithNames | null> {
  const [row] = await base(db).where(eq(lotteryEntries.id, id)).limit(1);
  return row ? flatten(row) : null;
}

export async function findEntryOfMember(db: DbOrTx, activityId: number, memberId: string): Promise<EntryWithNames | null> {
  const [row] = await base(db).where(and(eq(lotteryEntries.activityId, activityId), eq(lotteryEntries.memberId, memberId))).limit(1);
  return row ? flatten(row) : null;
}

/**
 * Enter: a new row, or the member's old row started afresh when its status is one of `reusable`
 * (a withdrawn registration, a waiting-list place already served). Null: the member has a live entry.
 */
export async function enter(db: DbOrTx, values: { activityId: number; sessionId: number; memberId: string; status: 'registered' | 'waiting' }, reusable: EntryStatus[]): Promise<number | null> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`INSERT INTO lottery_entries (activity_id, session_id, member_id, status)
        VALUES (${values.activityId}, ${values.sessionId}, ${values.memberId}, ${values.status})
        ON CONFLICT (activity_id, member_id) DO UPDATE
          SET session_id = excluded.session_id, status = excluded.status, rank = NULL, confirm_by = NULL, ticket_id = NULL, created_at = now(), updated_at = now()
          WHERE lottery_entries.status IN (${sql.join(reusable.length ? reusable.map((s) => sql`${s}`) : [sql`''`], sql`, `)})
        RETURNING id`,
  );
  return rows[0] ? Number(rows[0].id) : null;
}

/** Move an entry from one of `from` to new values; the row after, or null when it was elsewhere. */
export async function moveEntry(db: DbOrTx, id: number, from: EntryStatus[], values: Partial<EntryRow> & Pick<EntryRow, 'status'>, extra?: SQL): Promise<EntryRow | null> {
  const [row] = await db
    .update(lotteryEntries)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(lotteryEntries.id, id), inArray(lotteryEntries.status, from), extra))
    .returning();
  return row ?? null;
}

/** Entrants per session: a lottery's registrations (all but withdrawn), a waiting list's waiting members. */
export async function entrantCounts(db: DbOrTx, activityId: number | number[], mode?: 'fcfs' | 'lottery'): Promise<Map<number, number>> {
  const ids = Array.isArray(activityId) ? activityId : [activityId];
  if (!ids.length) return new Map();
  const counted =
    mode === 'lottery' ? sql`${lotteryEntries.status} <> 'withdrawn'` : mode === 'fcfs' ? eq(lotteryEntries.status, 'waiting') : sql`(${activities.mode} = 'lottery' AND ${lotteryEntries.status} <> 'withdrawn') OR (${activities.mode} = 'fcfs' AND ${lotteryEntries.status} = 'waiting')`;
  const rows = await db
    .select({ sessionId: lotteryEntries.sessionId, n: count() })
    .from(lotteryEntries)
    .innerJoin(activities, eq(activities.id, lotteryEntries.activityId))
    .where(and(inArray(lotteryEntries.activityId, ids), counted))
    .groupBy(lotteryEntries.sessionId);
  return new Map(rows.map((r) => [r.sessionId, r.n]));
}

/**
 * Place in the queue of waiting entries (waiting list: by time; not drawn: by rank): how many are
 * ahead, plus one; absent for entries in no queue. One statement for a whole page of entries.
 */
export async function positionsOf(db: DbOrTx, ids: number[]): Promise<Map<number, number>> {
  if (!ids.length) return new Map();
  const rows = await queryRows<{ id: number; n: number }>(
    db,
    sql`SELECT e.id, (SELECT count(*) FROM lottery_entries l
                       WHERE l.session_id = e.session_id
                         AND ((e.status = 'waiting' AND l.status = 'waiting' AND (l.created_at, l.id) < (e.created_at, e.id))
                           OR (e.status = 'lost' AND l.status = 'lost' AND l.rank < e.rank)))::int AS n
        FROM lottery_entries e
        WHERE e.id IN (SELECT json_array_elements_text(${JSON.stringify(ids)}::json)::bigint)
          AND (e.status = 'waiting' OR (e.status = 'lost' AND e.rank IS NOT NULL))`,
  );
  return new Map(rows.map((r) => [Number(r.id), Number(r.n) + 1]));
}

export async function entriesOfMember(db: DbOrTx, memberId: string, offset: number, limit: number) {
  const where = eq(lotteryEntries.memberId, memberId);
  const [rows, [total]] = await Promise.all([base(db).where(where).orderBy(desc(lotteryEntries.createdAt), desc(lotteryEntries.id)).offset(offset).limit(limit), db.select({ n: count() }).from(lotteryEntries).where(where)]);
  return { rows: rows.map(flatten), total: total?.n ?? 0 };
}

export async function entriesOfActivity(db: DbOrTx, activityId: number, f: { status?: EntryStatus | undefined; sessionId?: number | undefined }, offset: number, limit: number) {
  const where = and(eq(lotteryEntries.activityId, activityId), f.status ? eq(lotteryEntries.status, f.status) : undefined, f.sessionId ? eq(lotteryEntries.sessionId, f.sessionId) : undefined);
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...columns, member: members })
      .from(lotteryEntries)
      .innerJoin(activities, eq(activities.id, lotteryEntries.activityId))
      .innerJoin(activitySessions, eq(activitySessions.id, lotteryEntries.sessionId))
      .innerJoin(members, eq(members.id, lotteryEntries.memberId))
      .where(where)
      // drawn entries in draw order, the others (registrations, a waiting list) in arrival order
      .orderBy(asc(lotteryEntries.sessionId), sql`${lotteryEntries.rank} ASC NULLS LAST`, asc(lotteryEntries.createdAt), asc(lotteryEntries.id))
      .offset(offset)
      .limit(limit),
    db.select({ n: count() }).from(lotteryEntries).where(where),
  ]);
  return { rows: rows.map((r) => ({ ...flatten(r), member: r.member })), total: total?.n ?? 0 };
}

/** A session's entrant ids as the lottery sees them: registrations before the draw, the drawn list after. */
export async function entrantIds(db: DbOrTx, sessionId: number, drawn: boolean): Promise<Array<{ id: number; rank: number | null }>> {
  return db
    .select({ id: lotteryEntries.id, rank: lotteryEntries.rank })
    .from(lotteryEntries)
    .where(and(eq(lotteryEntries.sessionId, sessionId), drawn ? sql`${lotteryEntries.rank} IS NOT NULL` : eq(lotteryEntries.status, 'registered')))
    .orderBy(sql`${lotteryEntries.rank} ASC NULLS LAST`, asc(lotteryEntries.id));
}

/** Write a session's draw: rank for everyone, the first `places` won (confirm by `confirmBy`), the rest wait. */
export async function writeDraw(db: DbOrTx, order: number[], places: number, confirmBy: Date): Promise<void> {
  if (!order.length) return;
  await db.execute(sql`
    UPDATE lottery_entries e SET rank = x.rank,
      status = CASE WHEN x.rank <= ${places} THEN 'won' ELSE 'lost' END,
      confirm_by = CASE WHEN x.rank <= ${places} THEN ${confirmBy.toISOString()}::timestamptz ELSE NULL END,
      updated_at = now()
    FROM json_to_recordset(${JSON.stringify(order.map((id, i) => ({ id, rank: i + 1 })))}::json) AS x(id bigint, rank int)
    WHERE e.id = x.id AND e.status = 'registered'`);
}

/** Winners past their deadline become expired; returns them (each to one caller only). */
export async function expireOverdue(db: DbOrTx, now: Date): Promise<EntryRow[]> {
  return db
    .update(lotteryEntries)
    .set({ status: 'expired', updatedAt: now })
    .where(and(eq(lotteryEntries.status, 'won'), sql`${lotteryEntries.confirmBy} <= ${now.toISOString()}::timestamptz`))
    .returning();
}

/** A session's places held by winners (confirmed or still to confirm). */
export async function placesHeld(db: DbOrTx, sessionId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(lotteryEntries).where(and(eq(lotteryEntries.sessionId, sessionId), inArray(lotteryEntries.status, ['won', 'confirmed'])));
  return row?.n ?? 0;
}

/** The next `n` not drawn, in draw order, locked for this transaction (other processes skip them). */
export async function nextInLine(db: DbOrTx, sessionId: number, status: 'lost' | 'waiting', n: number): Promise<EntryRow[]> {
  const order = status === 'lost' ? sql`rank ASC` : sql`created_at ASC, id ASC`;
  const rows = await queryRows<{ id: number }>(db, sql`SELECT id FROM lottery_entries WHERE session_id = ${sessionId} AND status = ${status} ORDER BY ${order} LIMIT ${n} FOR UPDATE SKIP LOCKED`);
  if (!rows.length) return [];
  const ids = rows.map((r) => Number(r.id));
  const found = await db.select().from(lotteryEntries).where(inArray(lotteryEntries.id, ids));
  return ids.map((id) => found.find((f) => f.id === id)!);
}

/** Account ids of members, for their in-app messages. */
export async function accountsOf(db: DbOrTx, memberIds: string[]): Promise<Map<string, string | null>> {
  if (!memberIds.length) return new Map();
  const rows = await db.select({ id: members.id, accountId: members.accountId }).from(members).where(inArray(members.id, memberIds));
  return new Map(rows.map((r) => [r.id, r.accountId]));
}

/** Lock an activity row: FOR SHARE by registrations, FOR UPDATE by the close, so no entry slips in after the list is taken. */
export async function lockActivity(db: DbOrTx, id: number, mode: 'share' | 'update'): Promise<{ closedAt: Date | null; drawnAt: Date | null; status: string } | null> {
  const rows = await queryRows<{ closed_at: string | Date | null; drawn_at: string | Date | null; status: string }>(
    db,
    mode === 'share' ? sql`SELECT closed_at, drawn_at, status FROM activities WHERE id = ${id} FOR SHARE` : sql`SELECT closed_at, drawn_at, status FROM activities WHERE id = ${id} FOR UPDATE`,
  );
  const r = rows[0];
  return r ? { closedAt: r.closed_at ? new Date(r.closed_at) : null, drawnAt: r.drawn_at ? new Date(r.drawn_at) : null, status: r.status } : null;
}

/** Lock a session row: its places change hands one at a time. */
export async function lockSession(db: DbOrTx, sessionId: number): Promise<void> {
  await db.execute(sql`SELECT 1 FROM activity_sessions WHERE id = ${sessionId} FOR UPDATE`);
}

/** Who was drawn in a session, with the result (after writeDraw). */
export function entrantMembers(db: DbOrTx, sessionId: number): Promise<Array<{ memberId: string; status: EntryStatus; rank: number | null }>> {
  return db.select({ memberId: lotteryEntries.memberId, status: lotteryEntries.status, rank: lotteryEntries.rank }).from(lotteryEntries).where(and(eq(lotteryEntries.sessionId, sessionId), sql`${lotteryEntries.rank} IS NOT NULL`));
}
