/** SQL for consent records and the person's own sessions (PIPL). */
import { CONSENT_VERSIONS, type ConsentKind } from '@gonghui/contracts';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { consents, notifications, sessions } from '../../db/schema.js';

export type ConsentRow = typeof consents.$inferSelect;

export async function insertConsents(db: DbOrTx, rows: Array<typeof consents.$inferInsert>): Promise<void> {
  if (rows.length) await db.insert(consents).values(rows);
}

/** What a registration agrees to: the required texts and SMS notices (which can be withdrawn later). */
export async function recordRegistrationConsents(db: DbOrTx, accountId: string, meta: { ip: string | null }): Promise<void> {
  const kinds: ConsentKind[] = ['terms', 'privacy', 'sms_notices'];
  await insertConsents(db, kinds.map((kind) => ({ accountId, kind, action: 'granted' as const, version: CONSENT_VERSIONS[kind], channel: 'register', ip: meta.ip })));
}

export function consentsOf(db: DbOrTx, accountId: string): Promise<ConsentRow[]> {
  return db.select().from(consents).where(eq(consents.accountId, accountId)).orderBy(asc(consents.at), asc(consents.id));
}

export function liveSessionsOf(db: DbOrTx, accountId: string) {
  return db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, userAgent: sessions.userAgent })
    .from(sessions)
    .where(and(eq(sessions.subjectType, 'member'), eq(sessions.subjectId, accountId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())));
}

export async function deleteNotificationsOf(db: DbOrTx, accountId: string): Promise<void> {
  await db.delete(notifications).where(eq(notifications.accountId, accountId));
}
