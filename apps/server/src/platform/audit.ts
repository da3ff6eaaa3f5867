/**
 * The audit log: an append-only record of who did what to which object, when, from where, with
 * what outcome. Each row's hash covers its content and the previous row's hash, so rewriting or
 * removing a row breaks the chain, which `verifyAuditChain` (CLI: `npm run audit:verify`) finds.
 */
import { createHash } from 'node:crypto';
import { asc, gt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { auditLog } from '../db/schema.js';

export type AuditOutcome = 'success' | 'failure' | 'denied';
export type ActorType = 'admin' | 'member' | 'system' | 'anonymous';

export interface AuditActor {
  type: ActorType;
  id?: string | null;
  name?: string | null;
}
/** An admin as the audit log names them. */
export const adminAuditActor = (a: { id: string; username: string }): AuditActor => ({ type: 'admin', id: a.id, name: a.username });

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}
export interface AuditEvent {
  actor: AuditActor;
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  orgId?: number | null;
  orgPath?: string | null;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
  meta?: RequestMeta | null;
}

const GENESIS = '0'.repeat(64);
const CHAIN_LOCK_KEY = 7_431_602_220;

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

interface HashedFields {
  at: Date;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  orgId: number | null;
  orgPath: string | null;
  ip: string | null;
  userAgent: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

export function auditRowHash(prevHash: string, f: HashedFields): string {
  // Name every field: a row read back carries more columns (id, hashes) that are not hashed.
  const body = canonical({
    at: f.at.toISOString(),
    actorType: f.actorType,
    actorId: f.actorId,
    actorName: f.actorName,
    action: f.action,
    objectType: f.objectType,
    objectId: f.objectId,
    orgId: f.orgId === null ? null : String(f.orgId),
    orgPath: f.orgPath,
    ip: f.ip,
    userAgent: f.userAgent,
    outcome: f.outcome,
    details: f.details,
  });
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex');
}

export class AuditLog {
  constructor(private readonly db: Db) {}

  /**
   * Append one event. Inside `tx` it commits or rolls back with the caller's change; without it,
   * it commits on its own (used for failures, which must be recorded although the action failed).
   */
  async record(event: AuditEvent, tx?: DbOrTx): Promise<void> {
    const write = async (t: DbOrTx) => {
      await t.execute(sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
      const last = await t.select({ hash: auditLog.hash }).from(auditLog).orderBy(sql`${auditLog.id} DESC`).limit(1);
      const prevHash = last[0]?.hash ?? GENESIS;
      const fields: HashedFields = {
        at: new Date(),
        actorType: event.actor.type,
        actorId: event.actor.id ?? null,
        actorName: event.actor.name ?? null,
        action: event.action,
        objectType: event.objectType ?? null,
        objectId: event.objectId ?? null,
        orgId: event.orgId ?? null,
        orgPath: event.orgPath ?? null,
        ip: event.meta?.ip ?? null,
        userAgent: event.meta?.userAgent?.slice(0, 300) ?? null,
        outcome: event.outcome,
        details: JSON.parse(JSON.stringify(event.details ?? {})) as Record<string, unknown>,
      };
      await t.insert(auditLog).values({ ...fields, actorType: event.actor.type, outcome: event.outcome, prevHash, hash: auditRowHash(prevHash, fields) });
    };
    if (tx) await write(tx);
    else await this.db.transaction(write);
  }
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBadId: number | null;
  problem: string | null;
}

/** Walk the whole chain in id order, in batches, recomputing every hash. */
export async function verifyAuditChain(db: Db, onProgress?: (checked: number) => void): Promise<ChainReport> {
  let prev = GENESIS;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(2000);
    if (rows.length === 0) return { ok: true, checked, firstBadId: null, problem: null };
    for (const r of rows) {
      if (r.prevHash !== prev) return { ok: false, checked, firstBadId: r.id, problem: 'the previous-hash link is broken (a row was removed or inserted)' };
      const expected = auditRowHash(prev, r);
      if (expected !== r.hash) return { ok: false, checked, firstBadId: r.id, problem: 'the row content does not match its hash (the row was altered)' };
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
    onProgress?.(checked);
  }
}
