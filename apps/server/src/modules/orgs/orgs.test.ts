import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { bearer, createHarness, loginAdmin, type Harness } from '../../test/harness.js';

let h: Harness;
let gd: string;
let th: string;
beforeAll(async () => {
  h = await createHarness();
  gd = await loginAdmin(h, 'gd_admin');
  th = await loginAdmin(h, 'th_admin');
});
afterAll(() => h.close());

const get = (url: string, token: string) => h.app.inject({ url, headers: bearer(token) }).then((r) => r.json());

describe('GET /api/v1/admin/orgs/children', () => {
  it('starts at the admin\'s own organization and loads children lazily', async () => {
    const root = await get('/api/v1/admin/orgs/children', gd);
    expect(root.items).toHaveLength(1);
    expect(root.items[0]).toMatchObject({ name: '广东省总工会', level: 'province', childCount: 21 });
    const cities = await get(`/api/v1/admin/orgs/children?parentId=${root.items[0].id}`, gd);
    expect(cities.items).toHaveLength(21);
    expect(cities.items.map((c: { name: string }) => c.name)).toContain('广州市总工会');
  });
  it('roots a district admin at the district', async () => {
    const root = await get('/api/v1/admin/orgs/children', th);
    expect(root.items[0].name).toBe('广州市天河区总工会');
    const search = await get(`/api/v1/admin/orgs/children?q=${encodeURIComponent('工会')}`, th);
    expect(search.items.every((o: { name: string }) => !o.name.includes('深圳') && !o.name.includes('越秀'))).toBe(true);
    expect(search.items.length).toBeGreaterThan(3);
  });
});

describe('GET /api/v1/admin/orgs/:id', () => {
  it('shows the path from the scope root, counts and details', async () => {
    const found = await get(`/api/v1/admin/orgs/children?q=${encodeURIComponent('能婴')}`, th);
    const detail = await get(`/api/v1/admin/orgs/${found.items[0].id}`, th);
    expect(detail.path.map((p: { name: string }) => p.name)).toEqual(['广州市天河区总工会', '天河区石牌街道总工会', '广州市能婴贸易有限公司工会']);
    expect(detail.creditCode).toMatch(/^91[0-9A-Z]{16}$/);
    expect(detail.memberCount).toBeGreaterThan(0);
    expect(detail.subtreeOrgCount).toBe(1);
  });
});

describe('GET /api/v1/orgs (public)', () => {
  it('finds active unions by name with paging', async () => {
    const r = (await h.app.inject({ url: `/api/v1/orgs?q=${encodeURIComponent('松下')}` })).json();
    expect(r.items[0]).toMatchObject({ name: '广东松下环境系统有限公司工会', parentName: '容桂街道总工会' });
    const all = (await h.app.inject({ url: `/api/v1/orgs?q=${encodeURIComponent('工会')}&pageSize=5&page=2` })).json();
    expect(all.items).toHaveLength(5);
    expect(all.total).toBeGreaterThan(40);
  });
  it('browses by region: no filter gives the province, parentId its children page by page', async () => {
    const root = (await h.app.inject({ url: '/api/v1/orgs' })).json();
    expect(root.items).toEqual([expect.objectContaining({ name: '广东省总工会', level: 'province', hasChildren: true })]);
    const cities = (await h.app.inject({ url: `/api/v1/orgs?parentId=${root.items[0].id}&pageSize=50` })).json();
    expect(cities.total).toBe(21);
    expect(cities.items.every((c: { level: string; parentName: string }) => c.level === 'city' && c.parentName === '广东省总工会')).toBe(true);
    expect((await h.app.inject({ url: '/api/v1/orgs?parentId=abc' })).statusCode).toBe(400);
  });
  it('finds the union of an employer by its credit code, and one union by id', async () => {
    const [org] = await queryRows<{ id: number; credit_code: string; name: string }>(h.ctx.db, sql`SELECT id, credit_code, name FROM organizations WHERE credit_code IS NOT NULL AND status = 'active' LIMIT 1`);
    const found = (await h.app.inject({ url: `/api/v1/orgs?creditCode=${org!.credit_code.toLowerCase()}` })).json();
    expect(found.items.map((o: { id: string }) => o.id)).toEqual([String(org!.id)]);
    expect((await h.app.inject({ url: `/api/v1/orgs/${org!.id}` })).json().name).toBe(org!.name);
    expect((await h.app.inject({ url: '/api/v1/orgs/99999999' })).json().error.code).toBe('ORG_NOT_FOUND');
  });
});
