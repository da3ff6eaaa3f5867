/**
 * Group commit for any one-statement-per-item work (ticket inserts, account lookups): an item that
 * arrives while fewer than `maxParallel` groups run goes out at once; items arriving while that many
 * run wait and go out together in the next group. A quiet server pays one statement per item and no
 * added delay; a busy one pays one statement per group of up to `maxBatch` items.
 */
/**
 * Groups in flight for the hot lookups and inserts (accounts, members, tickets). With four, requests
 * arriving evenly mostly went alone, one statement each; with one, every request waited behind a
 * single slow statement. Two measured best (docs/ACTIVITIES.md).
 */
export const GROUPS_IN_FLIGHT = 2;

export class GroupRunner<I, O> {
  private queue: Array<{ item: I; done: (out: O) => void; fail: (e: unknown) => void }> = [];
  private running = 0;

  constructor(
    /** Runs one group; answers one output per input, in the same order. */
    private readonly execute: (items: I[]) => Promise<O[]>,
    private readonly maxParallel: number,
    private readonly maxBatch = 500,
  ) {}

  run(item: I): Promise<O> {
    return new Promise((done, fail) => {
      this.queue.push({ item, done, fail });
      if (this.running < this.maxParallel) this.flush();
    });
  }

  private flush(): void {
    if (!this.queue.length) return;
    const group = this.queue.splice(0, this.maxBatch);
    this.running++;
    this.execute(group.map((g) => g.item))
      .then(
        (outs) => group.forEach((g, i) => g.done(outs[i]!)),
        (error: unknown) => group.forEach((g) => g.fail(error)),
      )
      .finally(() => {
        this.running--;
        this.flush();
      });
  }
}
