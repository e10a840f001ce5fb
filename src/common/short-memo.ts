/**
 * Answers remembered for a short while, per key: concurrent asks of one key share one load, a failed
 * load is not remembered, and `forget` drops a key whose answer this process just changed. For the
 * per-request lookups whose staleness bound is the time to live (e.g. "does this account still
 * exist", 500 ms, like a session's state).
 */
export class ShortMemo<V> {
  private readonly entries = new Map<string, { expiresAt: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    /** Past this many keys the memo starts over (the database stays the reference). */
    private readonly maxKeys = 50_000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const known = this.entries.get(key);
    if (known && known.expiresAt > now) return known.value;
    if (this.entries.size >= this.maxKeys) this.entries.clear();
    const entry = { expiresAt: now + this.ttlMs, value: load() };
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.entries.set(key, entry);
    return entry.value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
