import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { makeCreditCode } from '../../db/seed/fixtures.js';
import { workingDaysBetween } from '../../platform/working-days.js';
import { bearer, createHarness, loginAdmin, type Harness } from '../../test/harness.js';

let h: Harness;
let th: string; // 天河区总工会
let sp: string; // 石牌街道总工会
let sx: string; // 松下 base union (outside 天河)
beforeAll(async () => {
  h = await createHarness();
  th = await loginAdmin(h, 'th_admin');
  sp = await loginAdmin(h, 'sp_admin');
  sx = await loginAdmin(h, 'sx_admin');
});
afterAll(() => h.close());

const idOf = async (name: string) => String((await queryRows<{ id: number }>(h.ctx.db, sql`SELECT id FROM organizations WHERE name = ${name}`))[0]!.id);
const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => h.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

describe('POST /api/v1/admin/orgs and PATCH /api/v1/admin/orgs/:id', () => {
  it('creates below the scope with a validated, unique credit code, and keeps the history', async () => {
    const street = await idOf('天河区石牌街道总工会');
    const bad = await call(th, 'POST', '/api/v1/admin/orgs', { parentId: street, level: 'base', type: 'base', name: '广州测试有限公司工会', creditCode: '91440300708461136U' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.issues)).toContain('creditCode');
    const ok = await call(th, 'POST', '/api/v1/admin/orgs', { parentId: street, level: 'base', type: 'base', name: '广州测试有限公司工会', creditCode: '91440300708461136t' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ name: '广州测试有限公司工会', level: 'base', creditCode: '91440300708461136T' });
    const dup = await call(th, 'POST', '/api/v1/admin/orgs', { parentId: street, level: 'base', type: 'base', name: '另一家公司工会', creditCode: '91440300708461136T' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('CREDIT_CODE_TAKEN');
    const underBase = await call(th, 'POST', '/api/v1/admin/orgs', { parentId: ok.json().id, level: 'base', type: 'joint', name: '不可能的工会' });
    expect(underBase.statusCode).toBe(400);
    const edited = await call(th, 'PATCH', `/api/v1/admin/orgs/${ok.json().id}`, { chairperson: '王主席', contact: '020-12345678' });
    expect(edited.statusCode).toBe(200);
    const history = (await call(th, 'GET', `/api/v1/admin/orgs/${ok.json().id}/history`)).json().items;
    expect(history.map((e: { kind: string }) => e.kind)).toEqual(['edited', 'created']);
    expect(history[0]).toMatchObject({ before: { chairperson: null }, after: { chairperson: '王主席' }, actor: '天河区总管理员' });
  });
  it('is edited by the level above, not by the union itself', async () => {
    const own = await call(th, 'PATCH', `/api/v1/admin/orgs/${await idOf('广州市天河区总工会')}`, { contact: 'x' });
    expect(own.statusCode).toBe(403);
  });
});

describe('org applications', () => {
  it('establishes a base union: applied for, then approved by the union above', async () => {
    const street = await idOf('天河区石牌街道总工会');
    const code = makeCreditCode('440106', 777);
    const applied = await call(sp, 'POST', '/api/v1/admin/org-applications', { kind: 'establish', parentId: street, fields: { name: '广州新成立科技有限公司工会', type: 'base', creditCode: code }, note: '职工 35 人' });
    expect(applied.statusCode).toBe(201);
    expect(applied.json()).toMatchObject({ kind: 'establish', status: 'pending', parentName: '天河区石牌街道总工会', orgName: '广州新成立科技有限公司工会', waitingWorkingDays: 0, canDecide: true });
    // a base union admin elsewhere cannot decide it
    const outsider = await call(sx, 'POST', `/api/v1/admin/org-applications/${applied.json().id}/decision`, { decision: 'approve' });
    expect(outsider.statusCode).toBe(403);
    const rejectNoReason = await call(sp, 'POST', `/api/v1/admin/org-applications/${applied.json().id}/decision`, { decision: 'reject' });
    expect(rejectNoReason.statusCode).toBe(400);
    const approved = await call(sp, 'POST', `/api/v1/admin/org-applications/${applied.json().id}/decision`, { decision: 'approve' });
    expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: '石牌街道工会管理员' });
    expect(approved.json().orgId).toBeTruthy();
    const again = await call(sp, 'POST', `/api/v1/admin/org-applications/${applied.json().id}/decision`, { decision: 'reject', reason: '重复' });
    expect(again.json().error.code).toBe('APPLICATION_DECIDED');
    const history = (await call(sp, 'GET', `/api/v1/admin/orgs/${approved.json().orgId}/history`)).json().items;
    expect(history[0]).toMatchObject({ kind: 'established', applicationId: applied.json().id });
  });

  it('changes a base union on approval, one pending application at a time', async () => {
    const union = await idOf('广州华师科技有限公司工会');
    const first = await call(sp, 'POST', '/api/v1/admin/org-applications', { kind: 'change', orgId: union, fields: { name: '广州华师智能科技有限公司工会' } });
    expect(first.statusCode).toBe(201);
    const second = await call(sp, 'POST', '/api/v1/admin/org-applications', { kind: 'change', orgId: union, fields: { address: '新地址' } });
    expect(second.json().error.code).toBe('APPLICATION_PENDING');
    await call(th, 'POST', `/api/v1/admin/org-applications/${first.json().id}/decision`, { decision: 'approve' });
    const detail = (await call(th, 'GET', `/api/v1/admin/orgs/${union}`)).json();
    expect(detail.name).toBe('广州华师智能科技有限公司工会');
    const history = (await call(th, 'GET', `/api/v1/admin/orgs/${union}/history`)).json().items;
    expect(history[0]).toMatchObject({ kind: 'changed', before: { name: '广州华师科技有限公司工会' }, after: { name: '广州华师智能科技有限公司工会' } });
  });

  it('refuses to deregister a union with members, or holds them all at the upper union in one step', async () => {
    const union = await idOf('广州市能婴贸易有限公司工会');
    const street = await idOf('天河区石牌街道总工会');
    const before = (await queryRows<{ n: number }>(h.ctx.db, sql`SELECT count(*)::int AS n FROM members WHERE org_id = ${Number(union)} AND status IN ('active', 'pending')`))[0]!.n;
    expect(Number(before)).toBeGreaterThan(0);
    const refused = await call(sp, 'POST', '/api/v1/admin/org-applications', { kind: 'deregister', orgId: union });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('ORG_HAS_MEMBERS');
    expect(refused.json().error.message).toContain(String(before));
    const applied = await call(sp, 'POST', '/api/v1/admin/org-applications', { kind: 'deregister', orgId: union, holdMembersAtParent: true, note: '企业关闭' });
    const decided = await call(sp, 'POST', `/api/v1/admin/org-applications/${applied.json().id}/decision`, { decision: 'approve' });
    expect(decided.json().status).toBe('approved');
    const [org] = await queryRows<{ status: string }>(h.ctx.db, sql`SELECT status FROM organizations WHERE id = ${Number(union)}`);
    expect(org!.status).toBe('deregistered');
    const left = await queryRows<{ n: number }>(h.ctx.db, sql`SELECT count(*)::int AS n FROM members WHERE org_id = ${Number(union)} AND status IN ('active', 'pending')`);
    expect(Number(left[0]!.n)).toBe(0);
    // 杨秀祥 is now held at the street, with card number and an event
    const yang = (await call(th, 'GET', `/api/v1/admin/members?phone=13800138000`)).json().items[0];
    expect(yang).toMatchObject({ status: 'held', orgId: street });
    const detail = (await call(th, 'GET', `/api/v1/admin/members/${yang.id}`)).json();
    expect(detail.events[0]).toMatchObject({ kind: 'org_deregistered', fromOrg: '广州市能婴贸易有限公司工会', toOrg: '天河区石牌街道总工会' });
    // the credit code is free again for a new active union
    const code = (await queryRows<{ credit_code: string }>(h.ctx.db, sql`SELECT credit_code FROM organizations WHERE id = ${Number(union)}`))[0]!.credit_code;
    const reuse = await call(th, 'POST', '/api/v1/admin/orgs', { parentId: street, level: 'base', type: 'base', name: '能婴贸易重组后工会', creditCode: code });
    expect(reuse.statusCode).toBe(201);
  });

  it('lists applications pending first, for the deciding union and the applicant\'s scope', async () => {
    const list = (await call(th, 'GET', '/api/v1/admin/org-applications?pageSize=50')).json();
    expect(list.total).toBeGreaterThanOrEqual(3);
    const outside = (await call(sx, 'GET', '/api/v1/admin/org-applications')).json();
    expect(outside.total).toBe(0);
  });
});

describe('workingDaysBetween', () => {
  it('counts weekdays in China time', () => {
    // Friday 2026-11-27 10:00 CST → Monday 2026-11-30 09:00 CST: one working day (Monday)
    expect(workingDaysBetween(new Date('2026-11-27T02:00:00Z'), new Date('2026-11-30T01:00:00Z'))).toBe(1);
    expect(workingDaysBetween(new Date('2026-11-23T02:00:00Z'), new Date('2026-11-27T02:00:00Z'))).toBe(4);
    expect(workingDaysBetween(new Date('2026-11-28T02:00:00Z'), new Date('2026-11-29T02:00:00Z'))).toBe(0);
  });
});
