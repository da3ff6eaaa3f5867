/**
 * Sessions for members and admins. The client holds a random token (cookie or bearer); the database
 * holds only its SHA-256, with idle and absolute expiry and revocation. The shared state caches
 * live sessions so most requests do not touch the database, across every process.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sessions } from '../db/schema.js';
import type { RequestMeta } from './audit.js';
import { RecentMap } from './recent-map.js';
import type { SharedState } from './shared-state.js';

export type SubjectType = 'member' | 'admin';
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}
export interface ActiveSession {
  id: string;
  subjectType: SubjectType;
  subjectId: string;
  expiresAt: Date;
}
export type ResolveResult = { ok: true; session: ActiveSession } | { ok: false; reason: 'unknown' | 'expired' };

interface Cached {
  t: SubjectType;
  s: string;
  exp: number;
  /** When last_seen_at was last written to the database. */
  db: number;
}

/**
 * last_seen_at is written at most this often, and without holding up the request: the shared
 * state keeps the precise idle timer; the column only matters when the cache is lost.
 */
const DB_TOUCH_EVERY_MS = 5 * 60_000;
/**
 * The cached entry's idle timer is pushed back at most this often per session (or a tenth of the
 * idle timeout when that is shorter), so a busy member costs one shared-state read per request.
 */
const REFRESH_EVERY_MS = 60_000;
const key = (id: string) => `sess:${id}`;
export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionStore {
  /** Sessions seen since the last write of last_seen_at: written together, every few seconds. */
  private readonly touched = new Set<string>();
  private flushing: Promise<void> | null = null;
  /** When this process last pushed back each session's idle timer (older than REFRESH_EVERY_MS: due anyway). */
  private readonly refreshed = new RecentMap<string, number>(REFRESH_EVERY_MS, 500_000);
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly state: SharedState,
    private readonly policies: Record<SubjectType, SessionPolicy>,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => void this.flushTouches(), 5000);
    this.timer.unref();
  }

  /** Write last_seen_at of the sessions seen lately in one statement (best effort: the cache has the exact time). */
  flushTouches(): Promise<void> {
    if (this.flushing || !this.touched.size) return this.flushing ?? Promise.resolve();
    const ids = [...this.touched];
    this.touched.clear();
    this.flushing = this.db
      .update(sessions)
      .set({ lastSeenAt: new Date(this.now()) })
      .where(inArray(sessions.id, ids))
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  async create(subjectType: SubjectType, subjectId: string, meta: RequestMeta): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const id = sessionIdOf(token);
    const now = this.now();
    const policy = this.policies[subjectType];
    const expiresAt = new Date(now + policy.absoluteMs);
    await this.db.insert(sessions).values({
      id,
      subjectType,
      subjectId,
      createdAt: new Date(now),
      lastSeenAt: new Date(now),
      expiresAt,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await this.cache(id, { t: subjectType, s: subjectId, exp: expiresAt.getTime(), db: now });
    return { token, expiresAt };
  }

  /** Check a token and extend its idle timer. */
  async resolve(token: string, expected: SubjectType): Promise<ResolveResult> {
    if (token.length < 20 || token.length > 100) return { ok: false, reason: 'unknown' };
    const id = sessionIdOf(token);
    const now = this.now();
    const policy = this.policies[expected];
    const raw = await this.state.get(key(id));
    let cached: Cached | null = raw ? (JSON.parse(raw) as Cached) : null;
    const loaded = !cached;
    if (!cached) {
      const [row] = await this.db.select().from(sessions).where(eq(sessions.id, id)).limit(1);
      if (!row || row.subjectType !== expected || row.revokedAt) return { ok: false, reason: 'unknown' };
      if (row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + policy.idleMs <= now) {
        return { ok: false, reason: 'expired' };
      }
      cached = { t: row.subjectType, s: row.subjectId, exp: row.expiresAt.getTime(), db: row.lastSeenAt.getTime() };
    }
    if (cached.t !== expected) return { ok: false, reason: 'unknown' };
    if (cached.exp <= now) {
      await this.state.del(key(id));
      return { ok: false, reason: 'expired' };
    }
    const ttl = Math.min(policy.idleMs, cached.exp - now);
    if (now - cached.db >= DB_TOUCH_EVERY_MS) {
      this.touched.add(id);
      if (this.touched.size >= 5000) void this.flushTouches();
      cached.db = now;
      // rewrite the entry only while it still exists: a revocation meanwhile must not be undone
      if (loaded) await this.state.set(key(id), JSON.stringify(cached), ttl);
      else await this.state.replace(key(id), JSON.stringify(cached), ttl);
      this.refreshed.set(id, now, now);
    } else if (loaded) {
      await this.state.set(key(id), JSON.stringify(cached), ttl);
      this.refreshed.set(id, now, now);
    } else if (now - (this.refreshed.get(id, now) ?? 0) >= Math.min(REFRESH_EVERY_MS, policy.idleMs / 10)) {
      this.refreshed.set(id, now, now);
      await this.state.touch(key(id), ttl);
    }
    return { ok: true, session: { id, subjectType: cached.t, subjectId: cached.s, expiresAt: new Date(cached.exp) } };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.update(sessions).set({ revokedAt: new Date(this.now()) }).where(eq(sessions.id, sessionId));
    await this.state.del(key(sessionId));
  }

  /** Every session of one account: log out everywhere, a disabled account, a password change. */
  async revokeAll(subjectType: SubjectType, subjectId: string): Promise<number> {
    const rows = await this.db
      .update(sessions)
      .set({ revokedAt: new Date(this.now()) })
      .where(and(eq(sessions.subjectType, subjectType), eq(sessions.subjectId, subjectId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    if (rows.length) await this.state.del(...rows.map((r) => key(r.id)));
    return rows.length;
  }

  async revokeMany(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.db.update(sessions).set({ revokedAt: new Date(this.now()) }).where(inArray(sessions.id, ids));
    await this.state.del(...ids.map(key));
  }

  private async cache(id: string, c: Cached): Promise<void> {
    const ttl = Math.min(this.policies[c.t].idleMs, c.exp - this.now());
    if (ttl > 0) await this.state.set(key(id), JSON.stringify(c), ttl);
  }
}
