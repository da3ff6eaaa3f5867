/**
 * The member's side of membership: finding a union and joining, transferring, joining a new
 * employer's union when held at the upper union (上挂), and the receiving union's decisions.
 * Status changes go through membership.service (the state machine); every decision is audited and
 * notified in the app, and by SMS after the transaction commits.
 */
import { HELD_REMINDER_DAYS, JOIN_OVERDUE_WORKING_DAYS, maskIdNumber, type JoinRequest, type JoinRequestKind, type OwnMembership } from '@gonghui/contracts';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/client.js';
import { adminAuditActor, type RequestMeta } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { runPeriodically } from '../../platform/periodic.js';
import { assertOrgInScope, can, type AdminActor } from '../../platform/scope.js';
import { overdueCutoff, workingDaysBetween } from '../../platform/working-days.js';
import { applyTransition, type TransitionActor } from '../members/membership.service.js';
import * as members from '../members/members.repository.js';
import { presentEvents } from '../members/members.presenter.js';
import { deliver, notifyAccount, notifyOrg, Outbox } from '../notifications/notifications.service.js';
import { findOrgById, findOrgsByIds } from '../orgs/orgs.repository.js';
import * as repo from './joining.repository.js';

type Deps = Pick<AppContext, 'db' | 'cipher' | 'audit' | 'sms' | 'config' | 'log'>;
const DAY_MS = 86_400_000;

export function presentJoinRequest(r: repo.JoinRequestWithNames, now = new Date()): JoinRequest {
  return {
    id: String(r.id),
    kind: r.kind,
    status: r.status,
    fromOrg: r.fromOrgId === null ? null : { id: String(r.fromOrgId), name: r.fromOrgName ?? '' },
    toOrg: { id: String(r.toOrgId), name: r.toOrgName },
    note: r.note,
    reason: r.decisionReason,
    decidedBy: r.decidedByName,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    waitingWorkingDays: workingDaysBetween(r.createdAt, r.decidedAt ?? now),
  };
}

/** The member record of an account, or NOT_VERIFIED: joining starts with real-name verification. */
async function verifiedMemberOf(db: DbOrTx, accountId: string, forUpdate = false) {
  const found = await members.findMemberByAccount(db, accountId);
  if (!found || found.verification !== 'verified') throw new AppError('NOT_VERIFIED');
  return forUpdate ? (await members.findMemberById(db, found.id, { forUpdate: true }))! : found;
}

export async function ownMembership(ctx: Pick<AppContext, 'db' | 'cipher'>, accountId: string): Promise<OwnMembership> {
  const m = await members.findMemberByAccount(ctx.db, accountId);
  if (!m) return { member: null, canJoin: false, canTransfer: false, pendingRequest: null, events: [] };
  const ancestorIds = (m.orgPath ?? '').split('/').filter(Boolean).map(Number);
  const [path, pending, events] = await Promise.all([findOrgsByIds(ctx.db, ancestorIds), repo.pendingRequestOf(ctx.db, m.id), members.listEvents(ctx.db, m.id)]);
  const verified = m.verification === 'verified';
  return {
    member: {
      id: m.id,
      name: m.name,
      idNumber: m.idNumberEnc ? maskIdNumber(ctx.cipher.decrypt(m.idNumberEnc)) : null,
      status: m.status,
      verification: m.verification,
      cardNo: m.cardNo,
      org: m.orgId === null ? null : { id: String(m.orgId), name: m.orgName ?? '' },
      orgPath: path.sort((a, b) => a.depth - b.depth).map((o) => ({ id: String(o.id), name: o.name })),
      joinedAt: m.joinedAt,
      heldSince: m.heldSince?.toISOString() ?? null,
      employer: m.employer,
    },
    canJoin: verified && !pending && (m.status === 'registered' || m.status === 'held'),
    canTransfer: verified && !pending && m.status === 'active',
    pendingRequest: pending ? presentJoinRequest(pending) : null,
    events: presentEvents(events),
  };
}

export async function listOwnRequests(ctx: Pick<AppContext, 'db'>, accountId: string, page: number, pageSize: number) {
  const m = await members.findMemberByAccount(ctx.db, accountId);
  if (!m) return { items: [], page, pageSize, total: 0 };
  const { rows, total } = await repo.listOfMember(ctx.db, m.id, (page - 1) * pageSize, pageSize);
  return { items: rows.map((r) => presentJoinRequest(r)), page, pageSize, total };
}

const KIND_OF_STATUS: Partial<Record<members.MemberRow['status'], JoinRequestKind>> = { registered: 'join', active: 'transfer', held: 'join_from_held' };

/** Apply to a base union; what kind of application it is follows from the member's status. */
export async function createJoinRequest(ctx: Deps, { accountId, orgId, note, meta }: { accountId: string; orgId: string; note?: string | undefined; meta: RequestMeta }) {
  const id = await ctx.db.transaction(async (tx) => {
    const member = await verifiedMemberOf(tx, accountId, true);
    const kind = KIND_OF_STATUS[member.status];
    if (member.status === 'pending') throw new AppError('REQUEST_PENDING');
    if (!kind) throw new AppError('INVALID_TRANSITION', { params: { status: member.status } });
    const org = await findOrgById(tx, Number(orgId));
    if (!org || org.status !== 'active') throw new AppError('ORG_NOT_FOUND');
    if (org.level !== 'base') throw new AppError('NOT_A_BASE_UNION');
    if (org.id === member.orgId) throw new AppError('ALREADY_IN_ORG');
    const request = await repo.insertRequest(tx, { memberId: member.id, kind, fromOrgId: member.orgId, toOrgId: org.id, toOrgPath: org.path, note: note || null });
    if (!request) throw new AppError('REQUEST_PENDING');
    // A first application makes the person a pending member of that union (it shows in its lists).
    if (kind === 'join') await applyTransition(tx, { member, action: 'apply', toOrgId: org.id, reason: note ?? null, actor: { type: 'member', id: accountId, name: member.name } });
    await ctx.audit.record({ actor: { type: 'member', id: accountId, name: member.name }, action: `membership.${kind}_request`, objectType: 'join_request', objectId: String(request.id), orgId: org.id, orgPath: org.path, outcome: 'success', details: { memberId: member.id, from: member.orgId }, meta }, tx);
    return request.id;
  });
  return presentJoinRequest((await repo.findRequest(ctx.db, id))!);
}

export async function withdrawJoinRequest(ctx: Deps, { accountId, id, meta }: { accountId: string; id: string; meta: RequestMeta }) {
  await ctx.db.transaction(async (tx) => {
    const member = await verifiedMemberOf(tx, accountId, true);
    const request = /^\d{1,18}$/.test(id) ? await repo.findRequest(tx, Number(id)) : null;
    if (!request || request.memberId !== member.id) throw new AppError('NOT_FOUND');
    const closed = await repo.closeRequest(tx, request.id, { status: 'withdrawn' });
    if (!closed) throw new AppError('APPLICATION_DECIDED');
    if (request.kind === 'join') await applyTransition(tx, { member, action: 'withdraw', toOrgId: null, actor: { type: 'member', id: accountId, name: member.name } });
    await ctx.audit.record({ actor: { type: 'member', id: accountId, name: member.name }, action: 'membership.request_withdraw', objectType: 'join_request', objectId: String(request.id), orgId: request.toOrgId, orgPath: request.toOrgPath, outcome: 'success', meta }, tx);
  });
  return presentJoinRequest((await repo.findRequest(ctx.db, Number(id)))!);
}

export async function listForAdmin(ctx: Pick<AppContext, 'db' | 'cipher'>, { actor, query }: { actor: AdminActor; query: { page: number; pageSize: number; q?: string | undefined; status: repo.JoinRequestRow['status']; kind?: JoinRequestKind | undefined; overdue?: 'true' | 'false' | undefined } }) {
  const now = new Date();
  const { rows, total } = await repo.listForAdmin(
    ctx.db,
    { pathPrefix: actor.orgPath, status: query.status, kind: query.kind, namePrefix: query.q, createdBefore: query.overdue === 'true' ? overdueCutoff(now, JOIN_OVERDUE_WORKING_DAYS) : undefined },
    (query.page - 1) * query.pageSize,
    query.pageSize,
  );
  const mayDecide = can(actor, 'member.write');
  return {
    items: rows.map((r) => {
      const presented = presentJoinRequest(r, now);
      return {
        ...presented,
        member: {
          id: r.member.id,
          name: r.member.name,
          gender: r.member.gender,
          idNumber: r.member.idNumberEnc ? maskIdNumber(ctx.cipher.decrypt(r.member.idNumberEnc)) : null,
          phone: null,
          status: r.member.status,
          cardNo: r.member.cardNo,
          employer: r.member.employer,
        },
        overdue: r.status === 'pending' && presented.waitingWorkingDays > JOIN_OVERDUE_WORKING_DAYS,
        canDecide: mayDecide && r.status === 'pending',
      };
    }),
    page: query.page,
    pageSize: query.pageSize,
    total,
  };
}

/** The receiving union decides. Of two admins deciding at once, one wins; the other gets APPLICATION_DECIDED. */
export async function decide(ctx: Deps, { actor, id, approve, reason, meta }: { actor: AdminActor; id: string; approve: boolean; reason?: string | undefined; meta: RequestMeta }) {
  const outbox = new Outbox();
  const requestId = /^\d{1,18}$/.test(id) ? Number(id) : -1;
  await ctx.db.transaction(async (tx) => {
    const request = requestId > 0 ? await repo.findRequest(tx, requestId) : null;
    assertOrgInScope(actor, request?.toOrgPath);
    const closed = await repo.closeRequest(tx, request!.id, { status: approve ? 'approved' : 'rejected', decisionReason: reason || null, decidedById: actor.id, decidedByName: actor.displayName });
    if (!closed) throw new AppError('APPLICATION_DECIDED');
    const member = (await members.findMemberById(tx, closed.memberId, { forUpdate: true }))!;
    const who: TransitionActor = { type: 'admin', id: actor.id, name: actor.displayName };
    const org = (await findOrgById(tx, closed.toOrgId))!;
    if (approve) {
      if (org.status !== 'active') throw new AppError('ORG_NOT_FOUND');
      const action = closed.kind === 'join' ? 'approve' : closed.kind === 'transfer' ? 'transfer' : 'join_from_held';
      await applyTransition(tx, { member, action, toOrgId: org.id, reason: reason ?? null, actor: who });
      const after = (await members.findMemberById(tx, member.id))!;
      const kind = closed.kind === 'join' ? 'join_approved' : 'transfer_approved';
      await notifyAccount(tx, outbox, { accountId: member.accountId, kind, params: { org: org.name, cardNo: after.cardNo ?? '' }, sms: true });
      if (closed.kind !== 'join' && closed.fromOrgId) {
        const from = await findOrgById(tx, closed.fromOrgId);
        if (from) await notifyOrg(tx, { org: from, kind: 'union_member_left', params: { name: member.name ?? '', cardNo: member.cardNo ?? '', org: org.name } });
      }
    } else {
      if (closed.kind === 'join') await applyTransition(tx, { member, action: 'reject', toOrgId: null, reason: reason ?? null, actor: who });
      await notifyAccount(tx, outbox, { accountId: member.accountId, kind: closed.kind === 'join' ? 'join_rejected' : 'transfer_rejected', params: { org: org.name, reason: reason ?? '' }, sms: true });
    }
    await ctx.audit.record({ actor: adminAuditActor(actor), action: `membership.${closed.kind}_${approve ? 'approve' : 'reject'}`, objectType: 'join_request', objectId: String(closed.id), orgId: org.id, orgPath: org.path, outcome: 'success', details: { memberId: member.id, from: closed.fromOrgId, reason }, meta }, tx);
  });
  await deliver(ctx, outbox);
  return presentJoinRequest((await repo.findRequest(ctx.db, requestId))!);
}

/**
 * 上挂 reminders: a member held for HELD_REMINDER_DAYS (and every as many days after) gets a
 * message and an SMS, and the holding union gets one in its inbox. Safe to run in several
 * processes at once: due members are locked with SKIP LOCKED.
 */
export async function remindHeldMembers(ctx: Deps, now = new Date(), batch = 200): Promise<number> {
  const dueBefore = new Date(now.getTime() - HELD_REMINDER_DAYS * DAY_MS);
  let total = 0;
  for (;;) {
    const outbox = new Outbox();
    const n = await ctx.db.transaction(async (tx) => {
      const due = await repo.heldDueForReminder(tx, dueBefore, batch);
      for (const m of due) {
        const days = Math.floor((now.getTime() - m.heldSince!.getTime()) / DAY_MS);
        await notifyAccount(tx, outbox, { accountId: m.accountId, kind: 'held_reminder', params: { org: m.orgName ?? '', days }, sms: true });
        if (m.orgId && m.orgPath) await notifyOrg(tx, { org: { id: m.orgId, path: m.orgPath }, kind: 'union_held_reminder', params: { name: m.name ?? '', cardNo: m.cardNo ?? '', days } });
      }
      await repo.markReminded(tx, due.map((m) => m.id), now);
      return due.length;
    });
    await deliver(ctx, outbox);
    total += n;
    if (n < batch) return total;
  }
}

/** Run the reminders half a minute after start and every HELD_REMINDER_INTERVAL_MINUTES; returns a stop function. */
export function scheduleHeldReminders(ctx: Deps): () => void {
  return runPeriodically(ctx.log, 'held-member reminders', ctx.config.HELD_REMINDER_INTERVAL_MINUTES * 60_000, async () => {
    const n = await remindHeldMembers(ctx);
    if (n) ctx.log.info({ reminded: n }, 'held-member reminders sent');
  }, { firstAfterMs: 30_000 });
}
