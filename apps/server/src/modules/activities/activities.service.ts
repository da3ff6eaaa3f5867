/**
 * Activities: admins create, publish and run them in their scope; members see those open to them,
 * take part (grab.service for first come first served) and hold tickets; staff check tickets in.
 */
import { COVER_MAX_BYTES, type Activity, type ActivityInput, type Audience, type Lang } from '@gonghui/contracts';
import QRCode from 'qrcode';
import sanitizeHtml from 'sanitize-html';
import type { AppContext } from '../../context.js';
import { adminAuditActor, type RequestMeta } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { commitmentOf, newSeed } from '../../platform/lottery.js';
import { normaliseImage } from '../../platform/images.js';
import { assertOrgInScope, type AdminActor } from '../../platform/scope.js';
import * as members from '../members/members.repository.js';
import { getOrgInScope, parseOrgId } from '../orgs/orgs.service.js';
import * as repo from './activities.repository.js';
import { eligibilityOf } from './eligibility.js';
import * as entries from './entries.repository.js';
import { myEntryIn, ticketGivenBack } from './entries.service.js';
import { presentTicket, type GrabEngine } from './grab.service.js';
import { maskedMember } from './presenters.js';

type Deps = Pick<AppContext, 'db' | 'cipher' | 'audit' | 'sms' | 'config' | 'log'> & { grab: GrabEngine };

/** Rich descriptions keep formatting and links, never scripts, styles or event handlers. */
export function sanitizeDescription(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'h3', 'h4', 'blockquote', 'a', 'span'],
    allowedAttributes: { a: ['href', 'title'] },
    allowedSchemes: ['https', 'http', 'mailto', 'tel'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
  });
}

const activityId = (id: string) => {
  if (!/^\d{1,18}$/.test(id)) throw new AppError('ACTIVITY_NOT_FOUND');
  return Number(id);
};

async function inScope(ctx: Pick<Deps, 'db'>, actor: AdminActor, id: string) {
  const a = await repo.findActivity(ctx.db, activityId(id));
  assertOrgInScope(actor, a?.orgPath);
  return a!;
}

type Counts = { tickets: Map<number, { allocated: number; checkedIn: number }>; entrants: Map<number, number> };

/** Counts for a page of activities in two queries (not two per activity). */
async function countsFor(ctx: Pick<Deps, 'db'>, ids: number[]): Promise<Counts> {
  const [tickets, entrants] = await Promise.all([repo.sessionCounts(ctx.db, ids), entries.entrantCounts(ctx.db, ids)]);
  return { tickets, entrants };
}

export async function presentActivity(ctx: Deps, a: repo.ActivityWithOrg, sessions: repo.SessionRow[], viewer: { member: members.MemberEligibility | null; lang: Lang } | null, pre?: Counts): Promise<Activity> {
  const live = a.status === 'published' && a.mode === 'fcfs' && ctx.grab.gate.loaded(a.id);
  // A member's view of a live grab reads places left from the gate, not the database: at 9:00 a
  // hundred thousand members refresh this page.
  const counts = pre?.tickets ?? (live && viewer ? new Map<number, { allocated: number; checkedIn: number }>() : await repo.sessionCounts(ctx.db, a.id));
  const withEntries = a.mode === 'lottery' || a.waitingList;
  const [entrants, myEntry] = await Promise.all([
    pre?.entrants ?? (withEntries ? entries.entrantCounts(ctx.db, a.id, a.mode) : new Map<number, number>()),
    withEntries && viewer?.member ? myEntryIn(ctx, a.id, viewer.member.id) : null,
  ]);
  const el = viewer ? eligibilityOf(viewer.member, a, new Date()) : null;
  return {
    id: String(a.id),
    org: { id: String(a.orgId), name: a.orgName },
    title: a.title,
    descriptionHtml: a.descriptionHtml,
    coverUrl: a.coverVersion ? `/api/v1/activities/${a.id}/cover?v=${a.coverVersion}` : null,
    audience: a.audience as Audience,
    windowStart: a.windowStart.toISOString(),
    windowEnd: a.windowEnd.toISOString(),
    mode: a.mode,
    perMemberLimit: a.perMemberLimit,
    waitingList: a.waitingList,
    confirmHours: a.confirmHours,
    powDifficulty: a.powDifficulty,
    waitingRoomMinutes: a.waitingRoomMinutes,
    status: a.status,
    sessions: await Promise.all(
      sessions.map(async (s) => {
        const c = counts.get(s.id) ?? { allocated: 0, checkedIn: 0 };
        return {
          id: String(s.id),
          name: s.name,
          startsAt: s.startsAt.toISOString(),
          capacity: s.capacity,
          remaining: live ? await ctx.grab.gate.remaining(a.id, s.id) : Math.max(0, s.capacity - c.allocated),
          checkedIn: c.checkedIn,
          entrants: entrants.get(s.id) ?? 0,
          entrantsDigest: s.entrantsDigest,
        };
      }),
    ),
    lottery:
      a.mode === 'lottery'
        ? { commitment: a.commitment, seed: a.drawnAt && a.seedEnc ? ctx.cipher.decrypt(a.seedEnc) : null, closedAt: a.closedAt?.toISOString() ?? null, drawnAt: a.drawnAt?.toISOString() ?? null }
        : null,
    eligible: el ? el.ok : null,
    ineligibleReason: el && !el.ok ? (viewer?.lang === 'en' ? el.reasonEn : el.reason) : null,
    myEntry,
    serverTime: new Date().toISOString(),
  };
}

function fieldsOf(input: ActivityInput) {
  return {
    title: input.title,
    descriptionHtml: sanitizeDescription(input.descriptionHtml),
    audience: input.audience,
    windowStart: new Date(input.windowStart),
    windowEnd: new Date(input.windowEnd),
    mode: input.mode,
    perMemberLimit: input.perMemberLimit,
    waitingList: input.waitingList,
    confirmHours: input.confirmHours,
    powDifficulty: input.powDifficulty,
    waitingRoomMinutes: input.waitingRoomMinutes,
  };
}
const sessionsOf = (input: ActivityInput) => input.sessions.map((s) => ({ name: s.name, startsAt: new Date(s.startsAt), capacity: s.capacity }));

export async function createActivity(ctx: Deps, { actor, input, meta }: { actor: AdminActor; input: ActivityInput; meta: RequestMeta }) {
  const org = await getOrgInScope({ db: ctx.db, actor, orgId: input.orgId ? parseOrgId(input.orgId) : actor.orgId });
  for (const id of input.audience.orgIds) await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(id) });
  const id = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertActivity(tx, { ...fieldsOf(input), orgId: org.id, orgPath: org.path, createdByName: actor.displayName }, sessionsOf(input));
    await ctx.audit.record({ actor: adminAuditActor(actor), action: 'activity.create', objectType: 'activity', objectId: String(created), orgId: org.id, orgPath: org.path, outcome: 'success', details: { title: input.title }, meta }, tx);
    return created;
  });
  return adminDetail(ctx, { actor, id: String(id) });
}

export async function updateActivity(ctx: Deps, { actor, id, input, meta }: { actor: AdminActor; id: string; input: ActivityInput; meta: RequestMeta }) {
  const a = await inScope(ctx, actor, id);
  if (a.status !== 'draft') throw new AppError('ACTIVITY_NOT_EDITABLE');
  for (const orgId of input.audience.orgIds) await getOrgInScope({ db: ctx.db, actor, orgId: parseOrgId(orgId) });
  await ctx.db.transaction(async (tx) => {
    await repo.updateActivity(tx, a.id, fieldsOf(input));
    await repo.replaceSessions(tx, a.id, sessionsOf(input));
    await ctx.audit.record({ actor: adminAuditActor(actor), action: 'activity.edit', objectType: 'activity', objectId: String(a.id), orgId: a.orgId, orgPath: a.orgPath, outcome: 'success', meta }, tx);
  });
  return adminDetail(ctx, { actor, id });
}

/** Publish: first come first served gets its gate; a lottery publishes the commitment to its secret seed. */
export async function publishActivity(ctx: Deps, { actor, id, meta }: { actor: AdminActor; id: string; meta: RequestMeta }) {
  const a = await inScope(ctx, actor, id);
  if (a.status !== 'draft') throw new AppError('ACTIVITY_NOT_EDITABLE');
  if (a.windowEnd.getTime() <= Date.now()) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'windowEnd', message: '活动时间已结束，请先修改时间 / The window has ended; change it first' }] });
  const lottery = a.mode === 'lottery' ? (() => { const seed = newSeed(); return { seedEnc: ctx.cipher.encrypt(seed), commitment: commitmentOf(seed) }; })() : {};
  await ctx.db.transaction(async (tx) => {
    await repo.updateActivity(tx, a.id, { status: 'published', publishedAt: new Date(), ...lottery });
    await ctx.audit.record({ actor: adminAuditActor(actor), action: 'activity.publish', objectType: 'activity', objectId: String(a.id), orgId: a.orgId, orgPath: a.orgPath, outcome: 'success', meta }, tx);
  });
  ctx.grab.forget(a.id);
  if (a.mode === 'fcfs') await ctx.grab.reconcile(a);
  return adminDetail(ctx, { actor, id });
}

export async function cancelActivity(ctx: Deps, { actor, id, meta }: { actor: AdminActor; id: string; meta: RequestMeta }) {
  const a = await inScope(ctx, actor, id);
  if (a.status === 'cancelled') throw new AppError('ACTIVITY_NOT_EDITABLE');
  await ctx.db.transaction(async (tx) => {
    await repo.updateActivity(tx, a.id, { status: 'cancelled' });
    await ctx.audit.record({ actor: adminAuditActor(actor), action: 'activity.cancel', objectType: 'activity', objectId: String(a.id), orgId: a.orgId, orgPath: a.orgPath, outcome: 'success', meta }, tx);
  });
  ctx.grab.forget(a.id);
  return adminDetail(ctx, { actor, id });
}

/** A cover image: re-encoded (no metadata), replaced in place; null removes it. Any status but cancelled. */
export async function setCover(ctx: Deps, { actor, id, data, meta }: { actor: AdminActor; id: string; data: Buffer | null; meta: RequestMeta }) {
  const a = await inScope(ctx, actor, id);
  if (a.status === 'cancelled') throw new AppError('ACTIVITY_NOT_EDITABLE');
  const image = data ? await normaliseImage(data, { maxBytes: COVER_MAX_BYTES, maxEdge: 1600 }) : null;
  await ctx.db.transaction(async (tx) => {
    await repo.setCover(tx, a.id, image);
    await ctx.audit.record({ actor: adminAuditActor(actor), action: image ? 'activity.cover' : 'activity.cover_remove', objectType: 'activity', objectId: String(a.id), orgId: a.orgId, orgPath: a.orgPath, outcome: 'success', details: image ? { bytes: image.data.length, width: image.width, height: image.height } : {}, meta }, tx);
  });
  ctx.grab.forget(a.id);
  return adminDetail(ctx, { actor, id });
}

/** The cover for members and the public (never a draft's), or for an admin of the scope. */
export async function cover(ctx: Pick<Deps, 'db'>, { id, actor }: { id: string; actor: AdminActor | null }) {
  const a = actor ? await inScope(ctx, actor, id) : await repo.findActivity(ctx.db, activityId(id));
  if (!a || (!actor && a.status === 'draft')) throw new AppError('NOT_FOUND');
  const found = await repo.findCover(ctx.db, a.id);
  if (!found) throw new AppError('NOT_FOUND');
  return found;
}

export async function adminDetail(ctx: Deps, { actor, id }: { actor: AdminActor; id: string }) {
  const a = await inScope(ctx, actor, id);
  return presentActivity(ctx, a, await repo.sessionsOf(ctx.db, [a.id]), null);
}

export async function adminList(ctx: Deps, { actor, query }: { actor: AdminActor; query: { page: number; pageSize: number; status?: repo.ActivityRow['status'] | undefined; q?: string | undefined } }) {
  const { rows, total } = await repo.listActivities(ctx.db, { pathPrefix: actor.orgPath, status: query.status, q: query.q }, (query.page - 1) * query.pageSize, query.pageSize);
  const [sessions, counts] = await Promise.all([repo.sessionsOf(ctx.db, rows.map((r) => r.id)), countsFor(ctx, rows.map((r) => r.id))]);
  return { items: await Promise.all(rows.map((r) => presentActivity(ctx, r, sessions.filter((s) => s.activityId === r.id), null, counts))), page: query.page, pageSize: query.pageSize, total };
}

export async function live(ctx: Deps, { actor, id }: { actor: AdminActor; id: string }) {
  const a = await inScope(ctx, actor, id);
  const sessions = await repo.sessionsOf(ctx.db, [a.id]);
  const counts = await repo.sessionCounts(ctx.db, a.id);
  const gateLive = a.status === 'published' && a.mode === 'fcfs' && ctx.grab.gate.loaded(a.id);
  const stats = await ctx.grab.stats.live(a.id);
  const perSession = await Promise.all(
    sessions.map(async (s) => {
      const c = counts.get(s.id) ?? { allocated: 0, checkedIn: 0 };
      return { id: String(s.id), name: s.name, capacity: s.capacity, remaining: gateLive ? await ctx.grab.gate.remaining(a.id, s.id) : s.capacity - c.allocated, allocated: c.allocated, checkedIn: c.checkedIn };
    }),
  );
  return {
    at: new Date().toISOString(),
    sessions: perSession,
    allocations: perSession.reduce((n, s) => n + s.allocated, 0),
    requestsPerSecond: stats.perSecond,
    refusals: stats.refusals,
  };
}

export async function adminTickets(ctx: Deps, { actor, id, page, pageSize }: { actor: AdminActor; id: string; page: number; pageSize: number }) {
  const a = await inScope(ctx, actor, id);
  const { rows, total } = await repo.ticketsOfActivity(ctx.db, a.id, (page - 1) * pageSize, pageSize);
  return { items: rows.map((t) => presentAdminTicket(ctx, t)), page, pageSize, total };
}

function presentAdminTicket(ctx: Pick<Deps, 'cipher'>, t: repo.TicketWithNames & { member: members.MemberRow }) {
  return { ...presentTicket(t), member: maskedMember(ctx.cipher, t.member) };
}

/* ---------------------------------------------------------------- member side */

export async function memberList(ctx: Deps, { accountId, page, pageSize, lang }: { accountId: string; page: number; pageSize: number; lang: Lang }) {
  const member = await members.findMemberByAccount(ctx.db, accountId);
  if (!member?.orgPath) return { items: [], page, pageSize, total: 0 };
  const { rows, total } = await repo.listActivities(ctx.db, { visibleToPath: member.orgPath, statuses: ['published', 'closed'], soonestFirst: true }, (page - 1) * pageSize, pageSize);
  const [sessions, counts] = await Promise.all([repo.sessionsOf(ctx.db, rows.map((r) => r.id)), countsFor(ctx, rows.map((r) => r.id))]);
  return { items: await Promise.all(rows.map((r) => presentActivity(ctx, r, sessions.filter((s) => s.activityId === r.id), { member, lang }, counts))), page, pageSize, total };
}

export async function memberDetail(ctx: Deps, { accountId, id, lang }: { accountId: string; id: string; lang: Lang }) {
  // the engine's snapshot (at most two seconds old), so a refresh costs one member lookup, grouped with those of other views
  const [snap, member] = await Promise.all([ctx.grab.snapshot(activityId(id)), ctx.grab.viewingMember(accountId)]);
  const a = snap.activity;
  if (a.status === 'draft' || !member?.orgPath?.startsWith(a.orgPath)) throw new AppError('ACTIVITY_NOT_FOUND');
  return presentActivity(ctx, a, [...snap.sessions.values()].sort((x, y) => x.position - y.position), { member, lang });
}

export async function myTickets(ctx: Deps, { accountId, page, pageSize }: { accountId: string; page: number; pageSize: number }) {
  const member = await members.findMemberByAccount(ctx.db, accountId);
  if (!member) return { items: [], page, pageSize, total: 0 };
  const { rows, total } = await repo.ticketsOfMember(ctx.db, member.id, (page - 1) * pageSize, pageSize);
  const items = await Promise.all(rows.map(async (t) => ({ ...presentTicket(t), qrDataUrl: t.status === 'active' ? await QRCode.toDataURL(t.code, { margin: 1, width: 320, errorCorrectionLevel: 'M' }) : null })));
  return { items, page, pageSize, total };
}

/** Cancel: the seat and the member's ticket number go back to the gate once the database says so. */
export async function cancelTicket(ctx: Deps, { accountId, id, meta }: { accountId: string; id: string; meta: RequestMeta }) {
  const member = await members.findMemberByAccount(ctx.db, accountId);
  const t = /^\d{1,18}$/.test(id) ? await repo.findTicket(ctx.db, Number(id)) : null;
  if (!t || !member || t.memberId !== member.id) throw new AppError('NOT_FOUND');
  if (!(await repo.moveTicket(ctx.db, t.id, 'active', { status: 'cancelled', cancelledAt: new Date() }))) throw new AppError('CONFLICT');
  const a = await repo.findActivity(ctx.db, t.activityId);
  // the place goes back to the pool, to the next on the waiting list, or down the draw order
  if (a) await ticketGivenBack(ctx, a, t);
  await ctx.audit.record({ actor: { type: 'member', id: accountId, name: member.name }, action: 'ticket.cancel', objectType: 'ticket', objectId: String(t.id), orgId: a?.orgId ?? null, orgPath: a?.orgPath ?? null, outcome: 'success', meta });
  return presentTicket((await repo.findTicket(ctx.db, t.id))!);
}

/** A ticket checks in once; staff of the activity's scope only. */
export async function checkIn(ctx: Deps, { actor, code, activityId: doorActivity, meta }: { actor: AdminActor; code: string; activityId?: string | undefined; meta: RequestMeta }) {
  const checkedAt = new Date();
  const t = await repo.findTicketByCode(ctx.db, code.trim().toUpperCase());
  const a = t ? await repo.findActivity(ctx.db, t.activityId) : null;
  if (!t || !a || !a.orgPath.startsWith(actor.orgPath)) return { result: 'invalid' as const, ticket: null, session: null, checkedAt: checkedAt.toISOString() };
  let result: 'checked_in' | 'already_checked_in' | 'cancelled' | 'other_activity';
  // a ticket of another activity at this door: shown, never checked in
  if (doorActivity && doorActivity !== String(a.id)) result = 'other_activity';
  else if (t.status === 'cancelled' || a.status === 'cancelled') result = 'cancelled';
  else if (await repo.moveTicket(ctx.db, t.id, 'active', { status: 'checked_in', checkedInAt: checkedAt, checkedInBy: actor.username })) result = 'checked_in';
  else result = 'already_checked_in';
  await ctx.audit.record({ actor: adminAuditActor(actor), action: 'ticket.check_in', objectType: 'ticket', objectId: String(t.id), orgId: a.orgId, orgPath: a.orgPath, outcome: result === 'checked_in' ? 'success' : 'failure', details: { result }, meta });
  const after = (await repo.findTicket(ctx.db, t.id))!;
  const member = (await members.findMemberById(ctx.db, t.memberId))!;
  const session = (await repo.sessionsOf(ctx.db, [a.id])).find((s) => s.id === t.sessionId)!;
  const c = (await repo.sessionCounts(ctx.db, a.id)).get(session.id) ?? { allocated: 0, checkedIn: 0 };
  return {
    result,
    ticket: presentAdminTicket(ctx, { ...after, member }),
    session: { id: String(session.id), name: session.name, capacity: session.capacity, allocated: c.allocated, checkedIn: c.checkedIn },
    checkedAt: checkedAt.toISOString(),
  };
}
