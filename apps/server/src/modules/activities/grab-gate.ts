/**
 * The grab gate: which seat of a session a member gets, and whether they may have another ticket
 * of the activity. It never touches the database; the database's unique indexes are the last word
 * (see docs/ACTIVITIES.md), and the gate is rebuilt from the database at start (`load`).
 *
 * A member's tickets of an activity are numbered 1…limit; the gate keeps which numbers a member
 * holds as a bit mask, so a cancelled number is reused and the nth ticket exists once.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export type TakeResult = { ok: true; seat: number; n: number } | { ok: false; code: 'SOLD_OUT' | 'LIMIT_REACHED' };

export interface SessionState {
  sessionId: number;
  capacity: number;
  /** Seats held by live tickets in the database. */
  takenSeats: number[];
}
export interface GrabGate {
  readonly kind: 'memory' | 'redis';
  /** (Re)build an activity's gate from the database: free seats = 1…capacity minus taken ones. */
  load(activityId: number, sessions: SessionState[], memberNumbers: Array<{ memberId: string; n: number }>): Promise<void>;
  loaded(activityId: number): boolean;
  take(activityId: number, sessionId: number, memberId: string, limit: number): Promise<TakeResult> | TakeResult;
  /** Give a seat and a ticket number back (a failed insert, a cancellation). */
  release(activityId: number, sessionId: number, seat: number, memberId: string, n: number): Promise<void>;
  /** A seat changed hands in the database (waiting list): only whose ticket numbers are held changes. */
  handOver(activityId: number, fromMember: string, fromN: number, toMember: string, toN: number): Promise<void>;
  remaining(activityId: number, sessionId: number): Promise<number> | number;
  /**
   * Places left without waiting: exact in memory; with Redis the last value read (refreshed in
   * the background when older than a fifth of a second), or null before the first read.
   */
  peekRemaining(activityId: number, sessionId: number): number | null;
  close(): Promise<void>;
}

const lowestFree = (mask: number, limit: number): number => {
  for (let i = 0; i < limit; i++) if ((mask & (1 << i)) === 0) return i;
  return -1;
};

/** One process: checked and taken with no await in between, so no two requests interleave. */
export class MemoryGrabGate implements GrabGate {
  readonly kind = 'memory' as const;
  private readonly free = new Map<number, number[]>();
  private readonly masks = new Map<number, Map<string, number>>();

  async load(activityId: number, sessions: SessionState[], memberNumbers: Array<{ memberId: string; n: number }>): Promise<void> {
    for (const s of sessions) {
      const taken = new Set(s.takenSeats);
      const stack: number[] = [];
      // a stack popped from the end: seat 1 first
      for (let seat = s.capacity; seat >= 1; seat--) if (!taken.has(seat)) stack.push(seat);
      this.free.set(s.sessionId, stack);
    }
    const masks = new Map<string, number>();
    for (const { memberId, n } of memberNumbers) masks.set(memberId, (masks.get(memberId) ?? 0) | (1 << (n - 1)));
    this.masks.set(activityId, masks);
  }

  loaded(activityId: number): boolean {
    return this.masks.has(activityId);
  }

  take(activityId: number, sessionId: number, memberId: string, limit: number): TakeResult {
    const masks = this.masks.get(activityId)!;
    const mask = masks.get(memberId) ?? 0;
    const bit = lowestFree(mask, limit);
    if (bit < 0) return { ok: false, code: 'LIMIT_REACHED' };
    const seat = this.free.get(sessionId)?.pop();
    if (seat === undefined) return { ok: false, code: 'SOLD_OUT' };
    masks.set(memberId, mask | (1 << bit));
    return { ok: true, seat, n: bit + 1 };
  }

  async release(activityId: number, sessionId: number, seat: number, memberId: string, n: number): Promise<void> {
    this.free.get(sessionId)?.push(seat);
    const masks = this.masks.get(activityId);
    const mask = masks?.get(memberId);
    if (masks && mask !== undefined) masks.set(memberId, mask & ~(1 << (n - 1)));
  }

  async handOver(activityId: number, fromMember: string, fromN: number, toMember: string, toN: number): Promise<void> {
    const masks = this.masks.get(activityId);
    if (!masks) return;
    masks.set(fromMember, (masks.get(fromMember) ?? 0) & ~(1 << (fromN - 1)));
    masks.set(toMember, (masks.get(toMember) ?? 0) | (1 << (toN - 1)));
  }

  remaining(_activityId: number, sessionId: number): number {
    return this.free.get(sessionId)?.length ?? 0;
  }

  peekRemaining(activityId: number, sessionId: number): number {
    return this.remaining(activityId, sessionId);
  }

  async close(): Promise<void> {}
}

/**
 * How long a taken seat stays listed as in flight: a rebuild from the database (first use in a
 * process, periodic reconciliation) leaves these seats out while the process that took them is
 * alive, since their tickets may be committing at that very moment — the database read cannot see
 * them yet. Far longer than any insert takes. A process that died (its heartbeat key expired, or
 * it was restarted under the same instance name) holds nothing: its seats go back to whatever the
 * database says.
 */
export const IN_FLIGHT_MS = 60_000;
const HEARTBEAT_MS = 1000;
const ALIVE_MS = 3000;
/**
 * Many processes: one Lua script checks the member's numbers and pops a seat atomically in Redis,
 * and lists the seat as in flight. KEYS[1] the session's free-seat list, KEYS[2] the activity's
 * member masks, KEYS[3] its in-flight set; ARGV member, limit, now (ms), session id, process token.
 */
const TAKE = `
local mask = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
local limit = tonumber(ARGV[2])
local bitn = -1
for i = 0, limit - 1 do
  if math.floor(mask / (2 ^ i)) % 2 == 0 then bitn = i break end
end
if bitn < 0 then return {-1, 0} end
local seat = redis.call('LPOP', KEYS[1])
if not seat then return {-2, 0} end
redis.call('HSET', KEYS[2], ARGV[1], mask + 2 ^ bitn)
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4] .. ':' .. seat .. ':' .. ARGV[1] .. ':' .. (bitn + 1) .. ':' .. ARGV[5])
return {tonumber(seat), bitn + 1}
`;
/**
 * Reconciliation, atomically: the free lists and masks as the database says (ARGV), minus the
 * seats taken in the last IN_FLIGHT_MS (and plus those members' numbers).
 * KEYS[1] masks, KEYS[2] in-flight set, KEYS[3…] free lists; ARGV[1] oldest in-flight score kept,
 * ARGV[2] "member:n,…", ARGV[3] the prefix of the processes' heartbeat keys, ARGV[4] this
 * process's instance name and ARGV[5] its token, then per session its id and "seat,seat,…".
 */
const LOAD = `
local recent = redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[1], '+inf')
local busy = {}
local masks = {}
for member, n in string.gmatch(ARGV[2], '([^,:]+):(%d+)') do
  masks[member] = bit.bor(masks[member] or 0, 2 ^ (tonumber(n) - 1))
end
local alive = {}
for _, e in ipairs(recent) do
  local sid, seat, member, n, token = string.match(e, '^(%d+):(%d+):([^:]+):(%d+):([^:]+)$')
  if sid and alive[token] == nil then
    -- an earlier run of this very instance is dead, whatever its heartbeat says
    local earlier = string.sub(token, 1, string.len(ARGV[4]) + 1) == ARGV[4] .. '@' and token ~= ARGV[5]
    alive[token] = (not earlier) and redis.call('EXISTS', ARGV[3] .. token) == 1
  end
  if sid and alive[token] then
    busy[sid .. ':' .. seat] = true
    masks[member] = bit.bor(masks[member] or 0, 2 ^ (tonumber(n) - 1))
  end
end
redis.call('DEL', KEYS[1])
local flat = {}
for member, m in pairs(masks) do
  flat[#flat + 1] = member
  flat[#flat + 1] = m
  if #flat >= 8000 then redis.call('HSET', KEYS[1], unpack(flat)) flat = {} end
end
if #flat > 0 then redis.call('HSET', KEYS[1], unpack(flat)) end
for k = 1, #KEYS - 2 do
  local key = KEYS[2 + k]
  local sid = ARGV[4 + 2 * k]
  redis.call('DEL', key)
  local batch = {}
  for seat in string.gmatch(ARGV[5 + 2 * k], '%d+') do
    if not busy[sid .. ':' .. seat] then
      batch[#batch + 1] = seat
      if #batch >= 5000 then redis.call('RPUSH', key, unpack(batch)) batch = {} end
    end
  end
  if #batch > 0 then redis.call('RPUSH', key, unpack(batch)) end
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1])
return 1
`;
const RELEASE = `
redis.call('RPUSH', KEYS[1], ARGV[1])
local mask = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')
local b = 2 ^ (tonumber(ARGV[3]) - 1)
if math.floor(mask / b) % 2 == 1 then redis.call('HSET', KEYS[2], ARGV[2], mask - b) end
return 1
`;

const HAND_OVER = `
local from = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local b = 2 ^ (tonumber(ARGV[2]) - 1)
if math.floor(from / b) % 2 == 1 then redis.call('HSET', KEYS[1], ARGV[1], from - b) end
local to = tonumber(redis.call('HGET', KEYS[1], ARGV[3]) or '0')
local c = 2 ^ (tonumber(ARGV[4]) - 1)
if math.floor(to / c) % 2 == 0 then redis.call('HSET', KEYS[1], ARGV[3], to + c) end
return 1
`;

export class RedisGrabGate implements GrabGate {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;
  private readonly known = new Set<number>();
  constructor(
    url: string,
    private readonly prefix: string,
    instance: string = randomUUID(),
  ) {
    this.instance = instance.replace(/[^A-Za-z0-9._-]/g, '_');
    this.token = `${this.instance}@${Date.now()}-${randomUUID().slice(0, 8)}`;
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, enableAutoPipelining: true });
    this.redis.defineCommand('ghTake', { numberOfKeys: 3, lua: TAKE });
    this.redis.defineCommand('ghLoad', { lua: LOAD });
    this.redis.defineCommand('ghRelease', { numberOfKeys: 2, lua: RELEASE });
    this.redis.defineCommand('ghHandOver', { numberOfKeys: 1, lua: HAND_OVER });
    const beat = () => void this.redis.set(this.aliveKey(this.token), '1', 'PX', ALIVE_MS).catch(() => undefined);
    beat();
    this.heartbeat = setInterval(beat, HEARTBEAT_MS);
    this.heartbeat.unref();
  }
  private freeKey = (sessionId: number) => `${this.prefix}grab:free:${sessionId}`;
  private maskKey = (activityId: number) => `${this.prefix}grab:masks:${activityId}`;
  private inFlightKey = (activityId: number) => `${this.prefix}grab:inflight:${activityId}`;
  private aliveKey = (token: string) => `${this.prefix}grab:alive:${token}`;
  /** This run of this process, in the in-flight entries (instance@start); its heartbeat key says it is alive. */
  private readonly token: string;
  private readonly instance: string;
  private readonly heartbeat: NodeJS.Timeout;

  /** Reconciliation: the free lists and masks from the database, minus seats in flight, in one script. */
  async load(activityId: number, sessions: SessionState[], memberNumbers: Array<{ memberId: string; n: number }>): Promise<void> {
    const keys = [this.maskKey(activityId), this.inFlightKey(activityId), ...sessions.map((s) => this.freeKey(s.sessionId))];
    const args: string[] = [String(Date.now() - IN_FLIGHT_MS), memberNumbers.map((m) => `${m.memberId}:${m.n}`).join(','), this.aliveKey(''), this.instance, this.token];
    for (const s of sessions) {
      const taken = new Set(s.takenSeats);
      const seats: number[] = [];
      for (let seat = 1; seat <= s.capacity; seat++) if (!taken.has(seat)) seats.push(seat);
      args.push(String(s.sessionId), seats.join(','));
    }
    await (this.redis as Redis & { ghLoad: (numberOfKeys: number, ...args: string[]) => Promise<number> }).ghLoad(keys.length, ...keys, ...args);
    this.known.add(activityId);
  }

  loaded(activityId: number): boolean {
    return this.known.has(activityId);
  }

  async take(activityId: number, sessionId: number, memberId: string, limit: number): Promise<TakeResult> {
    const [seat, n] = (await (this.redis as Redis & { ghTake: (...args: string[]) => Promise<[number, number]> }).ghTake(this.freeKey(sessionId), this.maskKey(activityId), this.inFlightKey(activityId), memberId, String(limit), String(Date.now()), String(sessionId), this.token)) as [number, number];
    if (seat === -1) return { ok: false, code: 'LIMIT_REACHED' };
    if (seat === -2) return { ok: false, code: 'SOLD_OUT' };
    return { ok: true, seat, n };
  }

  async release(activityId: number, sessionId: number, seat: number, memberId: string, n: number): Promise<void> {
    await (this.redis as Redis & { ghRelease: (...args: string[]) => Promise<number> }).ghRelease(this.freeKey(sessionId), this.maskKey(activityId), String(seat), memberId, String(n));
  }

  async handOver(activityId: number, fromMember: string, fromN: number, toMember: string, toN: number): Promise<void> {
    await (this.redis as Redis & { ghHandOver: (...args: string[]) => Promise<number> }).ghHandOver(this.maskKey(activityId), fromMember, String(fromN), toMember, String(toN));
  }

  async remaining(_activityId: number, sessionId: number): Promise<number> {
    const n = await this.redis.llen(this.freeKey(sessionId));
    this.peeked.set(sessionId, { n, at: Date.now() });
    return n;
  }

  private readonly peeked = new Map<number, { n: number; at: number; refreshing?: boolean }>();
  peekRemaining(activityId: number, sessionId: number): number | null {
    const p = this.peeked.get(sessionId);
    const age = p ? Date.now() - p.at : Infinity;
    if (age > 200 && !p?.refreshing) {
      if (p) p.refreshing = true;
      void this.remaining(activityId, sessionId).catch(() => {
        if (p) p.refreshing = false;
      });
    }
    // older than a second (a quiet spell): unknown, so the gate itself answers
    return p && age <= 1000 ? p.n : null;
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.redis.del(this.aliveKey(this.token)).catch(() => undefined);
    await this.redis.quit();
  }
}
