import { parseIdNumber } from '@gonghui/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, loginMember, type Harness } from '../../test/harness.js';
import { queryRows } from '../client.js';
import { verifyAuditChain } from '../../platform/audit.js';
import { generateMembers } from './generate.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('demo province', () => {
  it('has the province, 21 cities, deeper levels and members in every state', async () => {
    const levels = await queryRows<{ level: string; n: number }>(h.ctx.db, sql`SELECT level, count(*)::int AS n FROM organizations GROUP BY level`);
    const byLevel = Object.fromEntries(levels.map((l) => [l.level, Number(l.n)]));
    expect(byLevel).toMatchObject({ province: 1, city: 21 });
    expect(byLevel.district).toBeGreaterThan(5);
    expect(byLevel.street).toBeGreaterThan(5);
    expect(byLevel.base).toBeGreaterThan(10);
    const states = await queryRows<{ status: string }>(h.ctx.db, sql`SELECT DISTINCT status FROM members`);
    expect(states.map((s) => s.status).sort()).toEqual(['active', 'ended', 'held', 'pending', 'registered']);
    const members = await queryRows<{ n: number }>(h.ctx.db, sql`SELECT count(*)::int AS n FROM members`);
    expect(Number(members[0]!.n)).toBeGreaterThan(300);
  });
  it('gives every member a valid ID number and every base union a valid credit code', async () => {
    const rows = await queryRows<{ id_number_enc: string }>(h.ctx.db, sql`SELECT id_number_enc FROM members`);
    for (const r of rows) expect(parseIdNumber(h.ctx.cipher.decrypt(r.id_number_enc)).ok).toBe(true);
    const { isValidCreditCode } = await import('@gonghui/contracts');
    const codes = await queryRows<{ credit_code: string }>(h.ctx.db, sql`SELECT credit_code FROM organizations WHERE level = 'base'`);
    for (const c of codes) expect(isValidCreditCode(c.credit_code)).toBe(true);
  });
  it('keeps a clean audit chain', async () => {
    expect((await verifyAuditChain(h.ctx.db)).ok).toBe(true);
  });
});

describe('generateMembers', () => {
  it('adds verified active members with documented logins, and continues on a second run', async () => {
    const first = await generateMembers(h.ctx, { members: 1500, baseUnions: 3 });
    expect(first).toMatchObject({ members: 1500, firstPhone: '17000000000', lastPhone: '17000001499' });
    const second = await generateMembers(h.ctx, { members: 10 });
    expect(second.firstPhone).toBe('17000001500');
    const counts = await queryRows<{ n: number; verified: number }>(h.ctx.db, sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE verification = 'verified' AND status = 'active')::int AS verified FROM members WHERE card_no LIKE 'GN%'`);
    expect(Number(counts[0]!.n)).toBe(1510);
    expect(Number(counts[0]!.verified)).toBe(1510);
    const token = await loginMember(h, '17000001234', 'Member@2026');
    const me = (await h.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).json();
    expect(me.member).toMatchObject({ status: 'active', verification: 'verified' });
    const ids = await queryRows<{ id_number_enc: string }>(h.ctx.db, sql`SELECT id_number_enc FROM members WHERE card_no LIKE 'GN%' LIMIT 50`);
    for (const r of ids) expect(parseIdNumber(h.ctx.cipher.decrypt(r.id_number_enc)).ok).toBe(true);
  });
});
