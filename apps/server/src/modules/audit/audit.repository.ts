/** Reading the audit log (writing is platform/audit.ts). */
import { and, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { auditLog, organizations } from '../../db/schema.js';

export type AuditRow = typeof auditLog.$inferSelect & { orgName: string | null };

export async function listAudit(
  db: DbOrTx,
  f: {
    pathPrefix: string;
    /** The root of the tree also sees events tied to no organization (e.g. logins of unknown users). */
    includeUnattributed: boolean;
    action?: string | undefined;
    outcome?: AuditRow['outcome'] | undefined;
    actorName?: string | undefined;
  },
  offset: number,
  limit: number,
): Promise<{ rows: AuditRow[]; total: number }> {
  const inScope = sql`${auditLog.orgPath} LIKE ${`${f.pathPrefix}%`}`;
  const conditions: SQL[] = [f.includeUnattributed ? or(inScope, sql`${auditLog.orgPath} IS NULL`)! : inScope];
  if (f.action) conditions.push(eq(auditLog.action, f.action));
  if (f.outcome) conditions.push(eq(auditLog.outcome, f.outcome));
  if (f.actorName) conditions.push(eq(auditLog.actorName, f.actorName));
  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    db
      .select({ entry: auditLog, orgName: organizations.name })
      .from(auditLog)
      .leftJoin(organizations, eq(organizations.id, auditLog.orgId))
      .where(where)
      .orderBy(desc(auditLog.id))
      .offset(offset)
      .limit(limit)
      .then((rows) => rows.map((r) => ({ ...r.entry, orgName: r.orgName }))),
    db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}
