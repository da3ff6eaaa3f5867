import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../platform/totp.js';
import { bearer, createHarness, demoTotpSecret, loginAdmin, type Harness } from '../../test/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const login = (payload: object) => h.app.inject({ method: 'POST', url: '/api/v1/admin/auth/login', payload });

describe('POST /api/v1/admin/auth/login', () => {
  it('needs the TOTP code after the password, and refuses a wrong one', async () => {
    const noCode = await login({ username: 'gz_admin', password: 'Admin@2026' });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('TOTP_REQUIRED');
    const bad = await login({ username: 'gz_admin', password: 'Admin@2026', totp: '000000' === totpCode(demoTotpSecret('gz_admin')) ? '111111' : '000000' });
    expect(bad.json().error.code).toBe('TOTP_INVALID');
  });
  it('logs in with password + TOTP and never accepts the same code twice', async () => {
    const code = totpCode(demoTotpSecret('sz_admin'));
    const ok = await login({ username: 'sz_admin', password: 'Admin@2026', totp: code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'ok', admin: { username: 'sz_admin', org: { name: '深圳市总工会' }, roles: ['org_admin'] } });
    expect(ok.cookies.find((c) => c.name === 'gh_admin_session')).toMatchObject({ httpOnly: true });
    const replay = await login({ username: 'sz_admin', password: 'Admin@2026', totp: code });
    expect(replay.json().error.code).toBe('TOTP_INVALID');
  });
  it('records successes and failures in the audit log', async () => {
    const rows = await h.ctx.db.execute(sql`SELECT action, outcome, actor_name FROM audit_log WHERE action = 'admin.login'`);
    const text = JSON.stringify(rows);
    expect(text).toContain('"outcome":"success"');
    expect(text).toContain('"outcome":"failure"');
  });
  it('enrols TOTP by QR code at the first login', async () => {
    const first = await login({ username: 'sd_admin', password: 'Admin@2026' });
    const body = first.json();
    expect(body.status).toBe('totp_enrolment_required');
    expect(body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    const bad = await h.app.inject({ method: 'POST', url: '/api/v1/admin/auth/totp-enrol', payload: { enrolmentToken: body.enrolmentToken, code: totpCode(body.secret) === '123456' ? '654321' : '123456' } });
    expect(bad.json().error.code).toBe('TOTP_INVALID');
    const done = await h.app.inject({ method: 'POST', url: '/api/v1/admin/auth/totp-enrol', payload: { enrolmentToken: body.enrolmentToken, code: totpCode(body.secret) } });
    expect(done.statusCode).toBe(200);
    expect(done.json().admin.username).toBe('sd_admin');
    // from now on the code is required
    const again = await login({ username: 'sd_admin', password: 'Admin@2026' });
    expect(again.json().error.code).toBe('TOTP_REQUIRED');
    const reuse = await h.app.inject({ method: 'POST', url: '/api/v1/admin/auth/totp-enrol', payload: { enrolmentToken: body.enrolmentToken, code: totpCode(body.secret) } });
    expect(reuse.json().error.code).toBe('TOTP_ENROLMENT_INVALID');
  });
  it('locks after repeated failures', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push((await login({ username: 'ny_admin', password: 'nope' })).json().error.code);
    expect(codes.slice(0, 4)).toEqual(Array(4).fill('INVALID_CREDENTIALS'));
    expect(codes[4]).toBe('ACCOUNT_LOCKED');
    expect(codes[5]).toBe('ACCOUNT_LOCKED');
  });
});

describe('admin accounts', () => {
  let gz: string;
  beforeAll(async () => {
    gz = await loginAdmin(h, 'gz_admin');
  });

  it('GET /api/v1/admin/me shows the admin, organization and permissions', async () => {
    const me = (await h.app.inject({ url: '/api/v1/admin/me', headers: bearer(gz) })).json();
    expect(me).toMatchObject({ username: 'gz_admin', org: { name: '广州市总工会', level: 'city' } });
    expect(me.permissions).toContain('admin.write');
    expect(me.permissions).not.toContain('audit.read');
  });

  it('lists only admins inside the scope', async () => {
    const list = (await h.app.inject({ url: '/api/v1/admin/admins?pageSize=100', headers: bearer(gz) })).json();
    const names = list.items.map((a: { username: string }) => a.username).sort();
    expect(names).toEqual(['gz_admin', 'ny_admin', 'sp_admin', 'th_admin']);
    expect(list.total).toBe(4);
  });

  it('creates an admin in the scope, not outside it', async () => {
    const tree = (await h.app.inject({ url: `/api/v1/admin/orgs/children?q=${encodeURIComponent('天河区')}`, headers: bearer(gz) })).json();
    const tianhe = tree.items.find((o: { name: string }) => o.name === '广州市天河区总工会');
    const created = await h.app.inject({ method: 'POST', url: '/api/v1/admin/admins', headers: bearer(gz), payload: { username: 'th_staff', displayName: '天河服务员', orgId: tianhe.id, roles: ['staff'], password: 'staff1234' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username: 'th_staff', orgName: '广州市天河区总工会', totpEnrolled: false });
    const dup = await h.app.inject({ method: 'POST', url: '/api/v1/admin/admins', headers: bearer(gz), payload: { username: 'TH_STAFF', displayName: 'x', orgId: tianhe.id, roles: ['staff'], password: 'staff1234' } });
    expect(dup.json().error.code).toBe('USERNAME_TAKEN');
    const shenzhen = await h.ctx.db.execute(sql`SELECT id FROM organizations WHERE name = '深圳市总工会'`);
    const szId = String((shenzhen as unknown as { rows: Array<{ id: number }> }).rows[0]!.id);
    const outside = await h.app.inject({ method: 'POST', url: '/api/v1/admin/admins', headers: bearer(gz), payload: { username: 'sneaky', displayName: 'x', orgId: szId, roles: ['staff'], password: 'staff1234' } });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('OUT_OF_SCOPE');
  });

  it('changes roles with an audit record, and disabling logs the admin out everywhere', async () => {
    const th = await loginAdmin(h, 'th_admin');
    const list = (await h.app.inject({ url: '/api/v1/admin/admins?pageSize=100', headers: bearer(gz) })).json();
    const target = list.items.find((a: { username: string }) => a.username === 'th_admin');
    const roles = await h.app.inject({ method: 'PATCH', url: `/api/v1/admin/admins/${target.id}`, headers: bearer(gz), payload: { roles: ['org_admin', 'staff'] } });
    expect(roles.json().roles).toEqual(['org_admin', 'staff']);
    const audit = JSON.stringify(await h.ctx.db.execute(sql`SELECT details FROM audit_log WHERE action = 'admin.roles_change'`));
    expect(audit).toContain('"before":["org_admin"]');
    expect((await h.app.inject({ url: '/api/v1/admin/me', headers: bearer(th) })).statusCode).toBe(200);
    const disabled = await h.app.inject({ method: 'PATCH', url: `/api/v1/admin/admins/${target.id}`, headers: bearer(gz), payload: { status: 'disabled' } });
    expect(disabled.json().status).toBe('disabled');
    expect((await h.app.inject({ url: '/api/v1/admin/me', headers: bearer(th) })).statusCode).toBe(401);
    expect((await login({ username: 'th_admin', password: 'Admin@2026', totp: totpCode(demoTotpSecret('th_admin'), Date.now() + 30_000) })).json().error.code).toBe('ACCOUNT_DISABLED');
  });

  it('cannot grant a role whose permissions the granter lacks, nor change their own roles', async () => {
    const sp = await loginAdmin(h, 'sp_admin');
    const me = (await h.app.inject({ url: '/api/v1/admin/me', headers: bearer(sp) })).json();
    const self = await h.app.inject({ method: 'PATCH', url: `/api/v1/admin/admins/${me.id}`, headers: bearer(sp), payload: { roles: ['auditor'] } });
    expect(self.statusCode).toBe(403);
    const ny = (await h.app.inject({ url: '/api/v1/admin/admins', headers: bearer(sp) })).json().items.find((a: { username: string }) => a.username === 'ny_admin');
    const ok = await h.app.inject({ method: 'PATCH', url: `/api/v1/admin/admins/${ny.id}`, headers: bearer(sp), payload: { roles: ['member_admin', 'staff'] } });
    expect(ok.statusCode).toBe(200);
  });

  it('logs out everywhere', async () => {
    const a = await loginAdmin(h, 'sx_admin');
    const b = await loginAdmin(h, 'sx_admin');
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/admin/auth/logout-all', headers: bearer(a) })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/api/v1/admin/me', headers: bearer(b) })).statusCode).toBe(401);
  });
});
