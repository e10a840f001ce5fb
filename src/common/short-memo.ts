export interface ShortMemoOptions {
  /** Past this many keys the memo starts over (the database stays the reference). */
  maxKeys?: number;
  /**
   * A shared change mark (ChangeMarks.current): an answer is then kept for as long as the mark has
   * not moved, up to the time to live, instead of for the time to live alone.
   */
  mark?: () => Promise<string>;
  /**
   * A key asked for in the second half of its time to live is read again behind the answer, which
   * is still given from memory (for memos whose time to live is a backstop behind a mark): a key in
   * use then never makes a request wait for its reload.
   */
  refreshAhead?: boolean;
}

interface Entry<V> {
  mark: string;
  expiresAt: number;
  value: Promise<V>;
  refreshing?: boolean;
}

/**
 * Answers remembered for a short while, per key: concurrent asks of one key share one load, a failed
 * load is not remembered, and `forget` drops a key whose answer this process just changed. For the
 * per-request lookups whose staleness bound is the time to live (e.g. "does this account still
 * exist", 500 ms, like a session's state), or the mark's refresh when a mark guards them.
 */
export class ShortMemo<V> {
  private readonly entries = new Map<string, Entry<V>>();
  /** How many keys were forgotten so far: a bulk read overtaken by one is not kept. */
  private forgets = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly options: ShortMemoOptions = {},
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    // Read before the load starts: a change made after this read moves the mark again.
    const mark = this.options.mark ? await this.options.mark() : '';
    const now = Date.now();
    const known = this.entries.get(key);
    if (known && known.mark === mark && known.expiresAt > now) {
      if (this.options.refreshAhead && !known.refreshing && known.expiresAt - now < this.ttlMs / 2) this.refresh(key, known, load);
      return known.value;
    }
    if (this.entries.size >= this.maxKeys) this.entries.clear();
    const entry: Entry<V> = { mark, expiresAt: now + this.ttlMs, value: load() };
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.entries.set(key, entry);
    return entry.value;
  }

  /**
   * Remembers answers read in bulk (a warm-up) as if each key had been asked: under the mark read
   * before `read` starts, for the time to live counted from then. A key already remembered, or being
   * loaded, keeps its own answer; after a `forget` during the read, nothing is kept (that key's answer
   * may be older than the change). Answers how many keys were added.
   */
  async prime(read: () => Promise<Map<string, V>>): Promise<number> {
    const mark = this.options.mark ? await this.options.mark() : '';
    const expiresAt = Date.now() + this.ttlMs;
    const forgets = this.forgets;
    const answers = await read();
    if (this.forgets !== forgets) return 0;
    let added = 0;
    for (const [key, value] of answers) {
      if (this.entries.has(key)) continue;
      if (this.entries.size >= this.maxKeys) break;
      this.entries.set(key, { mark, expiresAt, value: Promise.resolve(value) });
      added++;
    }
    return added;
  }

  /**
   * Reads a key again behind its current answer (asked or not: a caller that keeps a key fresh on a
   * timer); a key without a live answer is loaded as `get` would.
   */
  renew(key: string, load: () => Promise<V>): void {
    const known = this.entries.get(key);
    if (!known || known.expiresAt <= Date.now()) {
      this.get(key, load).catch(() => undefined);
      return;
    }
    if (!known.refreshing) this.refresh(key, known, load);
  }

  /** Reads a key again behind its current answer; the new one replaces it unless something changed meanwhile. */
  private refresh(key: string, known: Entry<V>, load: () => Promise<V>): void {
    known.refreshing = true;
    const expiresAt = Date.now() + this.ttlMs;
    load().then(
      (value) => {
        // Forgotten or replaced meanwhile (a change made here): this read may be older than it.
        if (this.entries.get(key) === known) this.entries.set(key, { mark: known.mark, expiresAt, value: Promise.resolve(value) });
      },
      // The current answer stays until its time is up; the first ask or renewal after that reads again.
      () => undefined,
    );
  }

  private get maxKeys(): number {
    return this.options.maxKeys ?? 50_000;
  }

  forget(key: string): void {
    this.forgets++;
    this.entries.delete(key);
  }
}
