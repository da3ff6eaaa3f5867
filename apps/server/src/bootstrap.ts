/**
 * Opens everything the server needs, in order: configuration, database (migrated, demo-seeded when
 * empty), shared state, keys, the context. Used by main.ts and the CLI.
 */
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from './config.js';
import { createContext, type AppContext } from './context.js';
import { migrateDatabase, openDatabase } from './db/client.js';
import { isDatabaseEmpty, seedDemo } from './db/seed/demo.js';
import { loadMasterKey } from './platform/crypto.js';
import { createMemoryState, createRedisState } from './platform/shared-state.js';
import type { SmsSender } from './platform/sms.js';

export function createLogger(config: Config): Logger {
  return pino({
    level: config.LOG_LEVEL,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password', 'code', '*.code'], censor: '[redacted]' },
  });
}

export async function bootstrap(opts: { config?: Config; log?: Logger; seed?: boolean; sms?: SmsSender } = {}): Promise<{ ctx: AppContext; seeded: boolean; close: () => Promise<void> }> {
  const config = opts.config ?? loadConfig();
  const log = opts.log ?? createLogger(config);
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: path.join(config.dataDir, 'pglite'), poolSize: config.DATABASE_POOL_SIZE });
  const state = config.REDIS_URL ? await createRedisState(config.REDIS_URL, config.REDIS_KEY_PREFIX) : createMemoryState();
  const masterKey = loadMasterKey({ envKey: config.DATA_ENCRYPTION_KEY, dataDir: config.dataDir });
  const ctx = createContext({ config, database, state, masterKey, log, ...(opts.sms ? { sms: opts.sms } : {}) });
  const seeded = await database.withStartupLock(async () => {
    await migrateDatabase(database);
    if ((opts.seed ?? config.SEED_DEMO) && (await isDatabaseEmpty(ctx.db))) {
      await seedDemo(ctx);
      return true;
    }
    return false;
  });
  return {
    ctx,
    seeded,
    close: async () => {
      await ctx.grab.close();
      await state.close();
      await database.close();
    },
  };
}
