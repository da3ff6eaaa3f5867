/**
 * A map of things seen lately, held in the heap only while they matter: an entry lives `ttlMs`
 * after it was last set. Entries are kept oldest first (a renewed one moves to the end), so the
 * expired ones leave from the front as new ones come, and it never holds more than `max`.
 */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, { at: number; value: V }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  /** The value set within the last `ttlMs`, or undefined. */
  get(key: K, now: number): V | undefined {
    const e = this.entries.get(key);
    return e && now - e.at < this.ttlMs ? e.value : undefined;
  }

  set(key: K, value: V, now: number): void {
    for (const [k, e] of this.entries) {
      if (now - e.at < this.ttlMs && this.entries.size < this.max) break;
      this.entries.delete(k);
    }
    this.entries.delete(key);
    this.entries.set(key, { at: now, value });
  }

  get size(): number {
    return this.entries.size;
  }
}
