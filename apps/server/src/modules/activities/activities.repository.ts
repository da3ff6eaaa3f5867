/** SQL for activities, their sessions, tickets and lottery entries. */
import { and, asc, count, desc, eq, inArray, isNotNull, like, ne, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';
import { likeContains, likePrefix } from '../../db/like.js';
import { activities, activityCovers, activitySessions, members, organizations, tickets } from '../../db/schema.js';

export type ActivityRow = typeof activities.$inferSelect;
export type NewActivity = typeof activities.$inferInsert;
export type SessionRow = typeof activitySessions.$inferSelect;
export type TicketRow = typeof tickets.$inferSelect;
export interface ActivityWithOrg extends ActivityRow {
  orgName: string;
}

export async function insertActivity(db: DbOrTx, values: NewActivity, sessions: Array<Omit<typeof activitySessions.$inferInsert, 'activityId'>>): Promise<number> {
  const [row] = await db.insert(activities).values(values).returning({ id: activities.id });
  await db.insert(activitySessions).values(sessions.map((s, i) => ({ ...s, activityId: row!.id, position: i })));
  return row!.id;
}

export async function replaceSessions(db: DbOrTx, activityId: number, sessions: Array<Omit<typeof activitySessions.$inferInsert, 'activityId'>>): Promise<void> {
  await db.delete(activitySessions).where(eq(activitySessions.activityId, activityId));
  await db.insert(activitySessions).values(sessions.map((s, i) => ({ ...s, activityId, position: i })));
}

export async function updateSession(db: DbOrTx, id: number, values: Partial<typeof activitySessions.$inferInsert>): Promise<void> {
  await db.update(activitySessions).set(values).where(eq(activitySessions.id, id));
}

export async function updateActivity(db: DbOrTx, id: number, values: Partial<NewActivity>): Promise<void> {
  await db.update(activities).set({ ...values, updatedAt: new Date() }).where(eq(activities.id, id));
}

const withOrg = { activity: activities, orgName: organizations.name };
export async function findActivity(db: DbOrTx, id: number): Promise<ActivityWithOrg | null> {
  const [row] = await db.select(withOrg).from(activities).innerJoin(organizations, eq(organizations.id, activities.orgId)).where(eq(activities.id, id)).limit(1);
  return row ? { ...row.activity, orgName: row.orgName } : null;
}

export function sessionsOf(db: DbOrTx, activityIds: number[]): Promise<SessionRow[]> {
  if (!activityIds.length) return Promise.resolve([]);
  return db.select().from(activitySessions).where(inArray(activitySessions.activityId, activityIds)).orderBy(asc(activitySessions.activityId), asc(activitySessions.position));
}

export async function listActivities(db: DbOrTx, f: { pathPrefix?: string; visibleToPath?: string; status?: ActivityRow['status'] | undefined; statuses?: Array<ActivityRow['status']>; q?: string | undefined; soonestFirst?: boolean }, offset: number, limit: number) {
  const conditions: SQL[] = [];
  if (f.pathPrefix) conditions.push(like(activities.orgPath, likePrefix(f.pathPrefix)));
  // a member sees activities of the unions above them (their path starts with the activity's)
  if (f.visibleToPath) conditions.push(sql`${f.visibleToPath} LIKE ${activities.orgPath} || '%'`);
  if (f.status) conditions.push(eq(activities.status, f.status));
  if (f.statuses) conditions.push(inArray(activities.status, f.statuses));
  if (f.q) conditions.push(like(activities.title, likeContains(f.q)));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select(withOrg)
      .from(activities)
      .innerJoin(organizations, eq(organizations.id, activities.orgId))
      .where(where)
      // members: the ones still open first, soonest window first; admins: the newest first
      .orderBy(...(f.soonestFirst ? [sql`${activities.windowEnd} < now()`, asc(activities.windowStart)] : [desc(activities.windowStart)]), desc(activities.id))
      .offset(offset)
      .limit(limit),
    db.select({ n: count() }).from(activities).where(where),
  ]);
  return { rows: rows.map((r) => ({ ...r.activity, orgName: r.orgName })), total: total?.n ?? 0 };
}

/** Live tickets per session (of one activity, or of a page of them): seats taken, and how many are checked in. */
export async function sessionCounts(db: DbOrTx, activityId: number | number[]): Promise<Map<number, { allocated: number; checkedIn: number }>> {
  const ids = Array.isArray(activityId) ? activityId : [activityId];
  if (!ids.length) return new Map();
  const rows = await db
    .select({ sessionId: tickets.sessionId, allocated: count(), checkedIn: sql<number>`count(*) FILTER (WHERE ${tickets.status} = 'checked_in')`.mapWith(Number) })
    .from(tickets)
    .where(and(inArray(tickets.activityId, ids), ne(tickets.status, 'cancelled')))
    .groupBy(tickets.sessionId);
  return new Map(rows.map((r) => [r.sessionId, { allocated: r.allocated, checkedIn: r.checkedIn }]));
}

/** What the gate is rebuilt from. */
export async function gateState(db: DbOrTx, activityId: number) {
  const live = await db
    .select({ sessionId: tickets.sessionId, seatNo: tickets.seatNo, memberId: tickets.memberId, n: tickets.n })
    .from(tickets)
    .where(and(eq(tickets.activityId, activityId), ne(tickets.status, 'cancelled')));
  return live;
}

/**
 * The idempotency keys the activity's tickets were allocated under, with their member's account:
 * a process whose remembered answers are gone (a restart) still knows which retries already won.
 */
export async function allocatedKeys(db: DbOrTx, activityId: number): Promise<Array<{ accountId: string; key: string }>> {
  const rows = await db
    .select({ accountId: members.accountId, key: tickets.idempotencyKey })
    .from(tickets)
    .innerJoin(members, eq(members.id, tickets.memberId))
    .where(and(eq(tickets.activityId, activityId), isNotNull(tickets.idempotencyKey), isNotNull(members.accountId)));
  return rows.flatMap((r) => (r.accountId && r.key ? [{ accountId: r.accountId, key: r.key }] : []));
}

export interface NewTicket {
  activityId: number;
  sessionId: number;
  memberId: string;
  n: number;
  seatNo: number;
  code: string;
  idempotencyKey: string | null;
}
/**
 * Insert a batch of allocations in one statement. A row that breaks a unique index (a seat or a
 * member's nth ticket already live, a repeated idempotency key) is skipped, not inserted: the
 * returned codes (with their ids) are the rows that are now durable.
 */
export async function insertTickets(db: DbOrTx, rows: NewTicket[]): Promise<Map<string, { id: number; createdAt: Date }>> {
  const inserted = await queryRows<{ code: string; id: number; created_at: string | Date }>(
    db,
    sql`INSERT INTO tickets (activity_id, session_id, member_id, n, seat_no, code, idempotency_key)
        SELECT activity_id, session_id, member_id, n, seat_no, code, idempotency_key
        FROM json_to_recordset(${JSON.stringify(rows.map((r) => ({ activity_id: r.activityId, session_id: r.sessionId, member_id: r.memberId, n: r.n, seat_no: r.seatNo, code: r.code, idempotency_key: r.idempotencyKey })))}::json)
          AS x(activity_id bigint, session_id bigint, member_id uuid, n int, seat_no int, code text, idempotency_key text)
        ON CONFLICT DO NOTHING
        RETURNING code, id, created_at`,
  );
  return new Map(inserted.map((r) => [r.code, { id: Number(r.id), createdAt: new Date(r.created_at) }]));
}

export interface TicketWithNames extends TicketRow {
  activityTitle: string;
  sessionName: string;
  startsAt: Date;
}
const ticketColumns = { ticket: tickets, activityTitle: activities.title, sessionName: activitySessions.name, startsAt: activitySessions.startsAt };
const ticketBase = (db: DbOrTx) =>
  db.select(ticketColumns).from(tickets).innerJoin(activities, eq(activities.id, tickets.activityId)).innerJoin(activitySessions, eq(activitySessions.id, tickets.sessionId));
const flattenTicket = (r: { ticket: TicketRow; activityTitle: string; sessionName: string; startsAt: Date }): TicketWithNames => ({ ...r.ticket, activityTitle: r.activityTitle, sessionName: r.sessionName, startsAt: r.startsAt });

export async function findTicketByIdempotency(db: DbOrTx, activityId: number, memberId: string, key: string): Promise<TicketWithNames | null> {
  const [row] = await ticketBase(db).where(and(eq(tickets.activityId, activityId), eq(tickets.memberId, memberId), eq(tickets.idempotencyKey, key))).limit(1);
  return row ? flattenTicket(row) : null;
}
export async function findTicketByCode(db: DbOrTx, code: string): Promise<TicketWithNames | null> {
  const [row] = await ticketBase(db).where(eq(tickets.code, code)).limit(1);
  return row ? flattenTicket(row) : null;
}
export async function findTicket(db: DbOrTx, id: number): Promise<TicketWithNames | null> {
  const [row] = await ticketBase(db).where(eq(tickets.id, id)).limit(1);
  return row ? flattenTicket(row) : null;
}
export async function ticketsOfMember(db: DbOrTx, memberId: string, offset: number, limit: number) {
  const where = eq(tickets.memberId, memberId);
  const [rows, [total]] = await Promise.all([ticketBase(db).where(where).orderBy(desc(tickets.createdAt), desc(tickets.id)).offset(offset).limit(limit), db.select({ n: count() }).from(tickets).where(where)]);
  return { rows: rows.map(flattenTicket), total: total?.n ?? 0 };
}
export async function ticketsOfActivity(db: DbOrTx, activityId: number, offset: number, limit: number) {
  const where = eq(tickets.activityId, activityId);
  const [rows, [total]] = await Promise.all([
    db.select({ ...ticketColumns, member: members }).from(tickets).innerJoin(activities, eq(activities.id, tickets.activityId)).innerJoin(activitySessions, eq(activitySessions.id, tickets.sessionId)).innerJoin(members, eq(members.id, tickets.memberId)).where(where).orderBy(asc(tickets.sessionId), asc(tickets.seatNo), asc(tickets.id)).offset(offset).limit(limit),
    db.select({ n: count() }).from(tickets).where(where),
  ]);
  return { rows: rows.map((r) => ({ ...flattenTicket(r), member: r.member })), total: total?.n ?? 0 };
}

/** Move a ticket from one status to another; false when it was not in `from` (someone was first). */
export async function moveTicket(db: DbOrTx, id: number, from: TicketRow['status'], values: Partial<TicketRow> & Pick<TicketRow, 'status'>): Promise<boolean> {
  const rows = await db.update(tickets).set(values).where(and(eq(tickets.id, id), eq(tickets.status, from))).returning({ id: tickets.id });
  return rows.length > 0;
}

/** The lowest seat of a session no live ticket holds (call with the session row locked). */
export async function lowestFreeSeat(db: DbOrTx, sessionId: number, capacity: number): Promise<number | null> {
  const [row] = await queryRows<{ s: number }>(
    db,
    sql`SELECT s FROM generate_series(1, ${capacity}::int) AS s
        WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.session_id = ${sessionId} AND t.seat_no = s AND t.status <> 'cancelled')
        ORDER BY s LIMIT 1`,
  );
  return row ? Number(row.s) : null;
}

/** The numbers n of a member's live tickets of an activity. */
export async function liveNumbers(db: DbOrTx, activityId: number, memberId: string): Promise<number[]> {
  const rows = await db.select({ n: tickets.n }).from(tickets).where(and(eq(tickets.activityId, activityId), eq(tickets.memberId, memberId), ne(tickets.status, 'cancelled')));
  return rows.map((r) => r.n);
}

/** The activities whose window has ended but are still published: to close. */
export async function dueToClose(db: DbOrTx, now: Date): Promise<ActivityRow[]> {
  return db.select().from(activities).where(and(eq(activities.status, 'published'), sql`${activities.windowEnd} <= ${now.toISOString()}::timestamptz`)).limit(100);
}

export async function findCover(db: DbOrTx, activityId: number): Promise<{ data: Buffer; contentType: string } | null> {
  const [row] = await db.select().from(activityCovers).where(eq(activityCovers.activityId, activityId)).limit(1);
  return row ? { data: Buffer.from(row.data, 'base64'), contentType: row.contentType } : null;
}

/** Store (or replace, or with null remove) an activity's cover and bump its version. */
export async function setCover(db: DbOrTx, activityId: number, cover: { data: Buffer; contentType: string } | null): Promise<void> {
  if (cover) {
    const values = { activityId, contentType: cover.contentType, bytes: cover.data.length, data: cover.data.toString('base64'), updatedAt: new Date() };
    await db.insert(activityCovers).values(values).onConflictDoUpdate({ target: activityCovers.activityId, set: values });
    await db.update(activities).set({ coverVersion: sql`coalesce(${activities.coverVersion}, 0) + 1`, updatedAt: new Date() }).where(eq(activities.id, activityId));
  } else {
    await db.delete(activityCovers).where(eq(activityCovers.activityId, activityId));
    await db.update(activities).set({ coverVersion: null, updatedAt: new Date() }).where(eq(activities.id, activityId));
  }
}
