/**
 * The member-journey part of the demo province: applications waiting at unions (some overdue),
 * a transfer and a join-from-held, real-name reviews with sample ID photos, held members due a
 * reminder, messages and consent records for the demo logins. Runs inside the demo seed's
 * transaction, after the members exist.
 */
import { CONSENT_VERSIONS, type ConsentKind } from '@gonghui/contracts';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { AppContext } from '../../context.js';
import { queryRows, type DbOrTx } from '../client.js';
import { accounts, consents, identityPhotos, identityReviews, joinRequests, membershipEvents, notifications } from '../schema.js';

const DAY_MS = 86_400_000;

/** A sample ID card picture, clearly marked as a sample. */
async function samplePhoto(side: 'front' | 'back', name: string): Promise<Buffer> {
  const text = side === 'front' ? `姓名 ${name}\u3000\u3000样例 SAMPLE` : '中华人民共和国\u3000居民身份证\u3000样例 SAMPLE';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="856" height="540"><rect width="856" height="540" rx="28" fill="${side === 'front' ? '#eef3f8' : '#f6efe6'}"/><rect x="24" y="24" width="808" height="492" rx="20" fill="none" stroke="#9fb3c8" stroke-width="4"/><text x="60" y="130" font-size="40" font-family="sans-serif" fill="#33475b">${text}</text><text x="60" y="460" font-size="28" font-family="sans-serif" fill="#c0392b">演示数据 · Demo data</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

export async function seedJourneyDemo(tx: DbOrTx, ctx: Pick<AppContext, 'cipher'>, opts: { memberPasswordHash: string; demoPhones: readonly string[] }): Promise<void> {
  const now = Date.now();
  const daysAgo = (d: number) => new Date(now - d * DAY_MS);

  // Every pending member has an application at their union, filed 1–8 days ago (some overdue).
  const pending = await queryRows<{ id: string; org_id: number; path: string }>(tx, sql`SELECT m.id, m.org_id, o.path FROM members m JOIN organizations o ON o.id = m.org_id WHERE m.status = 'pending' ORDER BY m.id`);
  for (const [i, m] of pending.entries()) {
    const at = daysAgo(1 + (i % 8));
    await tx.insert(joinRequests).values({ memberId: m.id, kind: 'join', toOrgId: m.org_id, toOrgPath: m.path, note: i % 3 === 0 ? '新入职员工' : null, createdAt: at });
    await tx.execute(sql`UPDATE membership_events SET at = ${at.toISOString()}::timestamptz WHERE member_id = ${m.id} AND kind = 'applied'`);
  }

  // Held members: since when (most over 90 days, so the reminders show), one asking to join a new union.
  const held = await queryRows<{ id: string; org_id: number }>(tx, sql`SELECT id, org_id FROM members WHERE status = 'held' ORDER BY id`);
  for (const [i, m] of held.entries()) {
    const since = daysAgo(i % 4 === 0 ? 30 + i : 100 + i * 3);
    await tx.execute(sql`UPDATE members SET held_since = ${since.toISOString()}::timestamptz WHERE id = ${m.id}`);
    await tx.update(membershipEvents).set({ at: since }).where(sql`member_id = ${m.id} AND kind = 'held'`);
  }
  // A held member asking to join a new employer's union, and an active member asking to transfer:
  // both within 广州, so the receiving union is the one that decides.
  const gzPath = (await queryRows<{ path: string }>(tx, sql`SELECT path FROM organizations WHERE name = '广州市总工会'`))[0]?.path ?? '/';
  const bases = await queryRows<{ id: number; path: string }>(tx, sql`SELECT id, path FROM organizations WHERE level = 'base' AND status = 'active' AND path LIKE ${`${gzPath}%`} ORDER BY id`);
  const [heldAsking] = await queryRows<{ id: string; org_id: number }>(tx, sql`SELECT m.id, m.org_id FROM members m JOIN organizations o ON o.id = m.org_id WHERE m.status = 'held' AND o.path LIKE ${`${gzPath}%`} AND m.account_id IS NULL ORDER BY m.id LIMIT 1`);
  if (heldAsking && bases.length > 2) {
    const to = bases[2]!;
    await tx.insert(joinRequests).values({ memberId: heldAsking.id, kind: 'join_from_held', fromOrgId: heldAsking.org_id, toOrgId: to.id, toOrgPath: to.path, note: '已入职新单位', createdAt: daysAgo(2) });
  }
  const [mover] = await queryRows<{ id: string; org_id: number }>(tx, sql`SELECT m.id, m.org_id FROM members m WHERE m.status = 'active' AND m.account_id IS NULL AND m.org_path LIKE ${`${gzPath}%`} ORDER BY m.id LIMIT 1 OFFSET 7`);
  const target = bases.find((b) => b.id !== mover?.org_id);
  if (mover && target) await tx.insert(joinRequests).values({ memberId: mover.id, kind: 'transfer', fromOrgId: mover.org_id, toOrgId: target.id, toOrgPath: target.path, note: '工作调动', createdAt: daysAgo(5) });

  // Real-name reviews waiting at the province: people who registered and uploaded their ID photos.
  const root = (await queryRows<{ id: number; path: string }>(tx, sql`SELECT id, path FROM organizations WHERE parent_id IS NULL`))[0]!;
  const waiting = await queryRows<{ id: string; name: string; id_number_enc: string; id_number_hash: string; phone_enc: string; phone_hash: string }>(
    tx,
    sql`SELECT id, name, id_number_enc, id_number_hash, phone_enc, phone_hash FROM members WHERE status = 'registered' AND verification = 'pending' AND account_id IS NULL ORDER BY id`,
  );
  for (const [i, m] of waiting.entries()) {
    if (i >= 5) {
      await tx.execute(sql`UPDATE members SET verification = 'unverified' WHERE id = ${m.id}`);
      continue;
    }
    const [acc] = await tx.insert(accounts).values({ phoneEnc: m.phone_enc, phoneHash: m.phone_hash, passwordHash: opts.memberPasswordHash }).onConflictDoNothing().returning({ id: accounts.id });
    if (!acc) continue;
    await tx.execute(sql`UPDATE members SET account_id = ${acc.id} WHERE id = ${m.id}`);
    const [review] = await tx
      .insert(identityReviews)
      .values({ kind: 'verification', method: 'manual', status: 'pending', accountId: acc.id, memberId: m.id, name: m.name, idNumberEnc: m.id_number_enc, idNumberHash: m.id_number_hash, reviewOrgId: root.id, reviewOrgPath: root.path, createdAt: daysAgo(i + 1) })
      .returning({ id: identityReviews.id });
    const photos: Record<string, string> = {};
    for (const side of ['front', 'back'] as const) {
      const data = await samplePhoto(side, m.name);
      const [p] = await tx.insert(identityPhotos).values({ reviewId: review!.id, side, contentType: 'image/jpeg', bytes: data.length, dataEnc: ctx.cipher.encryptBytes(data) }).returning({ id: identityPhotos.id });
      photos[side] = p!.id;
    }
    await tx.update(identityReviews).set({ photos }).where(sql`id = ${review!.id}`);
  }

  // Messages of the demo members.
  const [yang, liang] = await Promise.all(
    opts.demoPhones.slice(0, 2).map(async (phone) => (await queryRows<{ account_id: string; org: string | null; card_no: string | null }>(tx, sql`SELECT m.account_id, o.name AS org, m.card_no FROM members m LEFT JOIN organizations o ON o.id = m.org_id WHERE m.phone_hash = ${ctx.cipher.lookupHash('phone', phone)} AND m.account_id IS NOT NULL`))[0]),
  );
  const msgs: Array<typeof notifications.$inferInsert> = [];
  if (yang) {
    msgs.push({ accountId: yang.account_id, kind: 'verification_approved', params: {}, createdAt: daysAgo(40), readAt: daysAgo(39) });
    msgs.push({ accountId: yang.account_id, kind: 'join_approved', params: { org: yang.org ?? '', cardNo: yang.card_no ?? '' }, createdAt: daysAgo(38) });
  }
  if (liang) {
    await tx.execute(sql`UPDATE members SET held_since = ${daysAgo(120).toISOString()}::timestamptz, held_reminded_at = ${daysAgo(29).toISOString()}::timestamptz WHERE account_id = ${liang.account_id}`);
    await tx.update(membershipEvents).set({ at: daysAgo(120) }).where(sql`member_id = (SELECT id FROM members WHERE account_id = ${liang.account_id}) AND kind = 'held'`);
    msgs.push({ accountId: liang.account_id, kind: 'held', params: { org: liang.org ?? '' }, createdAt: daysAgo(120), readAt: daysAgo(119) });
    msgs.push({ accountId: liang.account_id, kind: 'held_reminder', params: { org: liang.org ?? '', days: 91 }, createdAt: daysAgo(29) });
  }
  if (msgs.length) await tx.insert(notifications).values(msgs);
  // Consent records for every demo login, as their registration would have made them.
  const demoAccounts = await queryRows<{ id: string }>(tx, sql`SELECT id FROM accounts ORDER BY created_at, id`);
  const kinds: ConsentKind[] = ['terms', 'privacy', 'sms_notices'];
  if (demoAccounts.length) await tx.insert(consents).values(demoAccounts.flatMap((a) => kinds.map((kind) => ({ accountId: a.id, kind, action: 'granted' as const, version: CONSENT_VERSIONS[kind], channel: 'register', at: daysAgo(30) }))));

}
