/** Shared set-up for benchmarks: a database of its own (PostgreSQL when DATABASE_URL is set). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../apps/server/src/config.js';
import { createContext, type AppContext } from '../apps/server/src/context.js';
import { migrateDatabase, openDatabase } from '../apps/server/src/db/client.js';
import { isDatabaseEmpty, seedDemo } from '../apps/server/src/db/seed/demo.js';
import { createMemoryState } from '../apps/server/src/platform/shared-state.js';

export interface BenchDb {
  ctx: AppContext;
  kind: 'pglite' | 'postgres';
  /** True when the database already held this benchmark's data (reused between runs). */
  reused: boolean;
  close(): Promise<void>;
  /** Remove the benchmark's PostgreSQL database (after close). */
  drop(): Promise<void>;
}

/**
 * PostgreSQL: a database named after the data set, kept between runs so a re-run measures
 * without regenerating millions of rows (delete it with DROP DATABASE to start over).
 * PGlite: a fresh directory each run.
 */
export async function openBenchDb(dataset: string): Promise<BenchDb> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gonghui-bench-'));
  let url: string | undefined;
  let dbName: string | undefined;
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const name = `gh_bench_${dataset}`.replace(/[^a-z0-9_]/g, '_');
    dbName = name;
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PASSWORD_HASH_MEMORY_KIB: '1024',
    PASSWORD_HASH_ITERATIONS: '1',
    // A fixed key, so a reused PostgreSQL data set stays readable across runs.
    DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    ...(url ? { DATABASE_URL: url, DATABASE_POOL_SIZE: '8' } : {}),
  });
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: url ? undefined : path.join(dataDir, 'pglite'), poolSize: config.DATABASE_POOL_SIZE });
  await migrateDatabase(database);
  const ctx = createContext({ config, database, state: createMemoryState(), masterKey: Buffer.from(config.DATA_ENCRYPTION_KEY!, 'base64'), log: pino({ level: 'silent' }) });
  const empty = await isDatabaseEmpty(ctx.db);
  if (empty) await seedDemo(ctx);
  return {
    ctx,
    kind: database.kind,
    reused: !empty,
    close: () => database.close(),
    async drop() {
      if (!dbName || !process.env.DATABASE_URL) return;
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

export function table(rows: Array<Record<string, string | number>>): void {
  const cols = Object.keys(rows[0] ?? {});
  const width = (c: string) => Math.max(c.length, ...rows.map((r) => String(r[c]).length));
  const line = (r: Record<string, string | number>) => cols.map((c) => String(r[c]).padEnd(width(c))).join('  ');
  console.log(line(Object.fromEntries(cols.map((c) => [c, c]))));
  console.log(cols.map((c) => '-'.repeat(width(c))).join('  '));
  for (const r of rows) console.log(line(r));
}

/** Peak resident memory while fn runs, sampled every 20 ms. */
export async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakRssMb: number; startRssMb: number }> {
  const startRssMb = process.memoryUsage().rss / 1048576;
  let peak = startRssMb;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss / 1048576);
  }, 20);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss / 1048576);
    return { result, peakRssMb: Math.round(peak), startRssMb: Math.round(startRssMb) };
  } finally {
    clearInterval(timer);
  }
}
