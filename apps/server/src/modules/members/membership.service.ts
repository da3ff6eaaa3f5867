/**
 * The membership state machine. Every change of a member's status or organization goes through
 * `applyTransition`, which checks MEMBERSHIP_TRANSITIONS (contracts), writes the new state and
 * the membership event in the caller's transaction. Nothing else writes members.status.
 */
import { canTransition, MEMBERSHIP_TRANSITIONS, type MembershipAction, type MembershipEventKind } from '@gonghui/contracts';
import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { withdrawPendingOf } from '../joining/joining.repository.js';
import * as repo from './members.repository.js';

export interface TransitionActor {
  type: 'admin' | 'member' | 'system';
  id: string | null;
  name: string | null;
}

const EVENT_OF: Record<MembershipAction, MembershipEventKind> = {
  add: 'added',
  apply: 'applied',
  approve: 'joined',
  reject: 'rejected',
  withdraw: 'withdrawn',
  transfer: 'transferred_in',
  hold: 'held',
  join_from_held: 'transferred_in',
  end: 'ended',
};

export async function applyTransition(
  tx: DbOrTx,
  {
    member,
    action,
    toOrgId,
    reason,
    actor,
    eventKind,
    extra,
  }: {
    member: repo.MemberRow;
    action: MembershipAction;
    /** The organization after the change; unchanged when omitted. */
    toOrgId?: number | null;
    reason?: string | null;
    actor: TransitionActor;
    /** Overrides the default event kind (e.g. org_deregistered for a hold caused by deregistration). */
    eventKind?: MembershipEventKind;
    extra?: Partial<repo.NewMember>;
  },
): Promise<void> {
  if (!canTransition(action, member.status)) throw new AppError('INVALID_TRANSITION', { params: { status: member.status } });
  const to = MEMBERSHIP_TRANSITIONS[action].to;
  const orgId = toOrgId === undefined ? member.orgId : toOrgId;
  const today = new Date().toISOString().slice(0, 10);
  const values: Partial<repo.NewMember> = { status: to, orgId, ...extra };
  // A card number is assigned once for life, at the first moment the person becomes a member.
  if (to === 'active' && !member.cardNo) values.cardNo = await repo.nextCardNo(tx);
  if (to === 'active' && !member.joinedAt) values.joinedAt = today;
  if (to === 'ended') values.endedAt = today;
  // 上挂: since when, for the 90-day reminders; cleared when the membership moves on.
  if (to === 'held') Object.assign(values, { heldSince: new Date(), heldRemindedAt: null });
  else if (member.status === 'held') Object.assign(values, { heldSince: null, heldRemindedAt: null });
  // A membership that is held or ended elsewhere leaves no application of the member pending.
  if (action === 'hold' || action === 'end') await withdrawPendingOf(tx, member.id, action === 'hold' ? '会员关系已上挂 / Membership held' : '会员关系已终止 / Membership ended');
  await repo.updateMember(tx, member.id, values);
  await repo.insertEvent(tx, {
    memberId: member.id,
    kind: eventKind ?? EVENT_OF[action],
    fromOrgId: member.orgId,
    toOrgId: orgId,
    fromStatus: member.status,
    toStatus: to,
    reason: reason ?? null,
    actorType: actor.type,
    actorId: actor.id,
    actorName: actor.name,
  });
}

/** The first event of a record created directly as a member (admin entry or import). */
export async function recordAdded(tx: DbOrTx, { member, actor, reason }: { member: repo.MemberRow; actor: TransitionActor; reason?: string }): Promise<void> {
  await repo.insertEvent(tx, {
    memberId: member.id,
    kind: 'added',
    fromOrgId: null,
    toOrgId: member.orgId,
    fromStatus: null,
    toStatus: member.status,
    reason: reason ?? null,
    actorType: actor.type,
    actorId: actor.id,
    actorName: actor.name,
  });
}
