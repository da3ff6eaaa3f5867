import { hostname } from 'node:os';
/** The services every module receives: built once in main.ts (or a test), passed to buildApp. */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import { AuditLog } from './platform/audit.js';
import { createIdentityVerifier, type IdentityVerifier } from './platform/identity-verifier.js';
import { GROUPS_IN_FLIGHT } from './platform/group-runner.js';
import { JobQueue } from './platform/jobs.js';
import { PersonalDataCipher } from './platform/crypto.js';
import { createPasswordHasher, type PasswordHasher } from './platform/passwords.js';
import { RateLimiter } from './platform/rate-limit.js';
import { SessionStore } from './platform/sessions.js';
import type { SharedState } from './platform/shared-state.js';
import { FileSmsSender, HttpSmsSender, type SmsSender } from './platform/sms.js';

import { GrabEngine } from './modules/activities/grab.service.js';
import { MemoryGrabGate, RedisGrabGate } from './modules/activities/grab-gate.js';
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  state: SharedState;
  cipher: PersonalDataCipher;
  passwords: PasswordHasher;
  sessions: SessionStore;
  audit: AuditLog;
  rateLimiter: RateLimiter;
  sms: SmsSender;
  identityVerifier: IdentityVerifier;
  grab: GrabEngine;
  jobs: JobQueue;
  log: FastifyBaseLogger;
}

export function createContext(opts: {
  config: Config;
  database: Database;
  state: SharedState;
  masterKey: Buffer;
  log: FastifyBaseLogger;
  sms?: SmsSender;
  identityVerifier?: IdentityVerifier;
}): AppContext {
  const { config, database, state, log } = opts;
  const db = database.db;
  const minutes = 60_000;
  const base = {
    config,
    database,
    db,
    state,
    log,
    cipher: new PersonalDataCipher(opts.masterKey),
    passwords: createPasswordHasher({ memoryKib: config.PASSWORD_HASH_MEMORY_KIB, iterations: config.PASSWORD_HASH_ITERATIONS }),
    sessions: new SessionStore(db, state, {
      member: { idleMs: config.SESSION_IDLE_MINUTES * minutes, absoluteMs: config.SESSION_ABSOLUTE_HOURS * 60 * minutes },
      admin: { idleMs: config.ADMIN_SESSION_IDLE_MINUTES * minutes, absoluteMs: config.ADMIN_SESSION_ABSOLUTE_HOURS * 60 * minutes },
    }),
    audit: new AuditLog(db),
    jobs: new JobQueue(db, log),
    rateLimiter: new RateLimiter(state),
    sms:
      opts.sms ??
      (config.SMS_SENDER === 'http' && config.SMS_HTTP_URL
        ? new HttpSmsSender({ url: config.SMS_HTTP_URL, token: config.SMS_HTTP_TOKEN, timeoutMs: config.SMS_HTTP_TIMEOUT_MS })
        : new FileSmsSender(config.dataDir, log)),
    identityVerifier: opts.identityVerifier ?? createIdentityVerifier(config, { log }),
  };
  // The grab gate: in the process by default, a Redis Lua script when processes share Redis.
  const gate = config.REDIS_URL ? new RedisGrabGate(config.REDIS_URL, config.REDIS_KEY_PREFIX, config.INSTANCE_ID ?? `${hostname()}-${config.PORT}`) : new MemoryGrabGate();
  const parallelWrites = database.kind === 'pglite' ? 1 : Math.max(1, Math.min(GROUPS_IN_FLIGHT, config.DATABASE_POOL_SIZE - 2));
  return { ...base, grab: new GrabEngine(base, gate, parallelWrites) };
}
