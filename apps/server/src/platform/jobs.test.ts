import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../db/schema.js';
import { createHarness, type Harness } from '../test/harness.js';
import { JobQueue } from './jobs.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ seed: false });
});
afterAll(() => h.close());

describe('JobQueue', () => {
  it('runs a queued job and records its result', async () => {
    const q = new JobQueue(h.ctx.db, h.ctx.log);
    q.register('count', async (ctx) => {
      for (let i = 1; i <= 3; i++) await ctx.progress({ total: 3, processed: i, imported: i, unchanged: 0, failed: 0 });
      return { message: 'done' };
    });
    const job = await q.enqueue({ kind: 'count', payload: { v: 1 }, orgPath: '/1/' });
    await q.drain();
    expect(await q.find(job.id)).toMatchObject({ status: 'succeeded', processed: 3, total: 3, message: 'done' });
  });

  it('claims again a job whose worker died (stale heartbeat) and resumes from its progress', async () => {
    const q = new JobQueue(h.ctx.db, h.ctx.log);
    const seenStart: number[] = [];
    q.register('resume', async (ctx) => {
      seenStart.push(ctx.job.processed);
      await ctx.progress({ processed: 10, imported: 10, unchanged: 0, failed: 0 });
      return {};
    });
    // As a process killed mid-job leaves it: running, 4 rows committed, heartbeat long ago.
    const [job] = await h.ctx.db.insert(jobs).values({ kind: 'resume', payload: { v: 1 }, orgPath: '/1/', status: 'running', processed: 4, heartbeatAt: new Date(Date.now() - 10 * 60_000) }).returning();
    // A job still beating is left to its worker.
    const [alive] = await h.ctx.db.insert(jobs).values({ kind: 'resume', payload: { v: 1 }, orgPath: '/1/', status: 'running', processed: 2, heartbeatAt: new Date() }).returning();
    await q.start();
    await new Promise((r) => setTimeout(r, 300));
    await q.stop();
    expect(seenStart).toEqual([4]);
    expect(await q.find(job!.id)).toMatchObject({ status: 'succeeded', processed: 10 });
    expect((await q.find(alive!.id))!.status).toBe('running');
    await h.ctx.db.update(jobs).set({ status: 'failed' }).where(eq(jobs.id, alive!.id));
  });

  it('marks a job failed with its message when the handler throws', async () => {
    const q = new JobQueue(h.ctx.db, h.ctx.log);
    q.register('broken', async () => {
      throw new Error('缺少必需的列 / Missing required columns');
    });
    const job = await q.enqueue({ kind: 'broken', payload: { v: 1 }, orgPath: '/1/' });
    await q.drain();
    expect(await q.find(job.id)).toMatchObject({ status: 'failed', message: '缺少必需的列 / Missing required columns' });
  });
});
