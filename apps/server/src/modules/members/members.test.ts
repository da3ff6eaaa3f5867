import { sql } from 'drizzle-orm';
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
