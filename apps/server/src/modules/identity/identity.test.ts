/**
 * Verification through an external provider (a fake one on 127.0.0.1), the daily failure limit,
 * an unavailable provider, and reclaiming an account held by a recycled phone number.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { startFakeIdentityProvider, type FakeIdentityProvider } from '../../test/fake-identity-provider.js';
import { bearer, createHarness, loginAdmin, loginMember, type Harness } from '../../test/harness.js';
import { freshIdNumber, freshPhone, idPhoto, multipartFile, registerMember } from '../../test/journey-helpers.js';

const SECRET = 'fake-provider-secret-0123456789';
const alice = { name: '欧阳娜娜', idNumber: freshIdNumber('440305', '19950315') };
const bob = { name: '司马光明', idNumber: freshIdNumber('440305', '19970707') };
let fake: FakeIdentityProvider;
let h: Harness;
let gd: string;
beforeAll(async () => {
  fake = await startFakeIdentityProvider({ secret: SECRET, keyId: 'gh-test', people: [alice, bob], slowMs: 2000 });
  h = await createHarness({
    env: {
      IDENTITY_VERIFIER: 'http',
      IDENTITY_VERIFIER_URL: fake.url,
      IDENTITY_VERIFIER_KEY_ID: 'gh-test',
      IDENTITY_VERIFIER_SECRET: SECRET,
      IDENTITY_VERIFIER_TIMEOUT_MS: '500',
      IDENTITY_VERIFIER_BREAKER_FAILURES: '50',
      VERIFICATION_MAX_FAILURES_PER_DAY: '3',
    },
  });
  gd = await loginAdmin(h, 'gd_admin');
});
afterAll(async () => {
  await h.close();
  await fake.close();
});
const post = (url: string, token: string, payload: object = {}) => h.app.inject({ method: 'POST', url, payload, headers: bearer(token) });

describe('verification by a provider', () => {
  it('verifies at once on a match, with the phone sent along and the result audited', async () => {
    const m = await registerMember(h);
    const state = (await post('/api/v1/me/verification', m.token, alice)).json();
    expect(state).toMatchObject({ verification: 'verified', method: 'provider', review: { status: 'approved', method: 'provider' } });
    expect(fake.lastRequest).toMatchObject({ name: alice.name, idNumber: alice.idNumber, phone: m.phone });
    const [row] = await queryRows<{ outcome: string }>(h.ctx.db, sql`SELECT outcome FROM audit_log WHERE action = 'identity.verify' ORDER BY id DESC LIMIT 1`);
    expect(row!.outcome).toBe('success');
    expect((await h.app.inject({ url: '/api/v1/me/membership', headers: bearer(m.token) })).json()).toMatchObject({ member: { name: alice.name, status: 'registered', verification: 'verified' }, canJoin: true });
    expect((await post('/api/v1/me/verification', m.token, alice)).json().error.code).toBe('ALREADY_VERIFIED');
  });

  it('rejects a mismatch with the reason, and limits failures per day', async () => {
    const m = await registerMember(h);
    const wrong = { name: '张冒名', idNumber: freshIdNumber() };
    const first = (await post('/api/v1/me/verification', m.token, wrong)).json();
    expect(first).toMatchObject({ verification: 'rejected', attemptsLeft: 2 });
    expect(first.review.reason).toContain('查无此身份证号码');
    await post('/api/v1/me/verification', m.token, wrong);
    expect((await post('/api/v1/me/verification', m.token, wrong)).json().attemptsLeft).toBe(0);
    const calls = fake.calls;
    const limited = await post('/api/v1/me/verification', m.token, wrong);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('VERIFY_LIMIT_REACHED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(80_000);
    expect(fake.calls).toBe(calls);
  });

  it('answers 503 VERIFIER_UNAVAILABLE when the provider fails or is slow, and records nothing', async () => {
    const m = await registerMember(h);
    fake.setMode('error');
    const down = await post('/api/v1/me/verification', m.token, bob);
    expect(down.statusCode).toBe(503);
    expect(down.json().error.code).toBe('VERIFIER_UNAVAILABLE');
    fake.setMode('slow');
    expect((await post('/api/v1/me/verification', m.token, bob)).statusCode).toBe(503);
    fake.setMode('ok');
    expect((await h.app.inject({ url: '/api/v1/me/verification', headers: bearer(m.token) })).json()).toMatchObject({ verification: 'unverified', review: null, attemptsLeft: 3 });
  });
});

describe('reclaiming an account', () => {
  it('gives a recycled phone to the person whose ID it now is; the old login loses it', async () => {
    // The demo account 13800138002 has no member record: its phone was "recycled" to a new person.
    const phone = '13800138002';
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/sms-codes', payload: { phone, purpose: 'register' } })).json().error.code).toBe('PHONE_ALREADY_REGISTERED');
    const oldSession = await loginMember(h, phone);
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/sms-codes', payload: { phone, purpose: 'reclaim' } })).statusCode).toBe(200);
    const person = { name: '冯新机', idNumber: freshIdNumber('440103', '19880808') };
    const bad = await h.app.inject({ method: 'POST', url: '/api/v1/auth/reclaims', payload: { phone, code: '000000', ...person, password: 'NewPass2026' } });
    expect(bad.json().error.code).toMatch(/SMS_CODE_(INVALID|EXPIRED)/);
    const created = await h.app.inject({ method: 'POST', url: '/api/v1/auth/reclaims', payload: { phone, code: h.sms.lastCodeFor(phone), ...person, password: 'NewPass2026' } });
    expect(created.statusCode).toBe(201);
    const { review, reclaimToken } = created.json();
    expect(review).toMatchObject({ kind: 'reclaim', status: 'awaiting_photos' });
    const headers = { 'x-reclaim-token': reclaimToken };
    expect((await h.app.inject({ url: `/api/v1/auth/reclaims/${review.id}`, headers: { 'x-reclaim-token': 'wrong-token-1234567890' } })).statusCode).toBe(404);
    for (const side of ['front', 'back']) {
      const body = multipartFile(await idPhoto());
      const up = await h.app.inject({ method: 'POST', url: `/api/v1/auth/reclaims/${review.id}/photos/${side}`, payload: body.payload, headers: { ...body.headers, ...headers } });
      expect(up.statusCode).toBe(200);
    }
    expect((await h.app.inject({ url: `/api/v1/auth/reclaims/${review.id}`, headers })).json().status).toBe('pending');
    const queue = (await h.app.inject({ url: '/api/v1/admin/identity-reviews?kind=reclaim', headers: bearer(gd) })).json();
    expect(queue.items.find((r: { id: string }) => r.id === review.id)).toMatchObject({ phone: '138****8002', name: person.name });
    expect((await post(`/api/v1/admin/identity-reviews/${review.id}/decision`, gd, { approve: true })).statusCode).toBe(200);
    // the old login is gone, with its sessions; the new person logs in with the new password
    expect((await h.app.inject({ url: '/api/v1/me', headers: bearer(oldSession) })).statusCode).toBe(401);
    const token = await loginMember(h, phone, 'NewPass2026');
    const mine = (await h.app.inject({ url: '/api/v1/me/membership', headers: bearer(token) })).json();
    expect(mine.member).toMatchObject({ name: person.name, verification: 'verified', status: 'registered' });
    expect(h.sms.sent.at(-1)).toMatchObject({ to: phone });
    expect(h.sms.sent.at(-1)!.text).toContain('账号找回成功');
  });

  it('moves a bound ID number to the person’s new phone, keeping their membership', async () => {
    const oldPhone = freshPhone();
    const m = await registerMember(h, oldPhone);
    const [rec] = await queryRows<{ id: string; name: string; id_number_enc: string }>(h.ctx.db, sql`SELECT id, name, id_number_enc FROM members WHERE account_id IS NULL AND status = 'active' AND id_number_enc IS NOT NULL ORDER BY created_at DESC LIMIT 1`);
    await h.ctx.db.execute(sql`UPDATE members SET account_id = (SELECT id FROM accounts WHERE phone_hash = ${h.ctx.cipher.lookupHash('phone', oldPhone)}), verification = 'verified' WHERE id = ${rec!.id}`);
    void m;
    const newPhone = freshPhone();
    await h.app.inject({ method: 'POST', url: '/api/v1/auth/sms-codes', payload: { phone: newPhone, purpose: 'reclaim' } });
    const idNumber = h.ctx.cipher.decrypt(rec!.id_number_enc);
    const created = (await h.app.inject({ method: 'POST', url: '/api/v1/auth/reclaims', payload: { phone: newPhone, code: h.sms.lastCodeFor(newPhone), name: rec!.name, idNumber, password: 'Moved2026ok' } })).json();
    for (const side of ['front', 'back']) {
      const body = multipartFile(await idPhoto());
      await h.app.inject({ method: 'POST', url: `/api/v1/auth/reclaims/${created.review.id}/photos/${side}`, payload: body.payload, headers: { ...body.headers, 'x-reclaim-token': created.reclaimToken } });
    }
    expect((await post(`/api/v1/admin/identity-reviews/${created.review.id}/decision`, gd, { approve: true })).statusCode).toBe(200);
    const token = await loginMember(h, newPhone, 'Moved2026ok');
    expect((await h.app.inject({ url: '/api/v1/me/membership', headers: bearer(token) })).json().member).toMatchObject({ id: rec!.id, status: 'active' });
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: oldPhone, password: 'Member@2026' } })).statusCode).toBe(401);
  });

  it('refuses a reclaim when there is nothing to reclaim', async () => {
    const phone = freshPhone();
    await h.app.inject({ method: 'POST', url: '/api/v1/auth/sms-codes', payload: { phone, purpose: 'reclaim' } });
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/reclaims', payload: { phone, code: h.sms.lastCodeFor(phone), name: '路人甲', idNumber: freshIdNumber(), password: 'Nothing2026' } });
    expect(res.json().error.code).toBe('NOTHING_TO_RECLAIM');
  });
});
