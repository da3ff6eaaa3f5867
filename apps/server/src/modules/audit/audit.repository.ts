/** Reading the audit log (writing is platform/audit.ts). */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';

export type AuditRow = typeof auditLog.$inferSelect;

export async function listAudit(
  db: DbOrTx,
  f: { pathPrefix: string; action?: string | undefined; outcome?: AuditRow['outcome'] | undefined; actorName?: string | undefined },
  offset: number,
  limit: number,
): Promise<{ rows: AuditRow[]; total: number }> {
  const conditions: SQL[] = [sql`${auditLog.orgPath} LIKE ${`${f.pathPrefix}%`}`];
  if (f.action) conditions.push(eq(auditLog.action, f.action));
  if (f.outcome) conditions.push(eq(auditLog.outcome, f.outcome));
  if (f.actorName) conditions.push(eq(auditLog.actorName, f.actorName));
  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).offset(offset).limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}
