/**
 * Starts the real server (as `npm start` does, minus the build) on a free port with a fresh data
 * directory — or a fresh database on DATABASE_URL's server — and stops it afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** Every SMS the server sent, newest last. */
  sms(): Array<{ to: string; text: string; at: string }>;
  lastCodeFor(phone: string): string;
  /** The environment the server runs with (DATA_DIR, DATABASE_URL, …), for running the CLI beside it. */
  env: NodeJS.ProcessEnv;
  /** Kill the process (SIGKILL: no graceful shutdown) or stop it (SIGTERM), keeping its data. */
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** Start it again on the same data and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  for (const app of ['member', 'admin']) {
    if (!existsSync(path.join(ROOT, 'apps', app, 'dist', 'index.html'))) throw new Error(`apps/${app} is not built: run npm run build first`);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gonghui-e2e-'));
  const port = await freePort();
  let dropDb: (() => Promise<void>) | null = null;
  const extra: Record<string, string> = {};
  if (process.env.DATABASE_URL) {
    const name = `gh_e2e_${randomBytes(5).toString('hex')}`;
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    extra.DATABASE_URL = url.toString();
    dropDb = async () => {
      const d = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    };
  }
  if (process.env.REDIS_URL) extra.REDIS_KEY_PREFIX = `e2e${randomBytes(4).toString('hex')}:`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...extra, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env };
  const proc = processOn(childEnv);
  await proc.launch();
  return {
    ...serverHandle(proc, dataDir),
    async stop() {
      await proc.kill('SIGTERM');
      await dropDb?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Another server process beside `first`, as a deployment of several processes runs: the same
 * database, Redis key prefix, data directory (so the same encryption key and SMS outbox) and
 * settings, on a port of its own. Only meaningful with DATABASE_URL (PGlite is one process).
 * Its `stop()` stops this process only; the first one's `stop()` drops the database.
 */
export async function startPeer(first: RunningServer, env: Record<string, string> = {}): Promise<RunningServer> {
  if (!first.env.DATABASE_URL) throw new Error('a second process needs DATABASE_URL: the embedded database is one process');
  const port = await freePort();
  const proc = processOn({ ...first.env, PORT: String(port), ...env });
  await proc.launch();
  return { ...serverHandle(proc, first.dataDir), stop: () => proc.kill('SIGTERM') };
}

interface ServerProcess {
  baseUrl: string;
  env: NodeJS.ProcessEnv;
  launch(): Promise<void>;
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

/** The server's entry in a child process with `childEnv`, (re)launched on demand. */
function processOn(childEnv: NodeJS.ProcessEnv): ServerProcess {
  const baseUrl = `http://127.0.0.1:${childEnv.PORT}`;
  let child: ChildProcess | null = null;
  const launch = async () => {
    const c = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    let output = '';
    c.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    c.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (c.exitCode !== null) throw new Error(`server exited early:\n${output}`);
      try {
        const r = await fetch(`${baseUrl}/api/health`);
        if (r.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`server did not start in 90 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const kill = async (signal: 'SIGKILL' | 'SIGTERM') => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await exited;
  };
  return { baseUrl, env: childEnv, launch, kill };
}

function serverHandle(proc: ServerProcess, dataDir: string): Omit<RunningServer, 'stop'> {
  const outbox = path.join(dataDir, 'sms-outbox.jsonl');
  const sms = () =>
    existsSync(outbox)
      ? readFileSync(outbox, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { to: string; text: string; at: string })
      : [];
  return {
    baseUrl: proc.baseUrl,
    dataDir,
    sms,
    lastCodeFor(phone) {
      const m = sms().reverse().find((s) => s.to === phone);
      const code = m?.text.match(/(\d{6})/)?.[1];
      if (!code) throw new Error(`no SMS to ${phone} in ${outbox}`);
      return code;
    },
    env: proc.env,
    kill: proc.kill,
    restart: proc.launch,
  };
}
