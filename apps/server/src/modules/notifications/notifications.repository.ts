/** SQL for in-app messages: a member's inbox (account_id) and the unions' inbox (org_path). */
import { and, count, desc, eq, inArray, isNull, like, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { likePrefix } from '../../db/like.js';
import { consents, notifications } from '../../db/schema.js';

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotification = typeof notifications.$inferInsert;

export async function insertNotifications(db: DbOrTx, rows: NewNotification[]): Promise<void> {
  if (rows.length) await db.insert(notifications).values(rows);
}

/** Whose inbox: one account's, or every union notification under a path prefix. */
export type Inbox = { accountId: string } | { orgPath: string };
const inboxCondition = (inbox: Inbox): SQL =>
  'accountId' in inbox ? eq(notifications.accountId, inbox.accountId) : like(notifications.orgPath, likePrefix(inbox.orgPath));

export async function listInbox(db: DbOrTx, inbox: Inbox, opts: { unreadOnly: boolean; offset: number; limit: number }) {
  const where = opts.unreadOnly ? and(inboxCondition(inbox), isNull(notifications.readAt)) : inboxCondition(inbox);
  const [rows, [totals]] = await Promise.all([
    db.select().from(notifications).where(where).orderBy(desc(notifications.createdAt), desc(notifications.id)).offset(opts.offset).limit(opts.limit),
    db
      .select({ total: count(), unread: sql<number>`count(*) FILTER (WHERE ${notifications.readAt} IS NULL)`.mapWith(Number) })
      .from(notifications)
      .where(inboxCondition(inbox)),
  ]);
  const total = opts.unreadOnly ? (totals?.unread ?? 0) : (totals?.total ?? 0);
  return { rows, total, unread: totals?.unread ?? 0 };
}

export async function markRead(db: DbOrTx, inbox: Inbox, ids: number[] | undefined, at: Date): Promise<number> {
  const conditions = [inboxCondition(inbox), isNull(notifications.readAt)];
  if (ids) conditions.push(inArray(notifications.id, ids));
  const rows = await db.update(notifications).set({ readAt: at }).where(and(...conditions)).returning({ id: notifications.id });
  return rows.length;
}

export async function countForAccount(db: DbOrTx, accountId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(eq(notifications.accountId, accountId));
  return row?.n ?? 0;
}

/** Whether the latest record of this consent is a withdrawal. */
export async function consentWithdrawn(db: DbOrTx, accountId: string, kind: (typeof consents.$inferSelect)['kind']): Promise<boolean> {
  const [row] = await db
    .select({ action: consents.action })
    .from(consents)
    .where(and(eq(consents.accountId, accountId), eq(consents.kind, kind)))
    .orderBy(desc(consents.at), desc(consents.id))
    .limit(1);
  return row?.action === 'withdrawn';
}
