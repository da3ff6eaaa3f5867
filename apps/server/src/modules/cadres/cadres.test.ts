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

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => h.app.inject({ method, url, headers: bearer(gz), ...(payload ? { payload } : {}) });

describe('cadres', () => {
  it('appoints an active member, lists, filters and ends the term', async () => {
    const union = (await queryRows<{ id: number }>(h.ctx.db, sql`SELECT id FROM organizations WHERE name = '广州华师科技有限公司工会'`))[0]!;
    const member = (await queryRows<{ id: string; name: string }>(h.ctx.db, sql`SELECT id, name FROM members WHERE org_id = ${union.id} AND status = 'active' LIMIT 1`))[0]!;
    const created = await call('POST', '/api/v1/admin/cadres', { memberId: member.id, orgId: String(union.id), position: 'chair', termStart: '2024-01-01', termEnd: '2028-12-31', fullTime: true });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ memberName: member.name, orgName: '广州华师科技有限公司工会', position: 'chair', status: 'serving' });
    const same = await call('POST', '/api/v1/admin/cadres', { memberId: member.id, orgId: String(union.id), position: 'chair', termStart: '2024-01-01' });
    expect(same.statusCode).toBe(409);
    const chairs = (await call('GET', '/api/v1/admin/cadres?position=chair&fullTime=true')).json();
    expect(chairs.items.some((c: { id: string }) => c.id === created.json().id)).toBe(true);
    const ended = (await call('PATCH', `/api/v1/admin/cadres/${created.json().id}`, { status: 'ended', termEnd: '2025-06-30' })).json();
    expect(ended).toMatchObject({ status: 'ended', termEnd: '2025-06-30' });
  });
  it('refuses someone who is not a current member, and a term that ends before it starts', async () => {
    const union = (await queryRows<{ id: number }>(h.ctx.db, sql`SELECT id FROM organizations WHERE name = '广州华师科技有限公司工会'`))[0]!;
    const ended = (await queryRows<{ id: string }>(h.ctx.db, sql`SELECT m.id FROM members m JOIN organizations o ON o.id = m.org_id WHERE m.status = 'ended' AND o.path LIKE (SELECT path || '%' FROM organizations WHERE name = '广州市总工会') LIMIT 1`))[0]!;
    const r = await call('POST', '/api/v1/admin/cadres', { memberId: ended.id, orgId: String(union.id), position: 'vice_chair', termStart: '2024-01-01' });
    expect(r.json().error.code).toBe('NOT_A_MEMBER');
    const member = (await queryRows<{ id: string }>(h.ctx.db, sql`SELECT id FROM members WHERE org_id = ${union.id} AND status = 'active' LIMIT 1`))[0]!;
    const backwards = await call('POST', '/api/v1/admin/cadres', { memberId: member.id, orgId: String(union.id), position: 'vice_chair', termStart: '2024-01-01', termEnd: '2023-01-01' });
    expect(backwards.statusCode).toBe(400);
    expect(JSON.stringify(backwards.json().error.issues)).toContain('termEnd');
  });
});
