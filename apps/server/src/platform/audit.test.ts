import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHarness, loginAdmin, type Harness } from '../test/harness.js';
import { verifyAuditChain } from './audit.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('audit log', () => {
  it('chains every row to the previous one and verifies', async () => {
    for (let i = 0; i < 5; i++) {
      await h.ctx.audit.record({ actor: { type: 'system' }, action: 'test.event', outcome: 'success', details: { i, nested: { b: 2, a: 1 } } });
    }
    // concurrent appends keep one chain
    await Promise.all(Array.from({ length: 20 }, (_, i) => h.ctx.audit.record({ actor: { type: 'system' }, action: 'test.concurrent', outcome: 'success', details: { i } })));
    const report = await verifyAuditChain(h.ctx.db);
    expect(report).toMatchObject({ ok: true, firstBadId: null });
    expect(report.checked).toBeGreaterThanOrEqual(25);
  });

  it('refuses updates and deletes in the database itself', async () => {
    await expect(h.ctx.db.execute(sql`UPDATE audit_log SET outcome = 'failure'`)).rejects.toThrow();
    await expect(h.ctx.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
  });

  it('detects a rewritten row and a removed row', async () => {
    await h.ctx.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    const [victim] = (await h.ctx.db.execute(sql`SELECT id FROM audit_log WHERE action = 'test.event' ORDER BY id LIMIT 1 OFFSET 2`) as unknown as { rows: Array<{ id: number }> }).rows;
    await h.ctx.db.execute(sql`UPDATE audit_log SET details = '{"i": 99}' WHERE id = ${victim!.id}`);
    const altered = await verifyAuditChain(h.ctx.db);
    expect(altered).toMatchObject({ ok: false, firstBadId: Number(victim!.id) });
    expect(altered.problem).toMatch(/altered/);
    await h.ctx.db.execute(sql`DELETE FROM audit_log WHERE id = ${victim!.id}`);
    const removed = await verifyAuditChain(h.ctx.db);
    expect(removed.ok).toBe(false);
    expect(removed.problem).toMatch(/removed/);
    await h.ctx.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
  });
});

describe('GET /api/v1/admin/audit', () => {
  it('is read-only for auditors and shows their subtree only', async () => {
    const auditor = await loginAdmin(h, 'gd_auditor');
    const page = (await h.app.inject({ url: '/api/v1/admin/audit?action=admin.login&pageSize=50', headers: bearer(auditor) })).json();
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items[0]).toMatchObject({ action: 'admin.login', outcome: 'success', actorName: 'gd_auditor' });
    expect(page.items[0].hash).toMatch(/^[0-9a-f]{64}$/);
    // the province (the root) also sees failures tied to no organization
    await h.app.inject({ method: 'POST', url: '/api/v1/admin/auth/login', payload: { username: 'ghost', password: 'x' } });
    const unknown = (await h.app.inject({ url: '/api/v1/admin/audit?outcome=failure', headers: bearer(auditor) })).json();
    expect(unknown.items.some((e: { actorName: string; orgName: string | null }) => e.actorName === 'ghost' && e.orgName === null)).toBe(true);
    expect(page.items[0].orgName).toBe('广东省总工会');
    const gz = await loginAdmin(h, 'gz_admin');
    expect((await h.app.inject({ url: '/api/v1/admin/audit', headers: bearer(gz) })).statusCode).toBe(403);
  });
});
