/**
 * The membership state machine. Every change of a member's status or organization goes through
 * `applyTransition`, which checks MEMBERSHIP_TRANSITIONS (contracts), writes the new state and
 * the membership event in the caller's transaction. Nothing else writes members.status.
 */
import { canTransition, MEMBERSHIP_TRANSITIONS, type MembershipAction, type MembershipEventKind, type MemberStatus } from '@gonghui/contracts';
import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { withdrawPendingOf, withdrawPendingOfMany } from '../joining/joining.repository.js';
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

type Action = MembershipAction;

/** A member's state columns after an action (the card number, join date, end date, 上挂 dates). */
function stateAfter(member: repo.MemberRow, action: Action, toOrgId: number | null | undefined, nextCard: () => string) {
  if (!canTransition(action, member.status)) throw new AppError('INVALID_TRANSITION', { params: { status: member.status } });
  const to = MEMBERSHIP_TRANSITIONS[action].to;
  const today = new Date().toISOString().slice(0, 10);
  const values: Partial<repo.NewMember> & Pick<repo.MemberRow, 'status'> = { status: to, orgId: toOrgId === undefined ? member.orgId : toOrgId };
  // A card number is assigned once for life, at the first moment the person becomes a member.
  if (to === 'active' && !member.cardNo) values.cardNo = nextCard();
  if (to === 'active' && !member.joinedAt) values.joinedAt = today;
  if (to === 'ended') values.endedAt = today;
  // 上挂: since when, for the 90-day reminders; cleared when the membership moves on.
  if (to === 'held') Object.assign(values, { heldSince: new Date(), heldRemindedAt: null });
  else if (member.status === 'held') Object.assign(values, { heldSince: null, heldRemindedAt: null });
  return values;
}
const needsCard = (member: repo.MemberRow, action: Action) => canTransition(action, member.status) && MEMBERSHIP_TRANSITIONS[action].to === 'active' && !member.cardNo;
const CLOSING_REASON = { hold: '会员关系已上挂 / Membership held', end: '会员关系已终止 / Membership ended' } as const;

export interface TransitionItem {
  member: repo.MemberRow;
  action: Action;
  /** The organization after the change; unchanged when omitted. */
  toOrgId?: number | null;
  reason?: string | null;
  /** Overrides the default event kind (e.g. org_deregistered for a hold caused by deregistration). */
  eventKind?: MembershipEventKind;
}

const eventOf = (it: TransitionItem, values: { status: MemberStatus; orgId?: number | null | undefined }, actor: TransitionActor) => ({
  memberId: it.member.id,
  kind: it.eventKind ?? EVENT_OF[it.action],
  fromOrgId: it.member.orgId,
  toOrgId: values.orgId ?? null,
  fromStatus: it.member.status,
  toStatus: values.status,
  reason: it.reason ?? null,
  actorType: actor.type,
  actorId: actor.id,
  actorName: actor.name,
});

export async function applyTransition(tx: DbOrTx, { actor, extra, ...item }: TransitionItem & { actor: TransitionActor; extra?: Partial<repo.NewMember> }): Promise<void> {
  const card = needsCard(item.member, item.action) ? await repo.nextCardNo(tx) : null;
  const values = { ...stateAfter(item.member, item.action, item.toOrgId, () => card!), ...extra };
  // A membership that is held or ended elsewhere leaves no application of the member pending.
  if (item.action === 'hold' || item.action === 'end') await withdrawPendingOf(tx, item.member.id, CLOSING_REASON[item.action]);
  await repo.updateMember(tx, item.member.id, values);
  await repo.insertEvent(tx, eventOf(item, values, actor));
}

/**
 * Many transitions in one transaction, set-based: the same rules as applyTransition, one update of
 * the members and one insert of the events (a union deregistered with its members held, bulk
 * status changes). Every item must be allowed, or nothing is written.
 */
export async function applyTransitions(tx: DbOrTx, items: TransitionItem[], actor: TransitionActor): Promise<void> {
  if (!items.length) return;
  const cards = await repo.nextCardNos(tx, items.filter((it) => needsCard(it.member, it.action)).length);
  const states = items.map((it) => stateAfter(it.member, it.action, it.toOrgId, () => cards.shift()!));
  for (const action of ['hold', 'end'] as const) {
    const ids = items.filter((it) => it.action === action).map((it) => it.member.id);
    if (ids.length) await withdrawPendingOfMany(tx, ids, CLOSING_REASON[action]);
  }
  await repo.updateMemberStates(tx, items.map((it, i) => ({ member: it.member, values: states[i]! })));
  await repo.insertEvents(tx, items.map((it, i) => eventOf(it, states[i]!, actor)));
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
