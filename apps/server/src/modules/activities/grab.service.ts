/**
 * The grab engine (first come first served). In order, each request meets:
 *  1. cheap refusals from memory: not open yet / closed, sold out (no storage touched);
 *  2. the per-member rate limit (per member, not per IP: workers share carrier NAT);
 *  3. the idempotency record of its key: a retry gets the first answer;
 *  4. eligibility (verified, active, in the audience), cached per member for a short while;
 *  5. the gate (memory, or a Redis Lua script): a seat and the member's next ticket number;
 *  6. the group-committed insert: the ticket is durable before the member is told.
 * A refused insert (a unique index said no) gives the seat back and answers as the gate would.
 *
 * Optional, per activity: a proof of work checked before eligibility (a signed, single-use
 * challenge from `challenge`), and a waiting room: requests arriving in the minutes before the
 * opening are kept (202) and, at the opening instant, admitted in a shuffled order before anyone
 * else; the member's retry with the same Idempotency-Key then reads the room's answer.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { powSolves, type GrabWaiting, type PowChallenge, type Ticket } from '@gonghui/contracts';
import type { AppContext } from '../../context.js';
import { AppError } from '../../platform/errors.js';
import { GROUPS_IN_FLIGHT, GroupRunner } from '../../platform/group-runner.js';
import { RecentMap } from '../../platform/recent-map.js';
import { nodeSha256 } from '../../platform/lottery.js';
import * as members from '../members/members.repository.js';
import * as repo from './activities.repository.js';
import { eligibilityOf } from './eligibility.js';
import type { GrabGate } from './grab-gate.js';

type Deps = Pick<AppContext, 'db' | 'state' | 'rateLimiter' | 'log' | 'cipher'>;
const SNAPSHOT_MS = 2000;
const ELIGIBILITY_MS = 30_000;
const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const POW_TTL_MS = 5 * 60_000;
/** How often shared gates of quiet activities are rebuilt from the database. */
const RECONCILE_MS = 60_000;
/** How many room requests are admitted at once at the opening (in shuffled order). */
const ROOM_CONCURRENCY = 64;

/** A grab that went into the waiting room: 202, retry with the same key after the opening. */
export class GrabWaitingAnswer {
  constructor(readonly body: GrabWaiting) {}
}
interface RoomRequest {
  accountId: string;
  sessionId: number;
  idempotencyKey: string;
}

interface Snapshot {
  activity: repo.ActivityWithOrg;
  sessions: Map<number, repo.SessionRow>;
  at: number;
}

/**
 * Per-second counters for the live view, across processes: each process counts in memory and adds
 * its counts to one shared hash per activity every second (`<second>:r`, `<second>:a`, `x:<code>`),
 * so a grab costs no shared-state call and the view sums every process.
 */
export class GrabStats {
  private pending = new Map<number, Map<string, number>>();
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly state: AppContext['state']) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), 1000);
    this.timer.unref();
  }
  record(activityId: number, outcome: 'allocated' | string): void {
    const sec = Math.floor(Date.now() / 1000);
    let p = this.pending.get(activityId);
    if (!p) this.pending.set(activityId, (p = new Map()));
    const bump = (f: string) => p.set(f, (p.get(f) ?? 0) + 1);
    bump(`${sec}:r`);
    if (outcome === 'allocated') bump(`${sec}:a`);
    else bump(`x:${outcome}`);
  }
  /** Add this process's counts to the shared hashes. */
  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    await Promise.all([...batch].map(([id, fields]) => this.state.addToHash(`grabstats:${id}`, Object.fromEntries(fields), 6 * 3600_000)));
  }
  async live(activityId: number): Promise<{ perSecond: Array<{ at: string; requests: number; allocated: number }>; refusals: Record<string, number> }> {
    await this.flush();
    const all = await this.state.readHash(`grabstats:${activityId}`);
    const now = Math.floor(Date.now() / 1000);
    const perSecond = Array.from({ length: 60 }, (_, i) => {
      const sec = now - 59 + i;
      return { at: new Date(sec * 1000).toISOString(), requests: all[`${sec}:r`] ?? 0, allocated: all[`${sec}:a`] ?? 0 };
    });
    const refusals = Object.fromEntries(Object.entries(all).filter(([f]) => f.startsWith('x:')).map(([f, n]) => [f.slice(2), n]));
    return { perSecond, refusals };
  }
  close(): void {
    clearInterval(this.timer);
  }
}

/** 'T' and 16 characters of Crockford's base32 (no I, L, O, U): easy to read out at the door. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function ticketCode(): string {
  const bytes = randomBytes(16);
  let out = 'T';
  for (const b of bytes) out += CROCKFORD[b & 31];
  return out;
}

type StoredAnswer = { ok: true; ticketCode: string } | { ok: false; code: string; params?: Record<string, string | number> };

export class GrabEngine {
  private readonly snapshots = new Map<number, Snapshot>();
  private readonly loading = new Map<number, Promise<Snapshot>>();
  /** Members kept for the grab (null: an account with no member record), by account. */
  private readonly eligibility = new RecentMap<string, members.MemberEligibility | null>(ELIGIBILITY_MS, 500_000);
  /** One copy of each value many kept members share (status, union path, industry, dates, hometown). */
  private readonly shared = new Map<string, string>();
  /** Idempotency keys this process has taken in (state in memory: the only place a retry's answer can be). */
  private keysSeen: Set<string> | null = new Set();
  /**
   * Per activity, the keys (`account:key`) of tickets already in the database when this process
   * first used it: with its state in memory, a process that restarted has forgotten their answers,
   * and a retry of one must still get its ticket (not SOLD_OUT, not LIMIT_REACHED).
   */
  private readonly allocatedBefore = new Map<number, { until: number; keys: Set<string> }>();
  private readonly keysRead = new Set<number>();
  /** Member lookups of concurrent grabs, one statement per group. */
  private readonly memberLookups: GroupRunner<string, members.MemberEligibility | null>;
  /** Group-committed inserts: the inserted row's id and time, or null when a unique index refused it. */
  private readonly writer: GroupRunner<repo.NewTicket, { id: number; createdAt: Date } | null>;
  readonly stats: GrabStats;

  constructor(
    private readonly ctx: Deps,
    readonly gate: GrabGate,
    parallelWrites: number,
  ) {
    this.memberLookups = new GroupRunner((ids) => members.findEligibilityByAccounts(ctx.db, ids), GROUPS_IN_FLIGHT, 500);
    this.writer = new GroupRunner(async (rows) => {
      const inserted = await repo.insertTickets(ctx.db, rows);
      return rows.map((r) => inserted.get(r.code) ?? null);
    }, parallelWrites);
    this.stats = new GrabStats(ctx.state);
    this.reconciler = setInterval(() => void this.reconcileOpen().catch((error: unknown) => this.ctx.log.warn({ err: error }, 'grab reconciliation failed')), RECONCILE_MS);
    this.reconciler.unref();
  }

  /** The activity as this process knows it; the gate is built from the database on first use. */
  async snapshot(activityId: number, force = false): Promise<Snapshot> {
    const cached = this.snapshots.get(activityId);
    if (cached && !force && Date.now() - cached.at < SNAPSHOT_MS) return cached;
    const inFlight = this.loading.get(activityId);
    if (inFlight) return cached ?? inFlight;
    const load = (async () => {
      const activity = await repo.findActivity(this.ctx.db, activityId);
      if (!activity) throw new AppError('ACTIVITY_NOT_FOUND');
      const sessions = await repo.sessionsOf(this.ctx.db, [activityId]);
      // first use in this process: rebuild from the database (seats in flight elsewhere are left out)
      if (!this.gate.loaded(activityId) && activity.status === 'published' && activity.mode === 'fcfs') await this.reconcile(activity, sessions);
      if (!this.keysRead.has(activityId) && activity.mode === 'fcfs') await this.readAllocatedKeys(activity);
      if (activity.status === 'published' && activity.mode === 'fcfs' && activity.waitingRoomMinutes > 0 && activity.windowStart.getTime() > Date.now()) this.scheduleOpening(activity);
      const snap: Snapshot = { activity, sessions: new Map(sessions.map((s) => [s.id, s])), at: Date.now() };
      this.snapshots.set(activityId, snap);
      return snap;
    })().finally(() => this.loading.delete(activityId));
    this.loading.set(activityId, load);
    return cached ?? load;
  }

  /** Kept while a retry can still be answered: until the window's end plus the idempotency record's life. */
  private async readAllocatedKeys(activity: repo.ActivityRow): Promise<void> {
    const now = Date.now();
    for (const [id, entry] of this.allocatedBefore) if (entry.until < now) this.allocatedBefore.delete(id);
    const until = activity.windowEnd.getTime() + IDEMPOTENCY_TTL_MS;
    if (until >= now) {
      const keys = new Set((await repo.allocatedKeys(this.ctx.db, activity.id)).map((k) => `${k.accountId}:${k.key}`));
      if (keys.size) this.allocatedBefore.set(activity.id, { until, keys });
    }
    this.keysRead.add(activity.id);
  }

  /** Rebuild the gate from the database: free seats = capacity minus live tickets. */
  async reconcile(activity: repo.ActivityRow, sessions?: repo.SessionRow[]): Promise<void> {
    const all = sessions ?? (await repo.sessionsOf(this.ctx.db, [activity.id]));
    const live = await repo.gateState(this.ctx.db, activity.id);
    await this.gate.load(
      activity.id,
      all.map((s) => ({ sessionId: s.id, capacity: s.capacity, takenSeats: live.filter((t) => t.sessionId === s.id).map((t) => t.seatNo) })),
      live.map((t) => ({ memberId: t.memberId, n: t.n })),
    );
  }

  private readonly reconciler: NodeJS.Timeout;

  /**
   * Periodic reconciliation (shared gates): free seats = capacity − live tickets in the database −
   * seats in flight, for each open activity this process knows, so a Redis failure or a crashed
   * process can leave a place unsold for a minute but never for good, and never sell one twice.
   */
  async reconcileOpen(): Promise<number> {
    if (this.gate.kind !== 'redis') return 0;
    let n = 0;
    for (const snap of this.snapshots.values()) {
      const a = snap.activity;
      if (a.status !== 'published' || a.mode !== 'fcfs' || Date.now() >= a.windowEnd.getTime()) continue;
      await this.reconcile(a, [...snap.sessions.values()]);
      n++;
    }
    return n;
  }

  /** Stop timers and close the gate's connection (at shutdown). */
  async close(): Promise<void> {
    clearInterval(this.reconciler);
    this.stats.close();
    for (const t of this.openings.values()) clearTimeout(t);
    await this.gate.close();
  }

  forget(activityId: number): void {
    this.snapshots.delete(activityId);
  }

  /**
   * The activity page was opened: the member read fresh (the lookups of concurrent views go out as
   * one statement, as the grab's do) and kept for the grab that follows.
   */
  async viewingMember(accountId: string): Promise<members.MemberEligibility | null> {
    return this.rememberMember(accountId, await this.memberLookups.run(accountId));
  }

  /**
   * Keep a member for ELIGIBILITY_MS. A hundred thousand of them stay in the heap at 9:00, and every
   * string is one more object for the garbage collector to mark: shared values are kept once.
   */
  private rememberMember(accountId: string, member: members.MemberEligibility | null): members.MemberEligibility | null {
    if (this.shared.size > 200_000) this.shared.clear();
    const one = <T extends string | null>(v: T): T => {
      if (v === null) return v;
      const hit = this.shared.get(v);
      if (hit !== undefined) return hit as T;
      this.shared.set(v, v);
      return v;
    };
    const kept = member && { id: member.id, status: one(member.status), verification: one(member.verification), orgPath: one(member.orgPath), industry: one(member.industry), joinedAt: one(member.joinedAt), birthDate: one(member.birthDate), hometown: one(member.hometown) };
    this.eligibility.set(accountId, kept, Date.now());
    return kept;
  }

  private async memberOf(accountId: string): Promise<members.MemberEligibility | null> {
    const hit = this.eligibility.get(accountId, Date.now());
    return hit !== undefined ? hit : this.rememberMember(accountId, await this.memberLookups.run(accountId));
  }

  /** The database's answer to a retry: the ticket this member got under this key, if any. */
  private async ticketOfKey(activityId: number, accountId: string, key: string): Promise<repo.TicketWithNames | null> {
    const member = await this.memberOf(accountId);
    return member ? repo.findTicketByIdempotency(this.ctx.db, activityId, member.id, key) : null;
  }

  async grab({ accountId, activityId, sessionId, idempotencyKey, pow, now = Date.now() }: { accountId: string; activityId: number; sessionId: number; idempotencyKey: string; pow?: { challenge: string; nonce: string } | undefined; now?: number }): Promise<repo.TicketWithNames | GrabWaitingAnswer> {
    const snap = await this.snapshot(activityId);
    const a = snap.activity;
    const refuse = (code: 'NOT_OPEN' | 'SOLD_OUT' | 'ACTIVITY_NOT_FOUND'): never => {
      this.stats.record(activityId, code);
      throw new AppError(code);
    };
    if ((a.status !== 'published' && a.status !== 'closed') || a.mode !== 'fcfs') refuse('ACTIVITY_NOT_FOUND');
    const session = snap.sessions.get(sessionId);
    if (!session) refuse('ACTIVITY_NOT_FOUND');
    const opensAt = a.windowStart.getTime();
    const inRoom = now < opensAt && a.waitingRoomMinutes > 0 && now >= opensAt - a.waitingRoomMinutes * 60_000;
    if (now < opensAt && !inRoom) refuse('NOT_OPEN');
    const idemKey = `idem:${activityId}:${accountId}:${idempotencyKey}`;
    if (this.allocatedBefore.get(activityId)?.keys.has(`${accountId}:${idempotencyKey}`)) {
      const found = await this.ticketOfKey(activityId, accountId, idempotencyKey);
      if (found) return found;
    }
    // Closed, or sold out (answered from memory: exact with the in-process gate, a fifth of a second
    // old at most with Redis): no storage is touched, except to give a retry its first answer.
    const cheap = a.status === 'closed' || now >= a.windowEnd.getTime() ? 'NOT_OPEN' : !inRoom && this.gate.peekRemaining(activityId, sessionId) === 0 ? 'SOLD_OUT' : null;
    if (cheap) {
      // One process with its state in memory: a key this process never saw has no answer, so no
      // await at all. Otherwise a retry (answered, or still being answered: it may be taking the
      // last seat) hears the first answer.
      if (this.ctx.state.kind === 'memory' && this.keysSeen && !this.keysSeen.has(idemKey)) refuse(cheap);
      if (await this.ctx.state.get(idemKey)) return this.replay(idemKey, activityId, accountId, idempotencyKey);
      refuse(cheap);
    }

    await this.ctx.rateLimiter.consume([{ rule: { name: 'grab:account', limit: 10, windowMs: 10_000 }, key: accountId }]);

    if (this.keysSeen) {
      this.keysSeen.add(idemKey);
      // past a million keys, stop keeping them here and ask the state every time
      if (this.keysSeen.size > 1_000_000) this.keysSeen = null;
    }
    const first = await this.ctx.state.setIfAbsent(idemKey, 'pending', IDEMPOTENCY_TTL_MS);
    if (!first) {
      // a retry while the room has not opened (or is still being admitted) hears "still waiting"
      if (now < opensAt || this.admitting.has(activityId)) {
        if ((await this.ctx.state.get(idemKey)) === 'pending') return this.waitingAnswer(opensAt, now);
      }
      return this.replay(idemKey, activityId, accountId, idempotencyKey);
    }
    if (a.powDifficulty > 0) {
      try {
        await this.checkPow(accountId, activityId, a.powDifficulty, pow, now);
      } catch (error) {
        // not an answer to remember: the member solves a new challenge and tries again with the same key
        await this.ctx.state.del(idemKey);
        this.stats.record(activityId, (error as AppError).code);
        throw error;
      }
    }
    if (inRoom) {
      await this.ctx.state.push(`room:${activityId}`, JSON.stringify({ accountId, sessionId, idempotencyKey } satisfies RoomRequest), opensAt - now + IDEMPOTENCY_TTL_MS);
      this.scheduleOpening(a);
      this.stats.record(activityId, 'WAITING_ROOM');
      return this.waitingAnswer(opensAt, now);
    }
    // the room goes first: requests after the opening wait until it has been admitted
    const admitting = this.admitting.get(activityId);
    if (admitting) await admitting;
    return this.allocate(snap, session!, accountId, idempotencyKey, idemKey, now);
  }

  private waitingAnswer(opensAt: number, now: number): GrabWaitingAnswer {
    return new GrabWaitingAnswer({ status: 'waiting', opensAt: new Date(opensAt).toISOString(), retryAfterMs: Math.max(500, opensAt - now + 500 + randomInt(1000)) });
  }

  /* ---------------------------------------------------------------- proof of work */

  /** A challenge bound to the member, the activity and five minutes, signed so the server keeps nothing. */
  challenge(accountId: string, activityId: number, difficulty: number, now = Date.now()): PowChallenge {
    const expires = now + POW_TTL_MS;
    const body = `${activityId}.${expires}.${randomBytes(9).toString('base64url')}`;
    const mac = this.ctx.cipher.lookupHash('pow', `${accountId}.${body}`).slice(0, 22);
    return { challenge: `${body}.${mac}`, difficulty, expiresAt: new Date(expires).toISOString() };
  }

  private async checkPow(accountId: string, activityId: number, difficulty: number, pow: { challenge: string; nonce: string } | undefined, now: number): Promise<void> {
    if (!pow) throw new AppError('POW_REQUIRED');
    const parts = pow.challenge.split('.');
    if (parts.length !== 4 || parts[0] !== String(activityId)) throw new AppError('POW_INVALID');
    const body = parts.slice(0, 3).join('.');
    if (this.ctx.cipher.lookupHash('pow', `${accountId}.${body}`).slice(0, 22) !== parts[3]) throw new AppError('POW_INVALID');
    if (Number(parts[1]) < now) throw new AppError('POW_INVALID');
    if (!powSolves(nodeSha256, pow.challenge, pow.nonce, difficulty)) throw new AppError('POW_INVALID');
    // one grab per solved challenge
    if (!(await this.ctx.state.setIfAbsent(`pow:${pow.challenge}`, '1', POW_TTL_MS))) throw new AppError('POW_INVALID');
  }

  /* ---------------------------------------------------------------- the waiting room */

  private readonly openings = new Map<number, NodeJS.Timeout>();
  private readonly admitting = new Map<number, Promise<void>>();

  /** At the opening instant, one process takes the whole room, shuffles it and admits it. */
  private scheduleOpening(a: repo.ActivityRow): void {
    if (this.openings.has(a.id)) return;
    const delay = Math.max(0, a.windowStart.getTime() - Date.now());
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    const timer = setTimeout(() => {
      this.admitting.set(a.id, done);
      this.openRoom(a.id)
        .catch((error: unknown) => this.ctx.log.error({ err: error, activityId: a.id }, 'waiting room admission failed'))
        .finally(() => {
          this.admitting.delete(a.id);
          this.openings.delete(a.id);
          release();
        });
    }, delay);
    timer.unref();
    this.openings.set(a.id, timer);
  }

  /**
   * One process (the first to claim the opening) admits the room; the others hold their own
   * post-opening requests until it is done, so the room goes first across processes too.
   */
  private async openRoom(activityId: number): Promise<void> {
    const flag = `room-open:${activityId}`;
    if (await this.ctx.state.setIfAbsent(flag, 'admitting', 3600_000)) {
      try {
        const n = await this.admitRoom(activityId);
        if (n) this.ctx.log.info({ activityId, admitted: n }, 'waiting room admitted');
      } finally {
        await this.ctx.state.set(flag, 'done', 3600_000);
      }
      return;
    }
    for (let waited = 0; waited < 120_000 && (await this.ctx.state.get(flag)) === 'admitting'; waited += 50) await new Promise((r) => setTimeout(r, 50));
  }

  /** Admit the room in a shuffled order; each answer is stored under the request's idempotency key. */
  async admitRoom(activityId: number): Promise<number> {
    const raw = await this.ctx.state.drain(`room:${activityId}`);
    const room = raw.map((r) => JSON.parse(r) as RoomRequest);
    for (let i = room.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [room[i], room[j]] = [room[j]!, room[i]!];
    }
    const snap = await this.snapshot(activityId, true);
    let next = 0;
    const worker = async () => {
      while (next < room.length) {
        const r = room[next++]!;
        const session = snap.sessions.get(r.sessionId);
        if (!session) continue;
        await this.allocate(snap, session, r.accountId, r.idempotencyKey, `idem:${activityId}:${r.accountId}:${r.idempotencyKey}`, Math.max(Date.now(), snap.activity.windowStart.getTime())).catch(() => undefined);
      }
    };
    await Promise.all(Array.from({ length: Math.min(ROOM_CONCURRENCY, room.length) }, worker));
    return room.length;
  }

  /** Steps 4–6 for a request whose idempotency record this call owns. */
  private async allocate(snap: Snapshot, session: repo.SessionRow, accountId: string, idempotencyKey: string, idemKey: string, now: number): Promise<repo.TicketWithNames> {
    const a = snap.activity;
    const activityId = a.id;
    const sessionId = session.id;
    const refuse = (code: 'SOLD_OUT' | 'LIMIT_REACHED' | 'NOT_ELIGIBLE', params?: Record<string, string | number>): never => {
      this.stats.record(activityId, code);
      throw new AppError(code, params ? { params } : {});
    };
    try {
      const member = await this.memberOf(accountId);
      const eligible = eligibilityOf(member, a, new Date(now));
      if (!eligible.ok) refuse('NOT_ELIGIBLE', { reason: eligible.reason, reasonEn: eligible.reasonEn });
      const taken = await this.gate.take(activityId, sessionId, member!.id, a.perMemberLimit);
      if (!taken.ok) refuse(taken.code);
      const { seat, n } = taken as { seat: number; n: number };
      const code = ticketCode();
      let durable: { id: number; createdAt: Date } | null;
      try {
        durable = await this.writer.run({ activityId, sessionId, memberId: member!.id, n, seatNo: seat, code, idempotencyKey });
      } catch (error) {
        await this.gate.release(activityId, sessionId, seat, member!.id, n);
        throw error;
      }
      if (!durable) {
        // The database refused it (the gate was out of date): give the seat back and answer as the gate would.
        await this.gate.release(activityId, sessionId, seat, member!.id, n);
        const again = await repo.findTicketByIdempotency(this.ctx.db, activityId, member!.id, idempotencyKey);
        if (again) return again;
        return refuse('LIMIT_REACHED');
      }
      this.stats.record(activityId, 'allocated');
      await this.ctx.state.set(idemKey, JSON.stringify({ ok: true, ticketCode: code } satisfies StoredAnswer), IDEMPOTENCY_TTL_MS);
      // The row as inserted (no read back: the answer waits only for the commit).
      return { id: durable.id, activityId, sessionId, memberId: member!.id, n, seatNo: seat, status: 'active', code, idempotencyKey, createdAt: durable.createdAt, cancelledAt: null, checkedInAt: null, checkedInBy: null, activityTitle: a.title, sessionName: session.name, startsAt: session.startsAt };
    } catch (error) {
      if (error instanceof AppError) await this.ctx.state.set(idemKey, JSON.stringify({ ok: false, code: error.code, params: error.params } satisfies StoredAnswer), IDEMPOTENCY_TTL_MS);
      else await this.ctx.state.del(idemKey);
      throw error;
    }
  }

  /** The same key again: wait for the first request's answer and give it. */
  private async replay(idemKey: string, activityId: number, accountId: string, key: string): Promise<repo.TicketWithNames> {
    for (let i = 0; i < 200; i++) {
      const stored = await this.ctx.state.get(idemKey);
      if (stored && stored !== 'pending') {
        const answer = JSON.parse(stored) as StoredAnswer;
        if (answer.ok) return (await repo.findTicketByCode(this.ctx.db, answer.ticketCode))!;
        throw new AppError(answer.code as 'SOLD_OUT', answer.params ? { params: answer.params } : {});
      }
      if (!stored) {
        // the record expired or the first attempt failed without an answer: the database decides
        const found = await this.ticketOfKey(activityId, accountId, key);
        if (found) return found;
        throw new AppError('CONFLICT');
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new AppError('SERVICE_UNAVAILABLE');
  }
}

export function presentTicket(t: repo.TicketWithNames): Ticket {
  return {
    id: String(t.id),
    activityId: String(t.activityId),
    activityTitle: t.activityTitle,
    sessionId: String(t.sessionId),
    sessionName: t.sessionName,
    startsAt: t.startsAt.toISOString(),
    seatNo: t.seatNo,
    n: t.n,
    status: t.status,
    code: t.code,
    qrDataUrl: null,
    createdAt: t.createdAt.toISOString(),
    checkedInAt: t.checkedInAt?.toISOString() ?? null,
  };
}
