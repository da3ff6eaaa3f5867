/**
 * The state machine as the server enforces it: every action from every status, on real rows.
 * Allowed moves change the status and write one event; forbidden ones change nothing.
 */
import { MEMBER_STATUSES, MEMBERSHIP_TRANSITIONS, canTransition, type MemberStatus, type MembershipAction } from '@gonghui/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { members } from '../../db/schema.js';
import { createHarness, type Harness } from '../../test/harness.js';
import { AppError } from '../../platform/errors.js';
import { applyTransition, applyTransitions } from './membership.service.js';
import * as repo from './members.repository.js';

let h: Harness;
let orgA: number;
let orgB: number;
beforeAll(async () => {
  h = await createHarness();
  const rows = await queryRows<{ id: number }>(h.ctx.db, sql`SELECT id FROM organizations WHERE level = 'base' ORDER BY id LIMIT 2`);
  [orgA, orgB] = rows.map((r) => r.id) as [number, number];
});
afterAll(() => h.close());

let seq = 0;
async function memberIn(status: MemberStatus) {
  const [row] = await h.ctx.db.insert(members).values({ name: `机${seq}`, idNumberHash: `sm-${seq++}`, orgId: status === 'registered' ? null : orgA, status, verification: 'verified', cardNo: status === 'registered' || status === 'pending' ? null : `SM${seq}` }).returning();
  return (await repo.findMemberById(h.ctx.db, row!.id))!;
}
const eventsOf = async (id: string) => (await queryRows<{ n: number }>(h.ctx.db, sql`SELECT count(*)::int AS n FROM membership_events WHERE member_id = ${id}`))[0]!.n;

describe('applyTransition', () => {
  for (const action of Object.keys(MEMBERSHIP_TRANSITIONS) as MembershipAction[]) {
    if (action === 'add') continue; // creation, not a move: covered by the add and import tests
    for (const from of MEMBER_STATUSES) {
      const allowed = canTransition(action, from);
      it(`${action} from ${from}: ${allowed ? 'moves and records an event' : 'refused, nothing changes'}`, async () => {
        const m = await memberIn(from);
        const run = h.ctx.db.transaction((tx) => applyTransition(tx, { member: m, action, toOrgId: orgB, actor: { type: 'system', id: null, name: 'test' } }));
        if (allowed) {
          await run;
          const after = (await repo.findMemberById(h.ctx.db, m.id))!;
          expect(after.status).toBe(MEMBERSHIP_TRANSITIONS[action].to);
          expect(await eventsOf(m.id)).toBe(1);
          if (after.status === 'active') expect(after.cardNo).toMatch(/^(GD|SM)\d+$/);
          if (after.status === 'held') expect(after.heldSince).not.toBeNull();
          else expect(after.heldSince).toBeNull();
        } else {
          await expect(run).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'INVALID_TRANSITION');
          const after = (await repo.findMemberById(h.ctx.db, m.id))!;
          expect(after.status).toBe(from);
          expect(await eventsOf(m.id)).toBe(0);
        }
      });
    }
  }
});

describe('applyTransitions (set-based)', () => {
  it('writes the same states and events as one by one, and nothing when one item is not allowed', async () => {
    const actor = { type: 'system' as const, id: null, name: 'bulk' };
    const pending = await memberIn('pending');
    const active = await memberIn('active');
    const toHold = await memberIn('active');
    const held = await memberIn('held');
    const toEnd = await memberIn('held');
    await h.ctx.db.transaction((tx) =>
      applyTransitions(tx, [
        { member: pending, action: 'approve' },
        { member: active, action: 'transfer', toOrgId: orgB },
        { member: toHold, action: 'hold', toOrgId: orgB, eventKind: 'org_deregistered', reason: '撤销' },
        { member: held, action: 'join_from_held', toOrgId: orgA },
        { member: toEnd, action: 'end', reason: 'withdrawn' },
      ], actor),
    );
    const after = async (id: string) => (await repo.findMemberById(h.ctx.db, id))!;
    expect(await after(pending.id)).toMatchObject({ status: 'active', orgId: Number(orgA), cardNo: expect.stringMatching(/^GD\d+$/), joinedAt: expect.any(String) });
    expect(await after(active.id)).toMatchObject({ status: 'active', orgId: Number(orgB), cardNo: active.cardNo });
    expect(await after(toHold.id)).toMatchObject({ status: 'held', orgId: Number(orgB), heldSince: expect.any(Date) });
    expect(await after(held.id)).toMatchObject({ status: 'active', orgId: Number(orgA), heldSince: null });
    expect(await after(toEnd.id)).toMatchObject({ status: 'ended', endedAt: expect.any(String) });
    const [ev] = await queryRows<{ kind: string; from_status: string; to_status: string; reason: string }>(h.ctx.db, sql`SELECT kind, from_status, to_status, reason FROM membership_events WHERE member_id = ${toHold.id}`);
    expect(ev).toEqual({ kind: 'org_deregistered', from_status: 'active', to_status: 'held', reason: '撤销' });
    for (const m of [pending, active, toHold, held, toEnd]) expect(await eventsOf(m.id)).toBe(1);

    // one forbidden move: the whole batch is refused, nothing changes
    const a = await memberIn('active');
    const r = await memberIn('registered');
    await expect(h.ctx.db.transaction((tx) => applyTransitions(tx, [{ member: a, action: 'hold', toOrgId: orgB }, { member: r, action: 'approve' }], actor))).rejects.toBeInstanceOf(AppError);
    expect([(await after(a.id)).status, await eventsOf(a.id)]).toEqual(['active', 0]);
  });
});
