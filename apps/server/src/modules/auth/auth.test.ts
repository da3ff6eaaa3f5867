import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHarness, loginMember, type Harness } from '../../test/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

let phoneSeq = 0;
const freshPhone = () => `1370000${String(1000 + phoneSeq++).padStart(4, '0')}`;
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => h.app.inject({ method: 'POST', url, payload: payload as object, headers });

async function register(phone: string, password = 'abc12345') {
  expect((await post('/api/v1/auth/sms-codes', { phone, purpose: 'register' })).statusCode).toBe(200);
  return post('/api/v1/auth/register', { phone, code: h.sms.lastCodeFor(phone), password });
}

describe('POST /api/v1/auth/sms-codes', () => {
  it('sends a 6-digit code that names its purpose', async () => {
    const phone = freshPhone();
    const res = await post('/api/v1/auth/sms-codes', { phone, purpose: 'register' });
    expect(res.json()).toEqual({ sent: true, expiresInSeconds: 300, resendAfterSeconds: 60 });
    expect(h.sms.sent.at(-1)!.text).toMatch(/注册验证码为 \d{6}/);
  });
  it('refuses a resend within the resend interval, per phone', async () => {
    const phone = freshPhone();
    await post('/api/v1/auth/sms-codes', { phone, purpose: 'register' });
    const again = await post('/api/v1/auth/sms-codes', { phone, purpose: 'register' });
    expect(again.statusCode).toBe(429);
    expect(again.json().error.code).toBe('RATE_LIMITED');
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
  });
  it('tells a registered phone to log in instead', async () => {
    const res = await post('/api/v1/auth/sms-codes', { phone: '13800138000', purpose: 'register' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('PHONE_ALREADY_REGISTERED');
  });
});

describe('POST /api/v1/auth/register', () => {
  it('registers, returns a token and a cookie, and the code works once', async () => {
    const phone = freshPhone();
    const res = await register(phone);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.me.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(body.me.member).toBeNull();
    const cookie = res.cookies.find((c) => c.name === 'gh_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    // the phone is stored encrypted, never in clear
    const rows = await h.ctx.db.execute(sql`SELECT phone_enc FROM accounts WHERE phone_hash = ${h.ctx.cipher.lookupHash('phone', phone)}`);
    expect(JSON.stringify(rows)).not.toContain(phone);
    const reuse = await post('/api/v1/auth/register', { phone, code: h.sms.lastCodeFor(phone), password: 'abc12345' });
    expect(reuse.json().error.code).toBe('PHONE_ALREADY_REGISTERED');
  });
  it('rejects a wrong code, and the code dies after too many wrong guesses', async () => {
    const phone = freshPhone();
    await post('/api/v1/auth/sms-codes', { phone, purpose: 'register' });
    const right = h.sms.lastCodeFor(phone);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await post('/api/v1/auth/register', { phone, code: wrong, password: 'abc12345' });
      expect(r.json().error.code).toBe('SMS_CODE_INVALID');
    }
    const r = await post('/api/v1/auth/register', { phone, code: right, password: 'abc12345' });
    expect(r.json().error.code).toBe('SMS_CODE_EXPIRED');
  });
  it('rejects an expired code', async () => {
    const phone = freshPhone();
    await post('/api/v1/auth/sms-codes', { phone, purpose: 'register' });
    await h.ctx.db.execute(sql`UPDATE sms_codes SET expires_at = now() - interval '1 second' WHERE phone_hash = ${h.ctx.cipher.lookupHash('phone', phone)}`);
    const r = await post('/api/v1/auth/register', { phone, code: h.sms.lastCodeFor(phone), password: 'abc12345' });
    expect(r.json().error.code).toBe('SMS_CODE_EXPIRED');
  });
  it('validates every field with a clear message in both languages', async () => {
    const r = await post('/api/v1/auth/register', { phone: '123', code: '12', password: 'short' });
    expect(r.statusCode).toBe(400);
    const { error } = r.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect([...new Set(error.issues.map((i: { path: string }) => i.path))].sort()).toEqual(['code', 'password', 'phone']);
    expect(error.messages.en).toMatch(/invalid/);
    expect(error.requestId).toBe(r.headers['x-request-id']);
  });
});

describe('POST /api/v1/auth/login', () => {
  it('logs in with a password; the token works as bearer and as cookie', async () => {
    const res = await post('/api/v1/auth/login', { phone: '13800138000', password: 'Member@2026' });
    expect(res.statusCode).toBe(200);
    const { token, me } = res.json();
    expect(me.member).toMatchObject({ name: '杨秀祥', status: 'active', orgName: '广州市能婴贸易有限公司工会' });
    const viaBearer = await h.app.inject({ url: '/api/v1/me', headers: bearer(token) });
    expect(viaBearer.json().phone).toBe('138****8000');
    const viaCookie = await h.app.inject({ url: '/api/v1/me', cookies: { gh_session: token } });
    expect(viaCookie.statusCode).toBe(200);
  });
  it('says the same for an unknown phone and a wrong password', async () => {
    const a = await post('/api/v1/auth/login', { phone: '13600000000', password: 'whatever1' });
    const b = await post('/api/v1/auth/login', { phone: '13800138001', password: 'wrong-pass1' });
    expect(a.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(b.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(a.statusCode).toBe(401);
  });
  it('locks the account after repeated failures, and records it in the audit log', async () => {
    const phone = freshPhone();
    await register(phone, 'right1234');
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await post('/api/v1/auth/login', { phone, password: 'wrong1234' })).json().error.code);
    expect(codes.slice(0, 4)).toEqual(Array(4).fill('INVALID_CREDENTIALS'));
    expect(codes[4]).toBe('ACCOUNT_LOCKED');
    const locked = await post('/api/v1/auth/login', { phone, password: 'right1234' });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.message).toMatch(/锁定/);
    const audit = await h.ctx.db.execute(sql`SELECT outcome, details FROM audit_log WHERE action = 'member.login' AND outcome <> 'success'`);
    expect(JSON.stringify(audit)).toContain('"locked":true');
  });
  it('answers in English when asked', async () => {
    const r = await post('/api/v1/auth/login', { phone: '13600000000', password: 'whatever1' }, { 'accept-language': 'en-US,en;q=0.9' });
    expect(r.json().error.message).toBe('Wrong account or password');
  });
});

describe('SMS login and password reset', () => {
  it('logs in with an SMS code', async () => {
    await post('/api/v1/auth/sms-codes', { phone: '13800138001', purpose: 'login' });
    const r = await post('/api/v1/auth/sms-login', { phone: '13800138001', code: h.sms.lastCodeFor('13800138001') });
    expect(r.statusCode).toBe(200);
    expect(r.json().me.member.status).toBe('held');
  });
  it('resets the password and logs out every session', async () => {
    const phone = freshPhone();
    const { token } = (await register(phone, 'first1234')).json();
    await post('/api/v1/auth/sms-codes', { phone, purpose: 'reset_password' });
    const r = await post('/api/v1/auth/password-reset', { phone, code: h.sms.lastCodeFor(phone), password: 'second1234' });
    expect(r.json()).toEqual({ ok: true });
    expect((await h.app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(401);
    expect((await post('/api/v1/auth/login', { phone, password: 'first1234' })).statusCode).toBe(401);
    expect((await post('/api/v1/auth/login', { phone, password: 'second1234' })).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('logs out one session, or every session', async () => {
    const phone = freshPhone();
    await register(phone, 'pass12345');
    const a = (await post('/api/v1/auth/login', { phone, password: 'pass12345' })).json().token;
    const b = (await post('/api/v1/auth/login', { phone, password: 'pass12345' })).json().token;
    const c = (await post('/api/v1/auth/login', { phone, password: 'pass12345' })).json().token;
    expect((await post('/api/v1/auth/logout', {}, bearer(a))).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/api/v1/me', headers: bearer(a) })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/api/v1/me', headers: bearer(b) })).statusCode).toBe(200);
    expect((await post('/api/v1/auth/logout-all', {}, bearer(b))).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/api/v1/me', headers: bearer(c) })).statusCode).toBe(401);
  });
  it('revokes every session when the account is disabled', async () => {
    const token = await loginMember(h, '13800138001');
    await h.ctx.db.execute(sql`UPDATE accounts SET status = 'disabled' WHERE phone_hash = ${h.ctx.cipher.lookupHash('phone', '13800138001')}`);
    const r = await h.app.inject({ url: '/api/v1/me', headers: bearer(token) });
    expect(r.json().error.code).toBe('ACCOUNT_DISABLED');
    await h.ctx.db.execute(sql`UPDATE accounts SET status = 'active' WHERE phone_hash = ${h.ctx.cipher.lookupHash('phone', '13800138001')}`);
    expect((await h.app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(401);
  });
  it('checks each account of many concurrent requests (looked up in groups), refusing only the disabled ones', async () => {
    const phones = Array.from({ length: 6 }, () => freshPhone());
    const tokens: string[] = [];
    for (const phone of phones) tokens.push((await register(phone)).json().token as string);
    const off = new Set([1, 4]);
    for (const i of off) await h.ctx.db.execute(sql`UPDATE accounts SET status = 'disabled' WHERE phone_hash = ${h.ctx.cipher.lookupHash('phone', phones[i]!)}`);
    const answers = await Promise.all(Array.from({ length: 60 }, (_, k) => h.app.inject({ url: '/api/v1/me', headers: bearer(tokens[k % 6]!) })));
    answers.forEach((r, k) => {
      if (off.has(k % 6)) expect([401, 403]).toContain(r.statusCode); // ACCOUNT_DISABLED, then UNAUTHENTICATED once revoked
      else expect(r.statusCode).toBe(200);
    });
    expect(answers.filter((r, k) => off.has(k % 6) && r.json().error.code === 'ACCOUNT_DISABLED').length).toBeGreaterThanOrEqual(2);
  });
  it('needs a session for /me', async () => {
    const r = await h.app.inject({ url: '/api/v1/me' });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('UNAUTHENTICATED');
  });
});

describe('CSRF for cookie sessions', () => {
  it('refuses a cookie-authenticated write without the echoed token', async () => {
    const token = await loginMember(h);
    const noHeader = await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { gh_session: token, gh_csrf: 'abcdefghijklmnop' } });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().error.code).toBe('CSRF_TOKEN_INVALID');
    const wrong = await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { gh_session: token, gh_csrf: 'abcdefghijklmnop' }, headers: { 'x-csrf-token': 'other' } });
    expect(wrong.statusCode).toBe(403);
    const missingCookie = await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { gh_session: token } });
    expect(missingCookie.statusCode).toBe(403);
    const ok = await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { gh_session: token, gh_csrf: 'abcdefghijklmnop' }, headers: { 'x-csrf-token': 'abcdefghijklmnop' } });
    expect(ok.statusCode).toBe(200);
  });
  it('hands out the token cookie on any response', async () => {
    const r = await h.app.inject({ url: '/api/health' });
    const cookie = r.cookies.find((c) => c.name === 'gh_csrf');
    expect(cookie).toMatchObject({ sameSite: 'Strict' });
    expect(cookie).not.toHaveProperty('httpOnly', true);
  });
});

describe('bad input', () => {
  it('answers malformed JSON, wrong types, unknown fields and oversize bodies with clear errors', async () => {
    const malformed = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"phone":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('MALFORMED_JSON');
    const types = await post('/api/v1/auth/login', { phone: 13800138000, password: ['x'] });
    expect(types.statusCode).toBe(400);
    expect(types.json().error.code).toBe('VALIDATION_FAILED');
    const unknown = await post('/api/v1/auth/login', { phone: '13800138000', password: 'Member@2026', admin: true });
    expect(unknown.statusCode).toBe(400);
    expect(JSON.stringify(unknown.json().error.issues)).toContain('admin');
    const big = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ phone: 'x'.repeat(300_000) }) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const text = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'text/xml' }, payload: '<a/>' });
    expect(text.statusCode).toBe(415);
  });
  it('never shows a stack trace', async () => {
    const r = await h.app.inject({ url: '/api/v1/no-such-thing' });
    expect(r.statusCode).toBe(404);
    expect(r.body).not.toMatch(/at .*\.ts:\d+/);
    expect(r.headers['x-request-id']).toBeTruthy();
  });
});

describe('rate limits per client', () => {
  it('limits every authentication endpoint per client address', async () => {
    const small = await createHarness({ env: { RATE_LIMIT_AUTH_PER_MINUTE: '3' }, seed: false });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        codes.push((await small.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.1.1.1', payload: { phone: '13600000000', password: 'x1234567' } })).statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429]);
      // another client is not affected
      const other = await small.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.1.1.2', payload: { phone: '13600000000', password: 'x1234567' } });
      expect(other.statusCode).toBe(401);
      const admin = [];
      for (let i = 0; i < 4; i++) {
        admin.push((await small.app.inject({ method: 'POST', url: '/api/v1/admin/auth/login', remoteAddress: '10.1.1.3', payload: { username: 'nobody', password: 'x' } })).statusCode);
      }
      expect(admin).toEqual([401, 401, 401, 429]);
    } finally {
      await small.close();
    }
  });
});
