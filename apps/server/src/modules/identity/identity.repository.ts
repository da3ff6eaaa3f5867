/** SQL for identity reviews (verification, correction, reclaim) and their encrypted ID photos. */
import { and, count, desc, eq, gte, inArray, like, lte, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';
import { likePrefix } from '../../db/like.js';
import { identityPhotos, identityReviews, members, organizations } from '../../db/schema.js';

export type ReviewRow = typeof identityReviews.$inferSelect;
export type NewReview = typeof identityReviews.$inferInsert;
export type PhotoRow = typeof identityPhotos.$inferSelect;
export interface ReviewWithNames extends ReviewRow {
  reviewOrgName: string | null;
  memberName: string | null;
  memberOrgName: string | null;
  memberStatus: (typeof members.$inferSelect)['status'] | null;
  memberIdNumberEnc: string | null;
}

const withNames = {
  review: identityReviews,
  reviewOrgName: sql<string | null>`(SELECT name FROM organizations WHERE id = "identity_reviews"."review_org_id")`,
  memberName: members.name,
  memberStatus: members.status,
  memberIdNumberEnc: members.idNumberEnc,
  memberOrgName: organizations.name,
};
const base = (db: DbOrTx) =>
  db.select(withNames).from(identityReviews).leftJoin(members, eq(members.id, identityReviews.memberId)).leftJoin(organizations, eq(organizations.id, members.orgId));
const flatten = (r: Omit<ReviewWithNames, keyof ReviewRow> & { review: ReviewRow }): ReviewWithNames => {
  const { review, ...names } = r;
  return { ...review, ...names };
};

/** Insert, or null when an open review of this kind exists for the account (or phone, for reclaims). */
export async function insertReview(db: DbOrTx, values: NewReview): Promise<ReviewRow | null> {
  const rows = await db.insert(identityReviews).values(values).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

export async function findReview(db: DbOrTx, id: number, opts: { forUpdate?: boolean } = {}): Promise<ReviewWithNames | null> {
  if (opts.forUpdate) await db.execute(sql`SELECT 1 FROM ${identityReviews} WHERE id = ${id} FOR UPDATE`);
  const [row] = await base(db).where(eq(identityReviews.id, id)).limit(1);
  return row ? flatten(row) : null;
}

export async function latestOfAccount(db: DbOrTx, accountId: string, kind: ReviewRow['kind']): Promise<ReviewRow | null> {
  const [row] = await db
    .select()
    .from(identityReviews)
    .where(and(eq(identityReviews.accountId, accountId), eq(identityReviews.kind, kind)))
    .orderBy(desc(identityReviews.createdAt), desc(identityReviews.id))
    .limit(1);
  return row ?? null;
}

export async function listOfAccount(db: DbOrTx, accountId: string): Promise<ReviewRow[]> {
  return db.select().from(identityReviews).where(eq(identityReviews.accountId, accountId)).orderBy(desc(identityReviews.createdAt)).limit(100);
}

/** Failed provider checks of an account since an instant (the daily failure limit). */
export async function countFailures(db: DbOrTx, accountId: string, since: Date): Promise<{ n: number; oldest: Date | null }> {
  const [row] = await db
    .select({ n: count(), oldest: sql<string | null>`min(${identityReviews.createdAt})` })
    .from(identityReviews)
    .where(and(eq(identityReviews.accountId, accountId), eq(identityReviews.kind, 'verification'), eq(identityReviews.method, 'provider'), eq(identityReviews.status, 'rejected'), gte(identityReviews.createdAt, since)));
  return { n: row?.n ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
}

export async function updateReview(db: DbOrTx, id: number, values: Partial<NewReview>): Promise<void> {
  await db.update(identityReviews).set(values).where(eq(identityReviews.id, id));
}

/** Decide an open review; of two deciders at once exactly one gets the row back. */
export async function closeReview(db: DbOrTx, id: number, values: Partial<NewReview> & Pick<NewReview, 'status'>): Promise<ReviewRow | null> {
  const rows = await db
    .update(identityReviews)
    .set({ ...values, decidedAt: new Date() })
    .where(and(eq(identityReviews.id, id), inArray(identityReviews.status, ['awaiting_photos', 'pending'])))
    .returning();
  return rows[0] ?? null;
}

export interface QueueFilter {
  pathPrefix: string;
  status: ReviewRow['status'];
  kind?: ReviewRow['kind'] | undefined;
  createdBefore?: Date | undefined;
}
export async function listQueue(db: DbOrTx, f: QueueFilter, offset: number, limit: number) {
  const conditions: SQL[] = [like(identityReviews.reviewOrgPath, likePrefix(f.pathPrefix)), eq(identityReviews.status, f.status)];
  if (f.kind) conditions.push(eq(identityReviews.kind, f.kind));
  if (f.createdBefore) conditions.push(lte(identityReviews.createdAt, f.createdBefore));
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    base(db)
      .where(where)
      .orderBy(f.status === 'pending' || f.status === 'awaiting_photos' ? identityReviews.createdAt : desc(identityReviews.decidedAt), identityReviews.id)
      .offset(offset)
      .limit(limit),
    db.select({ n: count() }).from(identityReviews).where(where),
  ]);
  return { rows: rows.map(flatten), total: total?.n ?? 0 };
}

export async function insertPhoto(db: DbOrTx, values: typeof identityPhotos.$inferInsert): Promise<PhotoRow> {
  const [row] = await db.insert(identityPhotos).values(values).returning();
  return row!;
}
export async function findPhoto(db: DbOrTx, id: string): Promise<PhotoRow | null> {
  const [row] = await db.select().from(identityPhotos).where(eq(identityPhotos.id, id)).limit(1);
  return row ?? null;
}
export async function deletePhoto(db: DbOrTx, id: string): Promise<void> {
  await db.delete(identityPhotos).where(eq(identityPhotos.id, id));
}

/**
 * Delete the photos of up to `limit` closed reviews decided before `before` (oldest first; rows
 * another process is purging are skipped) and mark the reviews. Run inside a transaction.
 */
export async function purgePhotosDecidedBefore(tx: DbOrTx, before: Date, limit: number): Promise<Array<{ id: number; orgId: number; orgPath: string; photos: number }>> {
  const rows = await queryRows<{ id: number; review_org_id: number; review_org_path: string }>(
    tx,
    sql`SELECT id, review_org_id, review_org_path FROM identity_reviews
        WHERE photos <> '{}'::jsonb AND decided_at IS NOT NULL AND decided_at < ${before.toISOString()}::timestamptz
          AND status IN ('approved', 'rejected', 'withdrawn')
        ORDER BY decided_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
  );
  if (!rows.length) return [];
  const ids = JSON.stringify(rows.map((r) => Number(r.id)));
  const deleted = await queryRows<{ review_id: number }>(tx, sql`DELETE FROM identity_photos WHERE review_id IN (SELECT json_array_elements_text(${ids}::json)::bigint) RETURNING review_id`);
  await tx.execute(sql`UPDATE identity_reviews SET photos = '{}'::jsonb, photos_purged_at = now() WHERE id IN (SELECT json_array_elements_text(${ids}::json)::bigint)`);
  const perReview = new Map<number, number>();
  for (const d of deleted) perReview.set(Number(d.review_id), (perReview.get(Number(d.review_id)) ?? 0) + 1);
  return rows.map((r) => ({ id: Number(r.id), orgId: Number(r.review_org_id), orgPath: r.review_org_path, photos: perReview.get(Number(r.id)) ?? 0 }));
}
