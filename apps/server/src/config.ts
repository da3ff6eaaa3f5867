/**
 * Every environment variable the server reads, parsed once with zod. Documented in
 * docs/CONFIGURATION.md; a bad value fails start-up with a message that names the variable.
 */
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  /** postgres://… — when set, PostgreSQL through a pool instead of embedded PGlite. */
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** redis://… — when set, shared state (rate limits, session cache) lives in Redis. */
  REDIS_URL: z.string().url().optional(),
  /** Prefix of every Redis key, so several deployments (or test runs) can share one Redis. */
  REDIS_KEY_PREFIX: z.string().regex(/^[\w:.-]{1,40}$/).default('gh:'),
  /** Secret: base64 of 32 bytes. Without it, a key file is created in DATA_DIR with mode 0600. */
  DATA_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be the base64 encoding of exactly 32 bytes')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: bool.default(true),
  SERVE_APPS: bool.default(true),
  TRUST_PROXY: bool.default(false),
  /** The address members reach the platform at (https://…), for links in join QR codes; else taken from the request. */
  PUBLIC_URL: z.string().url().transform((v) => v.replace(/\/+$/, '')).optional(),
  /** How often held members (上挂) are checked for the 90-day reminder; 0 turns the reminders off in this process. */
  HELD_REMINDER_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10080).default(60),
  /** How often activities are closed at their window's end and unconfirmed lottery wins passed on; 0 = off in this process. */
  /** This process among those sharing Redis (default host name and port): a restart under the same name drops what the previous run held in flight. */
  INSTANCE_ID: z.string().trim().min(1).max(100).optional(),
  /** How often this process rolls statistics deltas up into the aggregates (one process at a time); 0 = off here. */
  STATS_ROLLUP_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  ACTIVITY_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  COOKIE_SECURE: bool.default(false),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(43200).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(8760).default(168),
  ADMIN_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  ADMIN_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  RATE_LIMIT_AUTH_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(30),
  SMS_CODE_PER_PHONE_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
  SMS_RESEND_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  SMS_CODE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** 'file' (development: DATA_DIR/sms-outbox.jsonl) or 'http' (a real gateway). */
  SMS_SENDER: z.enum(['file', 'http']).default('file'),
  SMS_HTTP_URL: z.string().url().optional(),
  /** Secret: sent as `Authorization: Bearer …` to the SMS gateway. */
  SMS_HTTP_TOKEN: z.string().optional(),
  SMS_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  SMS_SIGNATURE: z.string().default('【工惠】'),
  PASSWORD_HASH_MEMORY_KIB: z.coerce.number().int().min(1024).max(1048576).default(19456),
  PASSWORD_HASH_ITERATIONS: z.coerce.number().int().min(1).max(20).default(2),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(104857600).default(262144),
  /** 'manual' (an admin compares ID photos) or 'http' (a signed three-factor / network-ID provider). */
  IDENTITY_VERIFIER: z.enum(['manual', 'http']).default('manual'),
  IDENTITY_VERIFIER_URL: z.string().url().optional(),
  IDENTITY_VERIFIER_KEY_ID: z.string().regex(/^[\x21-\x7e]{1,100}$/, 'must be 1–100 printable ASCII characters without spaces').optional(),
  /** Secret: the HMAC-SHA256 key shared with the identity provider (requests and responses are signed). */
  IDENTITY_VERIFIER_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  IDENTITY_VERIFIER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(3000),
  IDENTITY_VERIFIER_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  IDENTITY_VERIFIER_BREAKER_RESET_MS: z.coerce.number().int().min(1000).max(3600000).default(30000),
  /** Failed real-name verifications (mismatches) one account may make per day. */
  VERIFICATION_MAX_FAILURES_PER_DAY: z.coerce.number().int().min(1).max(100).default(5),
  /** Days the ID photos of a closed identity review are kept as evidence of the decision; 0 keeps them. */
  IDENTITY_PHOTO_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(180),
});

export type Config = z.infer<typeof envSchema> & {
  dataDir: string;
  databaseKind: 'pglite' | 'postgres';
  sharedStateKind: 'memory' | 'redis';
};

export class ConfigError extends Error {}

function isHttpsOrLoopback(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration (see docs/CONFIGURATION.md):\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const missing: string[] = [];
  if (c.SMS_SENDER === 'http' && !c.SMS_HTTP_URL) missing.push('  SMS_HTTP_URL: required when SMS_SENDER=http');
  if (c.IDENTITY_VERIFIER === 'http') {
    if (!c.IDENTITY_VERIFIER_URL) missing.push('  IDENTITY_VERIFIER_URL: required when IDENTITY_VERIFIER=http');
    if (!c.IDENTITY_VERIFIER_KEY_ID) missing.push('  IDENTITY_VERIFIER_KEY_ID: required when IDENTITY_VERIFIER=http');
    if (!c.IDENTITY_VERIFIER_SECRET) missing.push('  IDENTITY_VERIFIER_SECRET: required when IDENTITY_VERIFIER=http');
    // Names and ID numbers travel in the body: plain HTTP only to a sidecar on this machine.
    if (c.IDENTITY_VERIFIER_URL && !isHttpsOrLoopback(c.IDENTITY_VERIFIER_URL)) {
      missing.push('  IDENTITY_VERIFIER_URL: must be https:// (plain http:// is allowed only to localhost)');
    }
  }
  if (missing.length > 0) throw new ConfigError(`Invalid configuration (see docs/CONFIGURATION.md):\n${missing.join('\n')}`);
  return {
    ...c,
    dataDir: path.resolve(c.DATA_DIR),
    databaseKind: c.DATABASE_URL ? 'postgres' : 'pglite',
    sharedStateKind: c.REDIS_URL ? 'redis' : 'memory',
  };
}
