/**
 * State that several server processes must share: rate-limit counters, the session cache,
 * short-lived tokens (TOTP enrolment). In Redis when REDIS_URL is set, else in this process.
 */
import { Redis } from 'ioredis';

export interface SharedState {
  readonly kind: 'memory' | 'redis';
  /** Increment a fixed-window counter; returns the count and milliseconds until the window resets. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Set only if absent; true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  del(...keys: string[]): Promise<void>;
  /** Extend a key's life without rewriting it; false if it is gone. */
  touch(key: string, ttlMs: number): Promise<boolean>;
  /** Rewrite a key only if it still exists (never brings back a deleted one); false if it is gone. */
  replace(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Append to a list that lives `ttlMs` after its last append. */
  push(key: string, value: string, ttlMs: number): Promise<void>;
  /** Take a whole list at once (atomically: of two callers one gets it, the other an empty list). */
  drain(key: string): Promise<string[]>;
  /** Add to counters kept in one hash that lives `ttlMs` after its last change. */
  addToHash(key: string, increments: Record<string, number>, ttlMs: number): Promise<void>;
  readHash(key: string): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export function createMemoryState(now: () => number = Date.now): SharedState {
  const values = new Map<string, { value: string; expiresAt: number }>();
  const live = (key: string) => {
    const e = values.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= now()) {
      values.delete(key);
      return undefined;
    }
    return e;
  };
  const sweep = setInterval(() => {
    const t = now();
    for (const [k, e] of values) if (e.expiresAt <= t) values.delete(k);
    for (const [k, l] of lists) if (l.expiresAt <= t) lists.delete(k);
    for (const [k, c] of hashes) if (c.expiresAt <= t) hashes.delete(k);
  }, 60_000);
  sweep.unref();
  const lists = new Map<string, { items: string[]; expiresAt: number }>();
  const hashes = new Map<string, { fields: Map<string, number>; expiresAt: number }>();
  return {
    kind: 'memory',
    async hit(key, windowMs) {
      const e = live(key);
      if (!e) {
        values.set(key, { value: '1', expiresAt: now() + windowMs });
        return { count: 1, resetMs: windowMs };
      }
      e.value = String(Number(e.value) + 1);
      return { count: Number(e.value), resetMs: e.expiresAt - now() };
    },
    async get(key) {
      return live(key)?.value ?? null;
    },
    async set(key, value, ttlMs) {
      values.set(key, { value, expiresAt: now() + ttlMs });
    },
    async setIfAbsent(key, value, ttlMs) {
      if (live(key)) return false;
      values.set(key, { value, expiresAt: now() + ttlMs });
      return true;
    },
    async del(...keys) {
      for (const k of keys) values.delete(k);
    },
    async touch(key, ttlMs) {
      const e = live(key);
      if (!e) return false;
      e.expiresAt = now() + ttlMs;
      return true;
    },
    async replace(key, value, ttlMs) {
      if (!live(key)) return false;
      values.set(key, { value, expiresAt: now() + ttlMs });
      return true;
    },
    async push(key, value, ttlMs) {
      const l = lists.get(key);
      if (l && l.expiresAt > now()) {
        l.items.push(value);
        l.expiresAt = now() + ttlMs;
      } else lists.set(key, { items: [value], expiresAt: now() + ttlMs });
    },
    async drain(key) {
      const l = lists.get(key);
      lists.delete(key);
      return l && l.expiresAt > now() ? l.items : [];
    },
    async addToHash(key, increments, ttlMs) {
      let c = hashes.get(key);
      if (!c || c.expiresAt <= now()) hashes.set(key, (c = { fields: new Map(), expiresAt: 0 }));
      for (const [f, n] of Object.entries(increments)) c.fields.set(f, (c.fields.get(f) ?? 0) + n);
      c.expiresAt = now() + ttlMs;
    },
    async readHash(key) {
      const c = hashes.get(key);
      return c && c.expiresAt > now() ? Object.fromEntries(c.fields) : {};
    },
    async close() {
      clearInterval(sweep);
      values.clear();
      lists.clear();
      hashes.clear();
    },
  };
}

const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

export async function createRedisState(url: string, prefix = 'gh:'): Promise<SharedState> {
  // auto-pipelining: the commands of concurrent requests issued in one tick go out in one write
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true, enableAutoPipelining: true });
  // sent as EVALSHA (the script body only when Redis does not know it yet)
  redis.defineCommand('ghHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  const hit = (redis as Redis & { ghHit: (key: string, windowMs: string) => Promise<[number, number]> }).ghHit.bind(redis);
  await redis.connect();
  const k = (key: string) => prefix + key;
  return {
    kind: 'redis',
    async hit(key, windowMs) {
      const [count, ttl] = await hit(k(key), String(windowMs));
      return { count, resetMs: ttl };
    },
    get: (key) => redis.get(k(key)),
    async set(key, value, ttlMs) {
      await redis.set(k(key), value, 'PX', ttlMs);
    },
    async setIfAbsent(key, value, ttlMs) {
      return (await redis.set(k(key), value, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async del(...keys) {
      if (keys.length) await redis.del(...keys.map(k));
    },
    async touch(key, ttlMs) {
      return (await redis.pexpire(k(key), ttlMs)) === 1;
    },
    async replace(key, value, ttlMs) {
      return (await redis.set(k(key), value, 'PX', ttlMs, 'XX')) === 'OK';
    },
    async push(key, value, ttlMs) {
      await redis.multi().rpush(k(key), value).pexpire(k(key), ttlMs).exec();
    },
    async drain(key) {
      const result = await redis.multi().lrange(k(key), 0, -1).del(k(key)).exec();
      const first = result?.[0];
      return first && !first[0] ? (first[1] as string[]) : [];
    },
    async addToHash(key, increments, ttlMs) {
      const multi = redis.multi();
      for (const [f, n] of Object.entries(increments)) multi.hincrby(k(key), f, n);
      await multi.pexpire(k(key), ttlMs).exec();
    },
    async readHash(key) {
      const raw = await redis.hgetall(k(key));
      return Object.fromEntries(Object.entries(raw).map(([f, v]) => [f, Number(v)]));
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
