export interface ShortMemoOptions {
  /** Past this many keys the memo starts over (the database stays the reference). */
  maxKeys?: number;
  /**
   * A shared change mark (ChangeMarks.current): an answer is then kept for as long as the mark has
   * not moved, up to the time to live, instead of for the time to live alone.
   */
  mark?: () => Promise<string>;
}

interface Entry<V> {
  mark: string;
  expiresAt: number;
  value: Promise<V>;
}

/**
 * Answers remembered for a short while, per key: concurrent asks of one key share one load, a failed
 * load is not remembered, and `forget` drops a key whose answer this process just changed. For the
 * per-request lookups whose staleness bound is the time to live (e.g. "does this account still
 * exist", 500 ms, like a session's state), or the mark's refresh when a mark guards them.
 */
export class ShortMemo<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly options: ShortMemoOptions = {},
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    // Read before the load starts: a change made after this read moves the mark again.
    const mark = this.options.mark ? await this.options.mark() : '';
    const now = Date.now();
    const known = this.entries.get(key);
    if (known && known.mark === mark && known.expiresAt > now) return known.value;
    if (this.entries.size >= (this.options.maxKeys ?? 50_000)) this.entries.clear();
    const entry: Entry<V> = { mark, expiresAt: now + this.ttlMs, value: load() };
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
