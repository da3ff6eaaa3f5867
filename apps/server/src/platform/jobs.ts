/**
 * Durable background jobs. A job is a row in `jobs` with a kind, a versioned payload and progress
 * counters. Workers in every server process claim queued jobs (FOR UPDATE SKIP LOCKED), send a
 * heartbeat while they run, and a job whose worker died (stale heartbeat) is claimed again and
 * resumes from the progress it had committed: handlers commit each batch of work together with
 * the counters, so a crash never leaves half a batch and a rerun skips what is done.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, DbOrTx } from '../db/client.js';
import { jobs } from '../db/schema.js';

export type JobRow = typeof jobs.$inferSelect;
export interface JobProgress {
  total?: number | null;
  processed: number;
  imported: number;
  unchanged: number;
  failed: number;
}
export interface JobContext {
  job: JobRow;
  /** Write progress counters; pass `tx` to commit them with the batch they describe. */
  progress(p: JobProgress, tx?: DbOrTx): Promise<void>;
  log: FastifyBaseLogger;
}
export type JobHandler = (ctx: JobContext) => Promise<{ message?: string | null; errorFile?: string | null }>;

const STALE_AFTER_MS = 60_000;
const HEARTBEAT_MS = 10_000;

export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running = 0;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
    private readonly opts: { concurrency: number; pollMs: number } = { concurrency: 1, pollMs: 1000 },
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  async enqueue(values: { kind: string; payload: Record<string, unknown>; fileName?: string | null; createdBy?: string | null; orgPath: string }): Promise<JobRow> {
    const [row] = await this.db.insert(jobs).values(values).returning();
    this.kick();
    return row!;
  }

  find(id: string): Promise<JobRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(undefined);
    return this.db.select().from(jobs).where(eq(jobs.id, id)).limit(1).then((r) => r[0]);
  }

  /** Jobs of a subtree, newest first; `payload` narrows by fields of the payload (e.g. { sheet }). */
  async list(pathPrefix: string, offset: number, limit: number, payload?: Record<string, string>): Promise<{ rows: JobRow[]; total: number }> {
    const where = and(sql`${jobs.orgPath} LIKE ${`${pathPrefix}%`}`, payload ? sql`${jobs.payload} @> ${JSON.stringify(payload)}::jsonb` : undefined);
    const [rows, [count]] = await Promise.all([
      this.db.select().from(jobs).where(where).orderBy(desc(jobs.createdAt)).offset(offset).limit(limit),
      this.db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(where),
    ]);
    return { rows, total: Number(count?.n ?? 0) };
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.opts.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Stop claiming, and wait for the jobs in hand to finish their current run. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle;
  }

  /** Resolve when no job is queued or running in this process (tests). */
  async drain(): Promise<void> {
    for (;;) {
      await this.tick();
      const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(sql`${jobs.status} IN ('queued', 'running')`);
      if (Number(row?.n ?? 0) === 0 && this.running === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** What a handler gets: the job row and a way to commit progress (used directly by tests). */
  contextFor(job: JobRow): JobContext {
    return {
      job,
      log: this.log,
      progress: async (p, tx) => {
        await (tx ?? this.db)
          .update(jobs)
          .set({ ...(p.total !== undefined ? { total: p.total } : {}), processed: p.processed, imported: p.imported, unchanged: p.unchanged, failed: p.failed, heartbeatAt: new Date() })
          .where(eq(jobs.id, job.id));
      },
    };
  }

  private kick(): void {
    if (this.stopped) return;
    void this.tick().catch((err: unknown) => this.log.error({ err }, 'job queue tick failed'));
  }

  private async tick(): Promise<void> {
    while (!this.stopped && this.running < this.opts.concurrency) {
      const job = await this.claim();
      if (!job) return;
      this.running++;
      const run = this.run(job).finally(() => {
        this.running--;
      });
      this.idle = Promise.all([this.idle, run]).then(() => undefined);
    }
  }

  private async claim(): Promise<JobRow | null> {
    const kinds = [...this.handlers.keys()];
    if (!kinds.length) return null;
    const staleBefore = new Date(Date.now() - STALE_AFTER_MS);
    const rows = await this.db.execute(sql`
      UPDATE jobs SET status = 'running', started_at = COALESCE(started_at, now()), heartbeat_at = now()
      WHERE id = (
        SELECT id FROM jobs
        WHERE kind IN (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})
          AND (status = 'queued' OR (status = 'running' AND heartbeat_at < ${staleBefore}))
        ORDER BY created_at
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
      RETURNING id`);
    const id = (rows as unknown as { rows: Array<{ id: string }> }).rows[0]?.id;
    return id ? ((await this.find(id)) ?? null) : null;
  }

  private async run(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind)!;
    const beat = setInterval(() => {
      void this.db.update(jobs).set({ heartbeatAt: new Date() }).where(eq(jobs.id, job.id)).catch(() => undefined);
    }, HEARTBEAT_MS);
    beat.unref();
    try {
      const result = await handler(this.contextFor(job));
      await this.db.update(jobs).set({ status: 'succeeded', finishedAt: new Date(), message: result.message ?? null, errorFile: result.errorFile ?? null }).where(and(eq(jobs.id, job.id), eq(jobs.status, 'running')));
    } catch (err) {
      this.log.error({ err, jobId: job.id }, 'job failed');
      const message = err instanceof Error ? err.message : String(err);
      await this.db.update(jobs).set({ status: 'failed', finishedAt: new Date(), message: message.slice(0, 500) }).where(eq(jobs.id, job.id));
    } finally {
      clearInterval(beat);
    }
  }
}
