/**
 * Entries: lottery registrations and first-come-first-served waiting lists (one per member and
 * activity), the close, the draw, confirmations and the places that pass down the line.
 *
 * A lottery: registration is a plain insert while the window is open. At the window's end the
 * close publishes each session's entrant digest (under the activity row's lock, so no entry slips
 * in after the list is taken). The draw reveals the seed; each session is drawn on its own with
 * that seed (docs/LOTTERY.md): the first `capacity` ids of its order win and confirm before
 * `confirmHours` pass, the rest wait in order. A place declined, expired or whose ticket is
 * cancelled goes to the next in the order (`fillPlaces`), until the session starts.
 *
 * A waiting list: a member joins a sold-out session; a cancelled ticket's seat goes straight to the
 * first waiting member who may still have one (`serveWaitingList`), not back to the pool.
 */
import { LOTTERY_ALGORITHM, type LotteryEntry, type PublicDraw } from '@gonghui/contracts';
import type { AppContext } from '../../context.js';
import { adminAuditActor, type RequestMeta } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { runPeriodically } from '../../platform/periodic.js';
import { drawOrderOf, entrantsDigestOf } from '../../platform/lottery.js';
import { assertOrgInScope, type AdminActor } from '../../platform/scope.js';
import * as members from '../members/members.repository.js';
import { deliver, notifyAccount, Outbox } from '../notifications/notifications.service.js';
import * as repo from './activities.repository.js';
import * as entries from './entries.repository.js';
import { eligibilityOf } from './eligibility.js';
import { ticketCode, type GrabEngine } from './grab.service.js';
import { maskedMember } from './presenters.js';

export type EntriesDeps = Pick<AppContext, 'db' | 'cipher' | 'audit' | 'sms' | 'config' | 'log'> & { grab: GrabEngine };

const numericId = (id: string, code: 'ACTIVITY_NOT_FOUND' | 'ENTRY_NOT_FOUND'): number => {
  if (!/^\d{1,18}$/.test(id)) throw new AppError(code);
  return Number(id);
};

/** Times in messages read in China time. */
export const chinaTime = (d: Date): string =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);

/** A page of entries, their queue positions read in one statement. */
export async function presentEntries(db: AppContext['db'], rows: entries.EntryWithNames[]): Promise<LotteryEntry[]> {
  const positions = await entries.positionsOf(db, rows.map((e) => e.id));
  return rows.map((e) => ({
    id: String(e.id),
    kind: e.mode === 'lottery' ? 'lottery' : 'waiting_list',
    activityId: String(e.activityId),
    activityTitle: e.activityTitle,
    sessionId: String(e.sessionId),
    sessionName: e.sessionName,
    startsAt: e.startsAt.toISOString(),
    status: e.status,
    rank: e.rank,
    position: positions.get(e.id) ?? null,
    confirmBy: e.confirmBy?.toISOString() ?? null,
    ticketId: e.ticketId === null ? null : String(e.ticketId),
    createdAt: e.createdAt.toISOString(),
  }));
}

export const presentEntry = async (db: AppContext['db'], e: entries.EntryWithNames): Promise<LotteryEntry> => (await presentEntries(db, [e]))[0]!;

const memberAudit = (accountId: string, member: members.MemberWithOrg) => ({ type: 'member' as const, id: accountId, name: member.name });

async function ownEntry(ctx: Pick<EntriesDeps, 'db'>, accountId: string, id: string) {
  const member = await members.findMemberByAccount(ctx.db, accountId);
  const e = await entries.findEntry(ctx.db, numericId(id, 'ENTRY_NOT_FOUND'));
  if (!member || !e || e.memberId !== member.id) throw new AppError('ENTRY_NOT_FOUND');
  return { member, e };
}

/* ------------------------------------------------------------------ entering */

/** Register for a lottery, or join a sold-out session's waiting list. */
export async function enterActivity(ctx: EntriesDeps, { accountId, id, sessionId, meta }: { accountId: string; id: string; sessionId: string; meta: RequestMeta }): Promise<LotteryEntry> {
  const a = await repo.findActivity(ctx.db, numericId(id, 'ACTIVITY_NOT_FOUND'));
  const member = await members.findMemberByAccount(ctx.db, accountId);
  if (!a || a.status === 'draft' || !member?.orgPath?.startsWith(a.orgPath)) throw new AppError('ACTIVITY_NOT_FOUND');
  const session = (await repo.sessionsOf(ctx.db, [a.id])).find((s) => String(s.id) === sessionId);
  if (!session) throw new AppError('ACTIVITY_NOT_FOUND');
  const now = new Date();
  if (a.status !== 'published' || now < a.windowStart || now >= a.windowEnd) throw new AppError('NOT_OPEN');
  const el = eligibilityOf(member, a, now);
  if (!el.ok) throw new AppError('NOT_ELIGIBLE', { params: { reason: el.reason, reasonEn: el.reasonEn } });

  if (a.mode === 'fcfs') {
    if (!a.waitingList) throw new AppError('WAITING_LIST_CLOSED');
    const snap = await ctx.grab.snapshot(a.id);
    const remaining = ctx.grab.gate.loaded(a.id) ? await ctx.grab.gate.remaining(a.id, session.id) : session.capacity - ((await repo.sessionCounts(ctx.db, a.id)).get(session.id)?.allocated ?? 0);
    if (remaining > 0 || !snap) throw new AppError('WAITING_LIST_CLOSED');
    if ((await repo.liveNumbers(ctx.db, a.id, member.id)).length >= a.perMemberLimit) throw new AppError('LIMIT_REACHED');
  }

  const entryId = await ctx.db.transaction(async (tx) => {
    // FOR SHARE: the close (FOR UPDATE) waits for this insert, then lists it; after the close this refuses
    const locked = await entries.lockActivity(tx, a.id, 'share');
    if (!locked || locked.status !== 'published' || locked.closedAt) throw new AppError('NOT_OPEN');
    const created = await entries.enter(tx, { activityId: a.id, sessionId: session.id, memberId: member.id, status: a.mode === 'lottery' ? 'registered' : 'waiting' }, a.mode === 'lottery' ? ['withdrawn'] : ['withdrawn', 'confirmed', 'expired', 'declined']);
    if (created === null) throw new AppError('ALREADY_ENTERED');
    await ctx.audit.record({ actor: memberAudit(accountId, member), action: a.mode === 'lottery' ? 'lottery.enter' : 'waitlist.join', objectType: 'activity', objectId: String(a.id), orgId: a.orgId, orgPath: a.orgPath, outcome: 'success', details: { entryId: created, sessionId: session.id }, meta }, tx);
    return created;
  });
  return presentEntry(ctx.db, (await entries.findEntry(ctx.db, entryId))!);
}

export async function myEntries(ctx: Pick<EntriesDeps, 'db'>, { accountId, page, pageSize }: { accountId: string; page: number; pageSize: number }) {
  const member = await members.findMemberByAccount(ctx.db, accountId);
  if (!member) return { items: [], page, pageSize, total: 0 };
  const { rows, total } = await entries.entriesOfMember(ctx.db, member.id, (page - 1) * pageSize, pageSize);
  return { items: await presentEntries(ctx.db, rows), page, pageSize, total };
}

/** A member's entry in one activity (for the activity page). */
export async function myEntryIn(ctx: Pick<EntriesDeps, 'db'>, activityId: number, memberId: string): Promise<LotteryEntry | null> {
  const e = await entries.findEntryOfMember(ctx.db, activityId, memberId);
  return e ? presentEntry(ctx.db, e) : null;
}

/** Leave: a lottery registration before the close, or a waiting-list place. */
export async function withdrawEntry(ctx: EntriesDeps, { accountId, id, meta }: { accountId: string; id: string; meta: RequestMeta }): Promise<LotteryEntry> {
  const { member, e } = await ownEntry(ctx, accountId, id);
  await ctx.db.transaction(async (tx) => {
    if (e.status === 'registered') {
      const locked = await entries.lockActivity(tx, e.activityId, 'share');
      // registration has closed: the entrant list is published and fixed
      if (locked?.closedAt) throw new AppError('NOT_OPEN');
    }
    if (!(await entries.moveEntry(tx, e.id, ['registered', 'waiting'], { status: 'withdrawn' }))) throw new AppError('CONFLICT');
    await ctx.audit.record({ actor: memberAudit(accountId, member), action: 'entry.withdraw', objectType: 'activity', objectId: String(e.activityId), orgId: null, orgPath: null, outcome: 'success', details: { entryId: e.id }, meta }, tx);
  });
  return presentEntry(ctx.db, (await entries.findEntry(ctx.db, e.id))!);
}

/* ------------------------------------------------------------------ confirming */

/** A winner confirms: the ticket is issued on the session's lowest free seat. */
export async function confirmEntry(ctx: EntriesDeps, { accountId, id, meta }: { accountId: string; id: string; meta: RequestMeta }): Promise<repo.TicketWithNames> {
  const { member, e } = await ownEntry(ctx, accountId, id);
  const a = (await repo.findActivity(ctx.db, e.activityId))!;
  const session = (await repo.sessionsOf(ctx.db, [a.id])).find((s) => s.id === e.sessionId)!;
  const ticketId = await ctx.db.transaction(async (tx) => {
    await entries.lockSession(tx, session.id);
    const now = new Date();
    const moved = await entries.moveEntry(tx, e.id, ['won'], { status: 'confirmed' }, undefined);
    if (!moved) throw new AppError('NOT_WON');
    if (!moved.confirmBy || moved.confirmBy <= now) throw new AppError('CONFIRM_EXPIRED');
    const seat = await repo.lowestFreeSeat(tx, session.id, session.capacity);
    const taken = new Set(await repo.liveNumbers(tx, a.id, member.id));
    const n = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].find((k) => !taken.has(k))!;
    if (seat === null) throw new AppError('SOLD_OUT');
    const code = ticketCode();
    const inserted = await repo.insertTickets(tx, [{ activityId: a.id, sessionId: session.id, memberId: member.id, n, seatNo: seat, code, idempotencyKey: `entry:${e.id}` }]);
    const t = inserted.get(code);
    if (!t) throw new AppError('CONFLICT');
    await entries.moveEntry(tx, e.id, ['confirmed'], { status: 'confirmed', ticketId: t.id });
    await ctx.audit.record({ actor: memberAudit(accountId, member), action: 'lottery.confirm', objectType: 'ticket', objectId: String(t.id), orgId: a.orgId, orgPath: a.orgPath, outcome: 'success', details: { entryId: e.id, seat }, meta }, tx);
    return t.id;
  }).catch(async (error: unknown) => {
    // an expired winner's refusal is an answer, not a failure: the place passes on now, not at the next sweep
    if (error instanceof AppError && error.code === 'CONFIRM_EXPIRED') await expireAndPassOn(ctx, new Date());
    throw error;
  });
  return (await repo.findTicket(ctx.db, ticketId))!;
}

/** A winner says no: the place goes to the next in the draw order. */
export async function declineEntry(ctx: EntriesDeps, { accountId, id, meta }: { accountId: string; id: string; meta: RequestMeta }): Promise<LotteryEntry> {
  const { member, e } = await ownEntry(ctx, accountId, id);
  const a = (await repo.findActivity(ctx.db, e.activityId))!;
  const outbox = new Outbox();
  await ctx.db.transaction(async (tx) => {
    await entries.lockSession(tx, e.sessionId);
    if (!(await entries.moveEntry(tx, e.id, ['won'], { status: 'declined' }))) throw new AppError('NOT_WON');
    await fillPlaces(tx, a, e.sessionId, outbox);
    await ctx.audit.record({ actor: memberAudit(accountId, member), action: 'lottery.decline', objectType: 'activity', objectId: String(a.id), orgId: a.orgId, orgPath: a.orgPath, outcome: 'success', details: { entryId: e.id }, meta }, tx);
  });
  void deliver(ctx, outbox);
  return presentEntry(ctx.db, (await entries.findEntry(ctx.db, e.id))!);
}

/**
 * Give a lottery session's free places to the next in the draw order (call with the session row
 * locked). No one moves up once the session has started.
 */
async function fillPlaces(tx: AppContext['db'], a: repo.ActivityRow, sessionId: number, outbox: Outbox): Promise<number> {
  const session = (await repo.sessionsOf(tx, [a.id])).find((s) => s.id === sessionId);
  if (!session || !a.drawnAt || a.status === 'cancelled' || session.startsAt.getTime() <= Date.now()) return 0;
  const free = session.capacity - (await entries.placesHeld(tx, sessionId));
  if (free <= 0) return 0;
  const next = await entries.nextInLine(tx, sessionId, 'lost', free);
  const confirmBy = new Date(Date.now() + a.confirmHours * 3600_000);
  const accounts = await entries.accountsOf(tx, next.map((e) => e.memberId));
  for (const e of next) {
    await entries.moveEntry(tx, e.id, ['lost'], { status: 'won', confirmBy });
    await notifyAccount(tx, outbox, { accountId: accounts.get(e.memberId) ?? null, kind: 'lottery_moved_up', params: { title: a.title, session: session.name, confirmBy: chinaTime(confirmBy) }, sms: true });
  }
  return next.length;
}

/* ------------------------------------------------------------------ tickets given back */

/**
 * A ticket was cancelled (already committed). Lottery: the member's place passes down the draw
 * order. First come first served with a waiting list: the seat goes to the first waiting member
 * who may still have a ticket; without one (or nobody waiting) it goes back to the gate.
 */
export async function ticketGivenBack(ctx: EntriesDeps, a: repo.ActivityWithOrg, t: repo.TicketWithNames): Promise<void> {
  const outbox = new Outbox();
  if (a.mode === 'lottery') {
    await ctx.db.transaction(async (tx) => {
      await entries.lockSession(tx, t.sessionId);
      const e = await entries.findEntryOfMember(tx, a.id, t.memberId);
      if (e && e.ticketId === t.id) await entries.moveEntry(tx, e.id, ['confirmed'], { status: 'declined' });
      await fillPlaces(tx, a, t.sessionId, outbox);
    });
  } else if (a.waitingList && (await serveWaitingList(ctx, a, t, outbox))) {
    // the seat changed hands
  } else if (a.status === 'published') {
    await ctx.grab.snapshot(a.id);
    await ctx.grab.gate.release(a.id, t.sessionId, t.seatNo, t.memberId, t.n);
  }
  void deliver(ctx, outbox);
}

async function serveWaitingList(ctx: EntriesDeps, a: repo.ActivityWithOrg, t: repo.TicketWithNames, outbox: Outbox): Promise<boolean> {
  if (t.startsAt.getTime() <= Date.now() || a.status === 'cancelled') return false;
  const gateLive = a.status === 'published';
  if (gateLive) await ctx.grab.snapshot(a.id);
  for (let round = 0; round < 20; round++) {
    const served = await ctx.db.transaction(async (tx) => {
      await entries.lockSession(tx, t.sessionId);
      const [next] = await entries.nextInLine(tx, t.sessionId, 'waiting', 1);
      if (!next) return 'nobody' as const;
      const member = await members.findMemberById(tx, next.memberId);
      const taken = new Set(await repo.liveNumbers(tx, a.id, next.memberId));
      const n = Array.from({ length: a.perMemberLimit }, (_, i) => i + 1).find((k) => !taken.has(k));
      if (!member || !eligibilityOf(member, a, new Date()).ok || n === undefined) {
        // no longer eligible, or already at the limit: off the list
        await entries.moveEntry(tx, next.id, ['waiting'], { status: 'expired' });
        return 'skipped' as const;
      }
      const code = ticketCode();
      const inserted = (await repo.insertTickets(tx, [{ activityId: a.id, sessionId: t.sessionId, memberId: next.memberId, n, seatNo: t.seatNo, code, idempotencyKey: `entry:${next.id}:${t.id}` }])).get(code);
      if (!inserted) return 'skipped' as const;
      await entries.moveEntry(tx, next.id, ['waiting'], { status: 'confirmed', ticketId: inserted.id });
      await notifyAccount(tx, outbox, { accountId: member.accountId, kind: 'waitlist_served', params: { title: a.title, session: t.sessionName, seat: t.seatNo }, sms: true });
      return { memberId: next.memberId, n };
    });
    if (served === 'nobody') return false;
    if (served === 'skipped') continue;
    // the seat stays taken in the gate; only whose ticket numbers are held changes
    if (gateLive) await ctx.grab.gate.handOver(a.id, t.memberId, t.n, served.memberId, served.n);
    return true;
  }
  return false;
}

/* ------------------------------------------------------------------ close and draw */

/**
 * Close an activity whose window has ended: status `closed`; a lottery publishes each session's
 * entrant digest. Idempotent: the second caller finds it closed.
 */
export async function closeActivity(ctx: Pick<EntriesDeps, 'db' | 'grab'>, activityId: number): Promise<boolean> {
  const closed = await ctx.db.transaction(async (tx) => {
    const locked = await entries.lockActivity(tx, activityId, 'update');
    if (!locked || locked.status !== 'published' || locked.closedAt) return false;
    const a = (await repo.findActivity(tx, activityId))!;
    if (a.mode === 'lottery') {
      for (const s of await repo.sessionsOf(tx, [a.id])) {
        const ids = (await entries.entrantIds(tx, s.id, false)).map((e) => String(e.id));
        await repo.updateSession(tx, s.id, { entrantsDigest: entrantsDigestOf(ids) });
      }
    }
    await repo.updateActivity(tx, a.id, { status: 'closed', closedAt: new Date() });
    return true;
  });
  if (closed) ctx.grab.forget(activityId);
  return closed;
}

/** The draw: reveal the seed and draw each session; everyone drawn hears the result. */
export async function drawActivity(ctx: EntriesDeps, { actor, id, meta }: { actor: AdminActor | null; id: string; meta: RequestMeta | null }): Promise<void> {
  const a0 = await repo.findActivity(ctx.db, numericId(id, 'ACTIVITY_NOT_FOUND'));
  if (actor) assertOrgInScope(actor, a0?.orgPath);
  if (!a0 || a0.mode !== 'lottery' || a0.status === 'draft' || a0.status === 'cancelled') throw new AppError('ACTIVITY_NOT_FOUND');
  if (a0.drawnAt) throw new AppError('ALREADY_DRAWN');
  if (a0.windowEnd.getTime() > Date.now()) throw new AppError('REGISTRATION_OPEN');
  await closeActivity(ctx, a0.id);
  const outbox = new Outbox();
  await ctx.db.transaction(async (tx) => {
    const locked = await entries.lockActivity(tx, a0.id, 'update');
    if (locked?.drawnAt) throw new AppError('ALREADY_DRAWN');
    const a = (await repo.findActivity(tx, a0.id))!;
    const seed = ctx.cipher.decrypt(a.seedEnc!);
    const now = new Date();
    const confirmBy = new Date(now.getTime() + a.confirmHours * 3600_000);
    for (const s of await repo.sessionsOf(tx, [a.id])) {
      const ids = (await entries.entrantIds(tx, s.id, false)).map((e) => String(e.id));
      // the list drawn is the list published at the close, or the draw stops
      if (entrantsDigestOf(ids) !== s.entrantsDigest) throw new AppError('INTERNAL', { params: { reason: `entrant list of session ${s.id} changed after the close` } });
      const order = drawOrderOf(seed, ids).map(Number);
      await entries.writeDraw(tx, order, s.capacity, confirmBy);
      const drawn = await entries.entrantMembers(tx, s.id);
      const accounts = await entries.accountsOf(tx, drawn.map((m) => m.memberId));
      for (const e of drawn) {
        const accountId = accounts.get(e.memberId) ?? null;
        if (e.status === 'won') await notifyAccount(tx, outbox, { accountId, kind: 'lottery_won', params: { title: a.title, session: s.name, confirmBy: chinaTime(confirmBy) }, sms: true });
        else await notifyAccount(tx, outbox, { accountId, kind: 'lottery_not_drawn', params: { title: a.title, session: s.name, position: (e.rank ?? 0) - s.capacity }, sms: false });
      }
    }
    await repo.updateActivity(tx, a.id, { drawnAt: now });
    await ctx.audit.record({ actor: actor ? adminAuditActor(actor) : { type: 'system', id: null, name: 'cli' }, action: 'lottery.draw', objectType: 'activity', objectId: String(a.id), orgId: a.orgId, orgPath: a.orgPath, outcome: 'success', details: { commitment: a.commitment }, meta }, tx);
  });
  ctx.grab.forget(a0.id);
  void deliver(ctx, outbox);
}

/** Winners past their deadline lose the place; it passes down the order. */
export async function expireAndPassOn(ctx: EntriesDeps, now: Date): Promise<{ expired: number; movedUp: number }> {
  const outbox = new Outbox();
  const result = await ctx.db.transaction(async (tx) => {
    const expired = await entries.expireOverdue(tx, now);
    let movedUp = 0;
    const sessions = new Map<number, number>();
    for (const e of expired) sessions.set(e.sessionId, e.activityId);
    const accounts = await entries.accountsOf(tx, expired.map((e) => e.memberId));
    for (const [sessionId, activityId] of sessions) {
      await entries.lockSession(tx, sessionId);
      const a = (await repo.findActivity(tx, activityId))!;
      const session = (await repo.sessionsOf(tx, [activityId])).find((s) => s.id === sessionId)!;
      for (const e of expired.filter((x) => x.sessionId === sessionId)) {
        await notifyAccount(tx, outbox, { accountId: accounts.get(e.memberId) ?? null, kind: 'lottery_expired', params: { title: a.title, session: session.name, confirmBy: chinaTime(e.confirmBy ?? now) }, sms: false });
      }
      movedUp += await fillPlaces(tx, a, sessionId, outbox);
    }
    return { expired: expired.length, movedUp };
  });
  void deliver(ctx, outbox);
  return result;
}

/** The periodic sweep: close activities whose window ended, expire unconfirmed wins. */
export async function sweepActivities(ctx: EntriesDeps, now = new Date()): Promise<{ closed: number; expired: number; movedUp: number }> {
  let closed = 0;
  for (const a of await repo.dueToClose(ctx.db, now)) if (await closeActivity(ctx, a.id)) closed++;
  const { expired, movedUp } = await expireAndPassOn(ctx, now);
  return { closed, expired, movedUp };
}

export function scheduleActivitySweep(ctx: EntriesDeps): () => void {
  return runPeriodically(ctx.log, 'activity sweep', ctx.config.ACTIVITY_SWEEP_INTERVAL_SECONDS * 1000, async () => {
    const r = await sweepActivities(ctx);
    if (r.closed || r.expired) ctx.log.info(r, 'activity sweep');
  });
}

/* ------------------------------------------------------------------ public draw and admin views */

/** Public draw records once their lists are fixed (closed, then drawn), by activity and stage. */
const publicDrawCache = new Map<string, PublicDraw>();

/** What anyone needs to recompute the draw (public, and large: cached once the lists are fixed). */
export async function publicDraw(ctx: Pick<EntriesDeps, 'db' | 'cipher'>, id: string): Promise<PublicDraw> {
  const activityId = numericId(id, 'ACTIVITY_NOT_FOUND');
  const a = await repo.findActivity(ctx.db, activityId);
  if (!a || a.mode !== 'lottery' || a.status === 'draft') throw new AppError('ACTIVITY_NOT_FOUND');
  const stage = a.closedAt ? `${a.id}:${a.closedAt.getTime()}:${a.drawnAt?.getTime() ?? ''}` : null;
  const hit = stage ? publicDrawCache.get(stage) : undefined;
  if (hit) return hit;
  const drawn = a.drawnAt !== null;
  const counts = await entries.entrantCounts(ctx.db, a.id, 'lottery');
  const draws = await Promise.all(
    (await repo.sessionsOf(ctx.db, [a.id])).map(async (s) => {
      const listed = a.closedAt ? await entries.entrantIds(ctx.db, s.id, drawn) : null;
      const order = drawn && listed ? listed.map((e) => String(e.id)) : null;
      return {
        sessionId: String(s.id),
        sessionName: s.name,
        places: s.capacity,
        entrantCount: counts.get(s.id) ?? 0,
        entrantsDigest: s.entrantsDigest,
        entrants: listed ? listed.map((e) => String(e.id)).sort() : null,
        order,
        winners: order ? order.slice(0, s.capacity) : null,
      };
    }),
  );
  const draw: PublicDraw = {
    activityId: String(a.id),
    title: a.title,
    algorithm: LOTTERY_ALGORITHM,
    commitment: a.commitment,
    seed: drawn && a.seedEnc ? ctx.cipher.decrypt(a.seedEnc) : null,
    windowEnd: a.windowEnd.toISOString(),
    closedAt: a.closedAt?.toISOString() ?? null,
    drawnAt: a.drawnAt?.toISOString() ?? null,
    confirmHours: a.confirmHours,
    draws,
  };
  if (stage) {
    if (publicDrawCache.size > 200) publicDrawCache.clear();
    publicDrawCache.set(stage, draw);
  }
  return draw;
}

export async function adminEntries(ctx: Pick<EntriesDeps, 'db' | 'cipher'>, { actor, id, query }: { actor: AdminActor; id: string; query: { page: number; pageSize: number; status?: entries.EntryStatus | undefined; sessionId?: string | undefined } }) {
  const a = await repo.findActivity(ctx.db, numericId(id, 'ACTIVITY_NOT_FOUND'));
  assertOrgInScope(actor, a?.orgPath);
  const { rows, total } = await entries.entriesOfActivity(ctx.db, a!.id, { status: query.status, sessionId: query.sessionId ? Number(query.sessionId) : undefined }, (query.page - 1) * query.pageSize, query.pageSize);
  const presented = await presentEntries(ctx.db, rows);
  const items = rows.map((e, i) => ({ ...presented[i]!, member: maskedMember(ctx.cipher, e.member) }));
  return { items, page: query.page, pageSize: query.pageSize, total };
}
