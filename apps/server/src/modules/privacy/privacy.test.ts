/** PIPL: my data (view and export), direct and reviewed corrections, consents, closing the account. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { bearer, createHarness, loginAdmin, type Harness } from '../../test/harness.js';
import { freshIdNumber, registerMember, uploadIdPhotos } from '../../test/journey-helpers.js';

let h: Harness;
let gd: string;
let member: { phone: string; token: string };
const idNumber = freshIdNumber('440304', '19920202');
beforeAll(async () => {
  h = await createHarness();
  gd = await loginAdmin(h, 'gd_admin');
  member = await registerMember(h);
  const s = (await post('/api/v1/me/verification', member.token, { name: '钱多多', idNumber })).json();
  await uploadIdPhotos(h, member.token, s.review.id);
  await post(`/api/v1/admin/identity-reviews/${s.review.id}/decision`, gd, { approve: true });
});
afterAll(() => h.close());
const get = (url: string, token: string) => h.app.inject({ url, headers: bearer(token) });
const post = (url: string, token: string, payload: object = {}) => h.app.inject({ method: 'POST', url, payload, headers: bearer(token) });

describe('my data', () => {
  it('shows everything held about me unmasked, and audits the view', async () => {
    const data = (await get('/api/v1/me/data', member.token)).json();
    expect(data.account.phone).toBe(member.phone);
    expect(data.member).toMatchObject({ name: '钱多多', idNumber, verification: 'verified', gender: 'female', birthDate: '1992-02-02' });
    expect(data.events.map((e: { kind: string }) => e.kind)).toEqual(['verified']);
    expect(data.identityReviews[0]).toMatchObject({ kind: 'verification', status: 'approved' });
    expect(data.consents.find((c: { kind: string }) => c.kind === 'privacy')).toMatchObject({ granted: true, version: '2026-06-01', required: true });
    expect(data.sessions.some((s: { current: boolean }) => s.current)).toBe(true);
    expect(data.notificationsCount).toBe(1);
    const [row] = await queryRows<{ n: number }>(h.ctx.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'privacy.view'`);
    expect(row!.n).toBe(1);
  });
  it('exports the same as a JSON file', async () => {
    const res = await get('/api/v1/me/data/export', member.token);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="gonghui-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(JSON.parse(res.body).member.idNumber).toBe(idNumber);
  });
});

describe('corrections', () => {
  it('corrects employer and hometown directly, with an edited event', async () => {
    const res = await h.app.inject({ method: 'PATCH', url: '/api/v1/me/profile', payload: { employer: '深圳湾科技有限公司', hometown: '湖南' }, headers: bearer(member.token) });
    expect(res.statusCode).toBe(200);
    const data = (await get('/api/v1/me/data', member.token)).json();
    expect(data.member).toMatchObject({ employer: '深圳湾科技有限公司', hometown: '湖南' });
    expect(data.events[0]).toMatchObject({ kind: 'edited', reason: 'employer,hometown' });
    const bad = await h.app.inject({ method: 'PATCH', url: '/api/v1/me/profile', payload: { name: '改名' }, headers: bearer(member.token) });
    expect(bad.statusCode).toBe(400);
  });
  it('corrects the name through a review with photos', async () => {
    const review = (await post('/api/v1/me/identity-corrections', member.token, { name: '钱朵朵', idNumber, note: '户口本更名' })).json();
    expect(review).toMatchObject({ kind: 'correction', status: 'awaiting_photos' });
    await uploadIdPhotos(h, member.token, review.id);
    const queued = (await get('/api/v1/admin/identity-reviews?kind=correction', gd)).json().items.find((r: { id: string }) => r.id === review.id);
    expect(queued).toMatchObject({ name: '钱朵朵', currentName: '钱多多', note: '户口本更名' });
    await post(`/api/v1/admin/identity-reviews/${review.id}/decision`, gd, { approve: true });
    expect((await get('/api/v1/me/membership', member.token)).json().member.name).toBe('钱朵朵');
    expect((await get('/api/v1/me/notifications', member.token)).json().items[0].kind).toBe('correction_approved');
  });
});

describe('consents', () => {
  it('withdraws and grants optional consents with the history; refuses a required one', async () => {
    const withdrawn = (await post('/api/v1/me/consents/sms_notices/withdraw', member.token)).json();
    expect(withdrawn.items.find((c: { kind: string }) => c.kind === 'sms_notices')).toMatchObject({ granted: false, history: [expect.objectContaining({ action: 'granted', channel: 'register' }), expect.objectContaining({ action: 'withdrawn', channel: 'app' })] });
    const required = await post('/api/v1/me/consents/privacy/withdraw', member.token);
    expect(required.statusCode).toBe(409);
    expect(required.json().error).toMatchObject({ code: 'CONSENT_REQUIRED' });
    expect(required.json().error.messages['zh-CN']).toContain('隐私政策');
    expect((await post('/api/v1/me/consents/nonsense', member.token)).statusCode).toBe(400);
  });
  it('sends no SMS notices after the consent is withdrawn (the in-app message still arrives)', async () => {
    const review = (await post('/api/v1/me/identity-corrections', member.token, { name: '钱多多', idNumber })).json();
    await uploadIdPhotos(h, member.token, review.id);
    const sent = h.sms.sent.length;
    await post(`/api/v1/admin/identity-reviews/${review.id}/decision`, gd, { approve: false, reason: '材料不全' });
    expect(h.sms.sent.slice(sent).filter((s) => s.to === member.phone)).toHaveLength(0);
    expect((await get('/api/v1/me/notifications', member.token)).json().items[0]).toMatchObject({ kind: 'correction_rejected', body: expect.stringContaining('材料不全') });
  });
});

describe('closing the account', () => {
  it('needs an SMS code and 注销, removes login data and keeps the membership record', async () => {
    const memberId = (await get('/api/v1/me/membership', member.token)).json().member.id;
    expect((await post('/api/v1/me/close-account', member.token, { code: '123456', confirm: '注销' })).json().error.code).toMatch(/SMS_CODE_/);
    await h.app.inject({ method: 'POST', url: '/api/v1/auth/sms-codes', payload: { phone: member.phone, purpose: 'close_account' } });
    const code = h.sms.lastCodeFor(member.phone);
    expect((await post('/api/v1/me/close-account', member.token, { code, confirm: '好的' })).statusCode).toBe(400);
    expect((await post('/api/v1/me/close-account', member.token, { code, confirm: '注销' })).statusCode).toBe(200);
    expect((await get('/api/v1/me', member.token)).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: member.phone, password: 'Member@2026' } })).statusCode).toBe(401);
    const [rec] = await queryRows<{ account_id: string | null; name: string }>(h.ctx.db, sql`SELECT account_id, name FROM members WHERE id = ${memberId}`);
    expect(rec).toMatchObject({ account_id: null, name: '钱朵朵' });
    const [events] = await queryRows<{ n: number }>(h.ctx.db, sql`SELECT count(*)::int AS n FROM membership_events WHERE member_id = ${memberId}`);
    expect(events!.n).toBeGreaterThan(0);
    // the phone is free again, and the person can register anew and verify back onto the record
    const [holders] = await queryRows<{ n: number }>(h.ctx.db, sql`SELECT count(*)::int AS n FROM accounts WHERE phone_hash = ${h.ctx.cipher.lookupHash('phone', member.phone)}`);
    expect(holders!.n).toBe(0);
    const again = await registerMember(h);
    expect((await post('/api/v1/me/verification', again.token, { name: '钱朵朵', idNumber })).json().verification).toBe('pending');
  });
});
