/**
 * Recent movement in the demo province, so the statistics' trend charts have something to show:
 * members who joined in the last weeks, transfers between unions of a city and
 * memberships ended, made through the state machine and dated over the last 45 days. Runs inside
 * the demo seed's transaction, after the members exist.
 */
import { sql } from 'drizzle-orm';
import { applyTransitions } from '../../modules/members/membership.service.js';
import * as members from '../../modules/members/members.repository.js';
import { queryRows, type DbOrTx } from '../client.js';
import { rng } from './fixtures.js';

const DAY_MS = 86_400_000;

export async function seedFlowsDemo(tx: DbOrTx): Promise<void> {
  const r = rng(45);
  const daysAgo = () => new Date(Date.now() - Math.floor(r() * 45) * DAY_MS - Math.floor(r() * 8) * 3600_000);
  const actor = { type: 'system' as const, id: null, name: 'demo' };
  // Joined lately: some of the members added by the union, re-dated (their join date with them).
  const recent = await queryRows<{ id: string }>(tx, sql`SELECT m.id FROM members m WHERE m.status = 'active' AND m.account_id IS NULL ORDER BY m.id LIMIT 80 OFFSET 20`);
  for (const m of recent) {
    const at = daysAgo();
    await tx.execute(sql`UPDATE membership_events SET at = ${at.toISOString()}::timestamptz WHERE member_id = ${m.id} AND kind IN ('added', 'joined')`);
    await tx.execute(sql`UPDATE members SET joined_at = ${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)} WHERE id = ${m.id}`);
  }
  const bases = (await queryRows<{ id: number; path: string }>(tx, sql`SELECT id, path FROM organizations WHERE level = 'base' AND status = 'active' ORDER BY id`)).map((b) => ({ id: Number(b.id), path: b.path }));
  // a transfer to another union of the same city (the demo keeps each city's people in it)
  const cityOf = (path: string | null) => (path ?? '').split('/').slice(0, 3).join('/');
  const sameCity = (m: members.MemberRow, i: number) => {
    const options = bases.filter((b) => cityOf(b.path) === cityOf(m.orgPath) && b.id !== m.orgId);
    return options.length ? options[(i * 7 + 3) % options.length]!.id : null;
  };
  const movers = await members.findMembersForUpdate(tx, (await queryRows<{ id: string }>(tx, sql`SELECT id FROM members WHERE status = 'active' AND account_id IS NULL ORDER BY id LIMIT 40 OFFSET 120`)).map((m) => m.id));
  const leaving = movers.splice(0, 12);
  await applyTransitions(
    tx,
    [
      ...movers.flatMap((member, i) => {
        const toOrgId = sameCity(member, i);
        return toOrgId === null ? [] : [{ member, action: 'transfer' as const, toOrgId, reason: '工作调动' }];
      }),
      ...leaving.map((member, i) => ({ member, action: 'end' as const, reason: i % 3 === 0 ? 'retired' : 'withdrawn' })),
    ],
    actor,
  );
  // spread the new events over the period
  const events = await queryRows<{ id: number }>(tx, sql`SELECT id FROM membership_events WHERE actor_name = 'demo' AND kind IN ('transferred_in', 'ended') ORDER BY id`);
  for (const e of events) await tx.execute(sql`UPDATE membership_events SET at = ${daysAgo().toISOString()}::timestamptz WHERE id = ${e.id}`);
}
