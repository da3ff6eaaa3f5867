/**
 * ID photo retention: the photos of identity reviews closed longer ago than
 * IDENTITY_PHOTO_RETENTION_DAYS are deleted (the review and its decision stay, marked), each
 * deletion audited; open reviews and recent decisions keep theirs; 0 keeps everything.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { bearer, createHarness, loginAdmin, type Harness } from '../../test/harness.js';
import { freshIdNumber, registerMember, uploadIdPhotos } from '../../test/journey-helpers.js';
import { purgeOldIdentityPhotos } from './identity.service.js';

let h: Harness;
let gd: string;
beforeAll(async () => {
  h = await createHarness({ env: { IDENTITY_PHOTO_RETENTION_DAYS: '180' } });
  gd = await loginAdmin(h, 'gd_admin');
});
afterAll(() => h.close());

const get = (url: string, token: string) => h.app.inject({ url, headers: bearer(token) });
const post = (url: string, token: string, payload: object = {}) => h.app.inject({ method: 'POST', url, payload, headers: bearer(token) });

/** A member's manual verification with both photos uploaded; decided (approved) unless `open`. */
async function review(name: string, { open = false } = {}): Promise<string> {
  const m = await registerMember(h);
  const state = (await post('/api/v1/me/verification', m.token, { name, idNumber: freshIdNumber() })).json();
  await uploadIdPhotos(h, m.token, state.review.id);
  if (!open) expect((await post(`/api/v1/admin/identity-reviews/${state.review.id}/decision`, gd, { approve: true })).statusCode).toBe(200);
  return state.review.id as string;
}
const photosOf = async (id: string) => Number((await queryRows<{ n: number }>(h.ctx.db, sql`SELECT count(*)::int AS n FROM identity_photos WHERE review_id = ${Number(id)}`))[0]!.n);
const age = (id: string, days: number) => h.ctx.db.execute(sql`UPDATE identity_reviews SET decided_at = now() - make_interval(days => ${days}), created_at = now() - make_interval(days => ${days + 1}) WHERE id = ${Number(id)}`);

describe('ID photo retention', () => {
  it('deletes the photos of reviews closed before the retention period, keeps the rest, and audits it', async () => {
    const [old, recent, open] = [await review('欧阳旧'), await review('欧阳新'), await review('欧阳待', { open: true })];
    await age(old, 200);
    await age(recent, 100);
    await h.ctx.db.execute(sql`UPDATE identity_reviews SET created_at = now() - interval '400 days' WHERE id = ${Number(open)}`);
    expect(await photosOf(old)).toBe(2);

    const first = await purgeOldIdentityPhotos(h.ctx);
    expect(first.reviews).toBeGreaterThanOrEqual(1);
    expect([await photosOf(old), await photosOf(recent), await photosOf(open)]).toEqual([0, 2, 2]);
    // the review and its decision stay; the console says why there are no photos
    const detail = (await get(`/api/v1/admin/identity-reviews/${old}`, gd)).json();
    expect(detail).toMatchObject({ status: 'approved', photos: [] });
    expect(Date.parse(detail.photosPurgedAt)).toBeGreaterThan(Date.now() - 60_000);
    const photo = await get(`/api/v1/admin/identity-reviews/${old}/photos/front`, gd);
    expect(photo.statusCode).toBe(410);
    expect(photo.json().error.code).toBe('PHOTOS_PURGED');
    expect(photo.json().error.messages['zh-CN']).toContain('保存期限');
    expect((await get(`/api/v1/admin/identity-reviews/${recent}`, gd)).json()).toMatchObject({ photos: ['front', 'back'], photosPurgedAt: null });
    const [audit] = await queryRows<{ actor_type: string; details: { photos: number; retentionDays: number } }>(h.ctx.db, sql`SELECT actor_type, details FROM audit_log WHERE action = 'identity.photos_purged' AND object_id = ${old}`);
    expect(audit).toMatchObject({ actor_type: 'system', details: { photos: 2, retentionDays: 180 } });

    // idempotent: nothing more to do
    expect(await purgeOldIdentityPhotos(h.ctx)).toEqual({ reviews: 0, photos: 0 });
    // 0 keeps every photo
    await age(recent, 400);
    expect(await purgeOldIdentityPhotos({ ...h.ctx, config: { ...h.ctx.config, IDENTITY_PHOTO_RETENTION_DAYS: 0 } })).toEqual({ reviews: 0, photos: 0 });
    expect(await photosOf(recent)).toBe(2);
  });
});
