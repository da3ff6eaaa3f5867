/** SQL for member-app accounts and one-time SMS codes. */
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client.js';
import { accounts, smsCodes } from '../../db/schema.js';

export type AccountRow = typeof accounts.$inferSelect;

export async function findAccountByPhoneHash(db: DbOrTx, phoneHash: string): Promise<AccountRow | null> {
  const [row] = await db.select().from(accounts).where(eq(accounts.phoneHash, phoneHash)).limit(1);
  return row ?? null;
}

/** The status of each account (null for an unknown id), in the order asked: one statement for many. */
export async function findAccountStatuses(db: Db, ids: string[]): Promise<Array<AccountRow['status'] | null>> {
  const rows = await queryRows<{ id: string; status: AccountRow['status'] }>(
    db,
    sql`SELECT a.id, a.status FROM json_array_elements_text(${JSON.stringify(ids)}::json) AS x(id) JOIN accounts a ON a.id = x.id::uuid`,
  );
  const byId = new Map(rows.map((r) => [r.id, r.status]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function findAccountById(db: DbOrTx, id: string): Promise<AccountRow | null> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).limit(1);
  return row ?? null;
}

/** Insert, or null when the phone is already taken (the unique index decides, not a prior read). */
export async function insertAccount(db: DbOrTx, values: { phoneEnc: string; phoneHash: string; passwordHash: string }): Promise<AccountRow | null> {
  const rows = await db.insert(accounts).values(values).onConflictDoNothing({ target: accounts.phoneHash }).returning();
  return rows[0] ?? null;
}

export async function updateAccount(db: DbOrTx, id: string, values: Partial<Omit<AccountRow, 'id'>>): Promise<void> {
  await db.update(accounts).set(values).where(eq(accounts.id, id));
}

export async function insertSmsCode(db: DbOrTx, values: typeof smsCodes.$inferInsert): Promise<void> {
  await db.insert(smsCodes).values(values);
}

/** The newest code for this phone and purpose that is unused and unexpired. */
export async function findLiveSmsCode(db: DbOrTx, phoneHash: string, purpose: (typeof smsCodes.$inferSelect)['purpose'], now: Date) {
  const [row] = await db
    .select()
    .from(smsCodes)
    .where(and(eq(smsCodes.phoneHash, phoneHash), eq(smsCodes.purpose, purpose), isNull(smsCodes.usedAt), gt(smsCodes.expiresAt, now)))
    .orderBy(desc(smsCodes.createdAt))
    .limit(1);
  return row ?? null;
}

export async function countSmsAttempt(db: DbOrTx, id: number): Promise<void> {
  await db.update(smsCodes).set({ attempts: sql`${smsCodes.attempts} + 1` }).where(eq(smsCodes.id, id));
}

/** Mark used; false if another request used it first (single use under concurrency). */
export async function consumeSmsCode(db: DbOrTx, id: number, now: Date): Promise<boolean> {
  const rows = await db.update(smsCodes).set({ usedAt: now }).where(and(eq(smsCodes.id, id), isNull(smsCodes.usedAt))).returning({ id: smsCodes.id });
  return rows.length === 1;
}
