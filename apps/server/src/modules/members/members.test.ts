import { sql } from 'drizzle-orm';
import { idCheckChar } from '@gonghui/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { bearer, createHarness, loginAdmin, type Harness } from '../../test/harness.js';

let h: Harness;
let gz: string;
beforeAll(async () => {
  h = await createHarness();
  gz = await loginAdmin(h, 'gz_admin');
});
afterAll(() => h.close());

describe('GET /api/v1/admin/members', () => {
  it('pages members of the scope with phones and ID numbers masked', async () => {
    const page = (await h.app.inject({ url: '/api/v1/admin/members?pageSize=10', headers: bearer(gz) })).json();
    expect(page.items).toHaveLength(10);
    expect(page.total).toBeGreaterThan(10);
    for (const m of page.items) {
      if (m.phone) expect(m.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
      if (m.idNumber) expect(m.idNumber).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    }
    const page2 = (await h.app.inject({ url: '/api/v1/admin/members?pageSize=10&page=2', headers: bearer(gz) })).json();
    expect(page2.items[0].id).not.toBe(page.items[0].id);
  });
  it('filters by status and name prefix', async () => {
    const held = (await h.app.inject({ url: '/api/v1/admin/members?status=held&pageSize=100', headers: bearer(gz) })).json();
    expect(held.items.every((m: { status: string }) => m.status === 'held')).toBe(true);
    const yang = (await h.app.inject({ url: `/api/v1/admin/members?q=${encodeURIComponent('杨秀')}`, headers: bearer(gz) })).json();
    expect(yang.items[0]).toMatchObject({ name: '杨秀祥', phone: '138****8000' });
  });
  it('rejects a bad filter with a clear error', async () => {
    const r = await h.app.inject({ url: '/api/v1/admin/members?status=sleeping&pageSize=1000', headers: bearer(gz) });
    expect(r.statusCode).toBe(400);
    const paths = r.json().error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['querystring.status', 'querystring.pageSize']));
  });
});

describe('POST /api/v1/admin/members/:id/reveal', () => {
  it('shows the real values and audits the view', async () => {
    const yang = (await h.app.inject({ url: `/api/v1/admin/members?q=${encodeURIComponent('杨秀祥')}`, headers: bearer(gz) })).json().items[0];
    const r = await h.app.inject({ method: 'POST', url: `/api/v1/admin/members/${yang.id}/reveal`, headers: bearer(gz) });
    expect(r.json()).toEqual({ phone: '13800138000', idNumber: expect.stringMatching(/^522731198605121\d{2}[\dX]$/) });
    const audit = await queryRows<{ actor_name: string; object_id: string; outcome: string }>(h.ctx.db, sql`SELECT actor_name, object_id, outcome FROM audit_log WHERE action = 'member.reveal_pii'`);
    expect(audit).toContainEqual({ actor_name: 'gz_admin', object_id: yang.id, outcome: 'success' });
  });
  it('needs the pii.reveal permission', async () => {
    const auditor = await loginAdmin(h, 'gd_auditor');
    const r = await h.app.inject({ method: 'POST', url: '/api/v1/admin/members/00000000-0000-0000-0000-000000000000/reveal', headers: bearer(auditor) });
    expect(r.statusCode).toBe(403);
  });
  it('stores personal data encrypted', async () => {
    const rows = await queryRows<{ id_number_enc: string; phone_enc: string }>(h.ctx.db, sql`SELECT id_number_enc, phone_enc FROM members LIMIT 5`);
    for (const r of rows) {
      expect(r.id_number_enc).toMatch(/^v1\./);
      expect(r.phone_enc).not.toMatch(/^1\d{10}$/);
    }
  });
});

describe('member search filters', () => {
  const list = async (qs: string) => (await h.app.inject({ url: `/api/v1/admin/members?pageSize=100&${qs}`, headers: bearer(gz) })).json();
  it('finds by exact phone, ID number and card number through the keyed hashes', async () => {
    const byPhone = await list('phone=13800138000');
    expect(byPhone.items.map((m: { name: string }) => m.name)).toEqual(['杨秀祥']);
    const reveal = (await h.app.inject({ method: 'POST', url: `/api/v1/admin/members/${byPhone.items[0].id}/reveal`, headers: bearer(gz) })).json();
    const byId = await list(`idNumber=${reveal.idNumber.toLowerCase()}`);
    expect(byId.total).toBe(1);
    const byCard = await list(`cardNo=${byPhone.items[0].cardNo}`);
    expect(byCard.items[0].id).toBe(byPhone.items[0].id);
  });
  it('filters by employer, gender, age band and join dates', async () => {
    const employer = await list(`employer=${encodeURIComponent('能婴')}`);
    expect(employer.total).toBeGreaterThan(0);
    expect(employer.items.every((m: { employer: string }) => m.employer.includes('能婴'))).toBe(true);
    const women = await list('gender=female');
    expect(women.items.every((m: { gender: string }) => m.gender === 'female')).toBe(true);
    const young = await list('ageBand=18-25');
    const old = await list('ageBand=56%2B');
    const all = await list('');
    expect(young.total + old.total).toBeLessThan(all.total);
    const joined = await list('joinedFrom=2015-01-01&joinedTo=2015-12-31');
    expect(joined.items.every((m: { joinedAt: string }) => m.joinedAt >= '2015-01-01' && m.joinedAt <= '2015-12-31')).toBe(true);
  });
  it('never finds anything outside the scope', async () => {
    // a member of 深圳 searched by exact phone from 广州
    const sz = await queryRows<{ phone_enc: string }>(h.ctx.db, sql`SELECT m.phone_enc FROM members m JOIN organizations o ON o.id = m.org_id WHERE o.name LIKE '深圳%' AND m.phone_enc IS NOT NULL LIMIT 1`);
    const phone = h.ctx.cipher.decrypt(sz[0]!.phone_enc);
    expect((await list(`phone=${phone}`)).total).toBe(0);
  });
});

describe('member lifecycle by admins', () => {
  const base = async (name: string) => (await queryRows<{ id: number }>(h.ctx.db, sql`SELECT id FROM organizations WHERE name = ${name}`))[0]!.id;
  const ID = '44010619950315123X'.slice(0, 17);
  const idNumber = ID + idCheckChar(ID);
  let memberId: string;

  it('adds a member to a base union, with gender and birth date from the ID number', async () => {
    const orgId = String(await base('广州市能婴贸易有限公司工会'));
    const r = await h.app.inject({ method: 'POST', url: '/api/v1/admin/members', headers: bearer(gz), payload: { orgId, name: '新会员', idNumber: idNumber.toLowerCase(), phone: '13512345678' } });
    expect(r.statusCode).toBe(201);
    const d = r.json();
    memberId = d.id;
    expect(d).toMatchObject({ name: '新会员', status: 'active', gender: 'male', birthDate: '1995-03-15', phone: '135****5678' });
    expect(d.cardNo).toMatch(/^GD\d+$/);
    expect(d.events.map((e: { kind: string }) => e.kind)).toEqual(['added']);
    expect(d.orgPath.map((o: { name: string }) => o.name)).toEqual(['广州市总工会', '广州市天河区总工会', '天河区石牌街道总工会', '广州市能婴贸易有限公司工会']);
  });
  it('refuses a second record for the same person and a non-base organization', async () => {
    const orgId = String(await base('广州华师科技有限公司工会'));
    const dup = await h.app.inject({ method: 'POST', url: '/api/v1/admin/members', headers: bearer(gz), payload: { orgId, name: '重复', idNumber } });
    expect(dup.json().error.code).toBe('PERSON_EXISTS');
    const street = String(await base('天河区石牌街道总工会'));
    const notBase = await h.app.inject({ method: 'POST', url: '/api/v1/admin/members', headers: bearer(gz), payload: { orgId: street, name: '某人', idNumber: '110105194912310029' } });
    expect(notBase.statusCode).toBe(400);
    const badId = await h.app.inject({ method: 'POST', url: '/api/v1/admin/members', headers: bearer(gz), payload: { orgId, name: '某人', idNumber: '440106199503151231' } });
    expect(badId.statusCode).toBe(400);
    expect(JSON.stringify(badId.json().error.issues)).toContain('check character');
  });
  it('edits and records the change', async () => {
    const r = await h.app.inject({ method: 'PATCH', url: `/api/v1/admin/members/${memberId}`, headers: bearer(gz), payload: { employer: '新单位', education: '本科' } });
    expect(r.json()).toMatchObject({ employer: '新单位', education: '本科' });
    expect(r.json().events[0]).toMatchObject({ kind: 'edited', reason: 'employer,education' });
  });
  it('holds a departed member at the union above, then ends the membership', async () => {
    const held = (await h.app.inject({ method: 'POST', url: `/api/v1/admin/members/${memberId}/hold`, headers: bearer(gz), payload: { reason: '已离职' } })).json();
    expect(held).toMatchObject({ status: 'held', orgName: '天河区石牌街道总工会' });
    expect(held.events[0]).toMatchObject({ kind: 'held', fromOrg: '广州市能婴贸易有限公司工会', toOrg: '天河区石牌街道总工会', reason: '已离职' });
    const again = await h.app.inject({ method: 'POST', url: `/api/v1/admin/members/${memberId}/hold`, headers: bearer(gz), payload: { reason: '再次' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('INVALID_TRANSITION');
    const ended = (await h.app.inject({ method: 'POST', url: `/api/v1/admin/members/${memberId}/end`, headers: bearer(gz), payload: { reason: 'retired', note: '光荣退休' } })).json();
    expect(ended).toMatchObject({ status: 'ended', endReason: 'retired' });
    expect(ended.cardNo).toBe(held.cardNo);
    const audit = await queryRows<{ action: string }>(h.ctx.db, sql`SELECT action FROM audit_log WHERE object_id = ${memberId} ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['member.add', 'member.edit', 'member.hold', 'member.end']);
  });
});
