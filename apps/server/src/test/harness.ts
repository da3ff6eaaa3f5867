/**
 * Test harness: a fresh app per test file on embedded PGlite in memory, or, when DATABASE_URL is
 * set, on a fresh database of that PostgreSQL server (and on Redis when REDIS_URL is set, under a
 * key prefix of its own). SMS messages are captured instead of written to a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createContext, type AppContext } from '../context.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { seedDemo } from '../db/seed/demo.js';
import { createMemoryState, createRedisState } from '../platform/shared-state.js';
import type { SmsMessage, SmsSender } from '../platform/sms.js';
import { totpCode } from '../platform/totp.js';

export class CapturingSms implements SmsSender {
  readonly sent: SmsMessage[] = [];
  async send(m: SmsMessage) {
    this.sent.push(m);
  }
  lastCodeFor(phone: string): string {
    const m = [...this.sent].reverse().find((s) => s.to === phone);
    const code = m?.text.match(/(\d{6})/)?.[1];
    if (!code) throw new Error(`no SMS code sent to ${phone}`);
    return code;
  }
}

export type TestApp = Awaited<ReturnType<typeof buildApp>>;
export interface Harness {
  app: TestApp;
  ctx: AppContext;
  sms: CapturingSms;
  close(): Promise<void>;
}

async function freshPostgres(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `gh_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function createHarness(opts: { env?: Record<string, string>; seed?: boolean } = {}): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gonghui-test-'));
  const pgServer = process.env.DATABASE_URL ? await freshPostgres(process.env.DATABASE_URL) : null;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SERVE_APPS: 'false',
    PASSWORD_HASH_MEMORY_KIB: '1024',
    PASSWORD_HASH_ITERATIONS: '1',
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // Every inject comes from 127.0.0.1; per-client limits get a test of their own.
    RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    ...(pgServer ? { DATABASE_URL: pgServer.url, DATABASE_POOL_SIZE: '5' } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: `t${randomBytes(5).toString('hex')}:` } : {}),
    ...opts.env,
  });
  const database = await openDatabase({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  await migrateDatabase(database);
  const state = config.REDIS_URL ? await createRedisState(config.REDIS_URL, config.REDIS_KEY_PREFIX) : createMemoryState();
  const sms = new CapturingSms();
  const log = pino({ level: 'silent' });
  const ctx = createContext({ config, database, state, masterKey: Buffer.from(config.DATA_ENCRYPTION_KEY!, 'base64'), log, sms });
  if (opts.seed ?? true) await seedDemo(ctx);
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    sms,
    async close() {
      await app.close();
      await ctx.grab.close();
      await state.close();
      await database.close();
      await pgServer?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Bearer-token helpers: most API tests act as a mini-program client would. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function loginMember(h: Harness, phone = '13800138000', password = 'Member@2026'): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone, password } });
  if (res.statusCode !== 200) throw new Error(`member login failed: ${res.body}`);
  return res.json<{ token: string }>().token;
}

const DEMO_SECRETS: Record<string, string> = {
  gd_auditor: 'GDAUDITORXDEMOXTOTPXSECRETXAUDIT',
};
export function demoTotpSecret(username: string): string {
  const code = username.slice(0, 2).toUpperCase();
  return DEMO_SECRETS[username] ?? `${code}ADMINXDEMOXTOTPXSECRETX${code}ADMIN`;
}

/**
 * Log in a demo admin with a fresh TOTP code. An accepted step is never accepted again, and the
 * window is ±1 step, so one admin can log in at most three times in 30 s: steps -1, 0, +1.
 */
const usedSteps = new Map<string, number>();
export async function loginAdmin(h: Harness, username: string, password = 'Admin@2026'): Promise<string> {
  const key = `${h.ctx.config.dataDir}:${username}`;
  const n = usedSteps.get(key) ?? 0;
  if (n > 2) throw new Error(`loginAdmin(${username}) called more than 3 times in one test file: reuse the token`);
  usedSteps.set(key, n + 1);
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/admin/auth/login', payload: { username, password, totp: totpCode(demoTotpSecret(username), Date.now() + (n - 1) * 30_000) } });
  if (res.statusCode !== 200) throw new Error(`admin login failed: ${res.body}`);
  return res.json<{ token: string }>().token;
}
