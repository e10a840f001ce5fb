// Over 300 lines on purpose: one consistency argument (the stamp claims, the head, the copy) that
// reads best whole, with both stamp stores beside the cache that trusts them.
import { FilterQuery, Model, mongo, Schema, Types } from 'mongoose';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { rowById } from './row-by-id';

/**
 * A copy in memory, checked against a stamp in the database before each use: the one way this app
 * keeps in memory data that several instances write (task boards, activity tails, resource
 * schedules, the resource catalogue). Each feature keeps its loading code and the way a change
 * applies to its copy; the consistency argument is written here only (hence a file over 300
 * lines: the argument, the two ways to keep stamps and the cache belong together).
 *
 * Why copies at all: FerretDB v1 (the embedded database) pushes only lookups by `_id` down to its
 * storage; any other query scans and decodes the whole collection (measured on this shared
 * machine, 30,000 small documents: 3.6 ms by `_id`, 2.9 s by another field). A board of 5,000 tasks read page by page, a
 * catch-up on a 20,000-item log or a booking decision would scan big collections on every request.
 * A copy turns that into one small read by `_id`.
 *
 * A key (a project, a resource…) has a stamp: a number that only grows, 0 when never stamped.
 *
 * What writers must do: store their change FIRST, then call `stampAfterWrite` (never before: a copy
 * loaded between a stamp and the write it announces would carry the new stamp without the change).
 * A write that failed may have landed anyway: stamp it too.
 *
 * Why a copy is never served stale: a copy carries the stamp read BEFORE its data was read, and is
 * served only while the key's stamp is still that one. Every change stamped at or below it was
 * stored before its stamp existed, hence before our stamp read, so the load saw it. A change not in
 * the copy gets a higher stamp before its writer returns, so any read that starts after that writer
 * returned sees another stamp and reloads (or lets the feature extend its copy: the activity tail).
 * A writer whose stamp n+1 is its own while its copy is at n knows that the copy plus its change is
 * exactly the state at n+1, and advances the copy in place instead of reading it again. Within a
 * process, concurrent loads of one key at one stamp share a single read.
 *
 * Two ways to keep stamps (`StampStore`):
 *  - `ClaimedStamps`, for changes that are not numbered. Stamp n is claimed by inserting the claim
 *    `key:n` (its `_id`, in the `<heads>_claims` collection), and only once `key:n-1` is known to
 *    exist: claims are gap-free, never deleted, and the unique `_id` gives each n to one writer.
 *    The claimer then raises the key's head (`<heads>`, `_id` = the key) with `$max` (or at every
 *    n-th stamp only, `headEvery`, for keys read one at a time). The stamp of
 *    a key is its highest claim: a reader that knows claim n exists (its copy's stamp, else the
 *    head) looks up claim n+1 by `_id`; absent, n is the stamp (one read when the copy is current);
 *    present, it goes on from there (or from the head, if higher).
 *    Why claims and not a field bumped by findOneAndUpdate (what the features did before):
 *    FerretDB v1 applies an update as a read then a write (FerretDB issue #2168). Through two
 *    connections (two instances), 10 racing findOneAndUpdate on one document returned the same
 *    "previous" value in 50 rounds out of 50, and 500 `$inc`s counted 255: a writer could take
 *    another's change for its own and advance its copy past a change it never saw (with that
 *    protocol, the "same instant" case of test/stamped-cache.e2e-spec.ts served 40 stale reads in
 *    30 rounds). A unique index is not fooled, through any number of connections.
 *    Reads of several keys at once (and of all) take the heads as they are: by the argument above
 *    on MongoDB and with one instance per FerretDB, but with several instances on one FerretDB an
 *    older `$max` may land after a newer one and leave a head behind until the key's next stamp.
 *    Such reads serve displays (availability search); decisions read one key.
 *  - `HeadStamps`, for changes already numbered gap-free under a unique index (the activity log's
 *    seq): only the head, moved with `$max` to the number of each change. Each number belongs to
 *    one change already, so a copy at n-1 plus change n is the state at n. The same caveat holds
 *    for a head left behind on a FerretDB shared by several instances: readers miss the newest
 *    changes until the next change of the key (whose writer finds its number taken and moves the
 *    head past it); the numbered data stays right.
 *
 * What a crash leaves: a change stored but not stamped (its writer died in between) is missed by
 * copies loaded before it, until the key's next stamp; features that cannot accept that stamp again
 * when they meet what was left (the capacity ledger finishes left-behind decisions and stamps them).
 * A claim whose head was not raised is found by the next reader's look-up of the claim after it.
 * Claims are a few bytes each and only ever read by `_id`.
 */
export interface StampStore {
  /** The stamps of these keys as stored now (0 for a key never stamped); `known` gives stamps known to exist, to start from. */
  read(keys: string[], known?: Map<string, number>): Promise<Map<string, number>>;
  /** Every stamped key's stamp, in one read. */
  readAll(): Promise<Map<string, number>>;
  /** Stamps a stored change (the next stamp, or `version` when changes are numbered); `own` when the stamp is this change's alone. */
  advance(key: string, version?: number): Promise<{ stamp: number; own: boolean }>;
}

export interface StampHead {
  _id: string;
  stamp: number;
}

/** The schema of a `ClaimedStamps` heads collection (one per feature keeps each scan small). */
export const StampHeadSchema = new Schema<StampHead>(
  {
    _id: { type: String, required: true },
    stamp: { type: Number, required: true },
  },
  { versionKey: false },
);

/** After this many lost claims in a row, read the stamp again rather than walk up to it. */
const REREAD_AFTER = 3;
const MAX_CLAIMS = 1_000;

export interface ClaimedStampsOptions {
  /**
   * Raise the head at every n-th stamp only (default 1: every stamp). The head is a hint, so a
   * store whose keys are only ever read one at a time (never through `readAll` or several keys,
   * which take the heads as they are) may save that round trip on most writes: a reader then walks
   * at most n-1 more claims from the head. Task boards use it; their writes are the hot path.
   */
  headEvery?: number;
}

/** Stamps claimed by inserting `key:n` (see above). */
export class ClaimedStamps implements StampStore {
  private readonly claims: mongo.Collection<{ _id: string }>;
  /** Per key, a stamp known to exist: where this process's next claim starts. */
  private readonly known = new Map<string, number>();
  private readonly headEvery: number;

  constructor(
    private readonly heads: Model<StampHead>,
    options: ClaimedStampsOptions = {},
  ) {
    this.claims = heads.db.collection<{ _id: string }>(`${heads.collection.collectionName}_claims`);
    this.headEvery = options.headEvery ?? 1;
  }

  async read(keys: string[], known = new Map<string, number>()): Promise<Map<string, number>> {
    if (keys.length !== 1) return this.readHeads(keys);
    const key = keys[0];
    const start = Math.max(known.get(key) ?? -1, this.known.get(key) ?? -1);
    let stamp = start >= 0 ? start : (await this.readHeads(keys)).get(key)!;
    for (let step = 0; await this.claims.findOne({ _id: `${key}:${stamp + 1}` }, { projection: { _id: 1 } }); step++) {
      // Claimed after what we knew: the head is usually there already; else walk (a head left behind).
      stamp = step === 0 ? Math.max(stamp + 1, (await this.readHeads(keys)).get(key)!) : stamp + 1;
    }
    this.learn(key, stamp);
    return new Map([[key, stamp]]);
  }

  readAll(): Promise<Map<string, number>> {
    return this.readHeads();
  }

  async advance(key: string, version?: number): Promise<{ stamp: number; own: boolean }> {
    if (version !== undefined) throw new Error('ClaimedStamps numbers the changes itself');
    let stamp = (this.known.get(key) ?? (await this.read([key])).get(key)!) + 1;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.claims.insertOne({ _id: `${key}:${stamp}` });
        break;
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= MAX_CLAIMS) throw error;
        this.learn(key, stamp);
        // Another writer has it; far behind (other instances write too), read the stamp again.
        stamp = (attempt % REREAD_AFTER === 0 ? (await this.read([key], new Map([[key, stamp]]))).get(key)! : stamp) + 1;
      }
    }
    this.learn(key, stamp);
    if (stamp % this.headEvery !== 0) return { stamp, own: true };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.heads.updateOne({ _id: key }, { $max: { stamp } }, { upsert: true });
        return { stamp, own: true };
      } catch (error) {
        // Two first stamps of a key may race to create its head; the loser just retries.
        if (!isDuplicateKeyError(error) || attempt >= 3) throw error;
      }
    }
  }

  private learn(key: string, stamp: number): void {
    if (stamp > (this.known.get(key) ?? 0)) this.known.set(key, stamp);
  }

  private async readHeads(keys?: string[]): Promise<Map<string, number>> {
    const filter = keys ? { _id: keys.length === 1 ? keys[0] : { $in: keys } } : {};
    const stamps = new Map((keys ?? []).map((key) => [key, 0]));
    for (const row of await this.heads.find(filter).lean()) stamps.set(row._id, row.stamp);
    for (const [key, stamp] of stamps) this.learn(key, stamp);
    return stamps;
  }
}

/** Stamps kept as the highest number in one document per key, `_id` = the key as an ObjectId (see above). */
export class HeadStamps<T extends { _id: Types.ObjectId }> implements StampStore {
  constructor(
    private readonly heads: Model<T>,
    private readonly field: keyof T & string,
  ) {}

  async read(keys: string[]): Promise<Map<string, number>> {
    const ids = keys.map((key) => new Types.ObjectId(key));
    // One key is read at every append and tail read: straight from the driver (see rowById).
    const rows =
      ids.length === 1
        ? [await rowById(this.heads, ids[0])].filter((row) => row !== null)
        : await this.heads.find({ _id: { $in: ids } } as FilterQuery<T>).lean<Record<string, unknown>[]>();
    return this.numbers(rows as Record<string, unknown>[], keys);
  }

  async readAll(): Promise<Map<string, number>> {
    return this.numbers(await this.heads.find({}).lean<Record<string, unknown>[]>(), []);
  }

  async advance(key: string, version?: number): Promise<{ stamp: number; own: boolean }> {
    if (version === undefined) throw new Error('HeadStamps stamps numbered changes only');
    // Through the driver: a plain `$max` on a head no hook watches, at every append (see rowById).
    await this.heads.collection.updateOne({ _id: new Types.ObjectId(key) }, { $max: { [this.field]: version } }, { upsert: true });
    return { stamp: version, own: true };
  }

  private numbers(rows: Record<string, unknown>[], keys: string[]): Map<string, number> {
    const stamps = new Map(keys.map((key) => [key, 0]));
    for (const row of rows) stamps.set(String(row._id), Number(row[this.field] ?? 0));
    return stamps;
  }
}

export interface StampedCopy<V> {
  stamp: number;
  value: V;
  loadedAt: number;
}

export interface StampedCacheOptions<V> {
  /** Largest total size kept (least recently used copies go first); with `sizeOf`, default 1 per copy. */
  maxSize?: number;
  sizeOf?: (value: V) => number;
  /** Copies older than this are loaded again, for changes that no stamp announces (erasures). */
  maxAgeMs?: number;
  /** The copy of a key this cache holds none of (e.g. "nothing", once one scan read every key). */
  fallback?: (key: string) => StampedCopy<V> | undefined;
}

export class StampedCache<V> {
  private readonly copies = new Map<string, StampedCopy<V>>();
  private readonly loading = new Map<string, Promise<V>>();

  constructor(
    readonly stamps: StampStore,
    private readonly options: StampedCacheOptions<V> = {},
  ) {}

  /** The key's stamp as stored now (0: never stamped). */
  async stamp(key: string): Promise<number> {
    return (await this.readStamps([key])).get(key)!;
  }

  /** The stamps of these keys as stored now, starting from those of the copies held. */
  readStamps(keys: string[]): Promise<Map<string, number>> {
    const known = new Map<string, number>();
    for (const key of keys) {
      const copy = this.live(key) ?? this.options.fallback?.(key);
      if (copy) known.set(key, copy.stamp);
    }
    return this.stamps.read(keys, known);
  }

  /** The copy if it is at `stamp` and not expired. */
  copyAt(key: string, stamp: number): StampedCopy<V> | undefined {
    const copy = this.live(key);
    return copy?.stamp === stamp ? copy : undefined;
  }

  /** The newest unexpired copy, whatever its stamp (for a caller that has just brought it up to date). */
  latest(key: string): StampedCopy<V> | undefined {
    return this.live(key);
  }

  /** The key's value at its current stamp: one read of the stamp, then the copy or `load`. */
  async get(key: string, load: (stamp: number, stale?: StampedCopy<V>) => Promise<V>): Promise<V> {
    return this.getAt(key, await this.stamp(key), load);
  }

  /**
   * Same as `get` with a stamp the caller has just read from the database (never one from memory).
   * `load` reads the data (after that stamp read); it may extend `stale`, an unexpired older copy,
   * in place and return it.
   */
  async getAt(key: string, stamp: number, load: (stamp: number, stale?: StampedCopy<V>) => Promise<V>): Promise<V> {
    const current = this.copyAt(key, stamp);
    if (current) {
      // Most recently used last, so eviction drops the coldest copy.
      this.copies.delete(key);
      this.copies.set(key, current);
      return current.value;
    }
    const loadKey = `${key}:${stamp}`;
    const pending = this.loading.get(loadKey);
    if (pending) return pending;
    const promise = (async () => {
      const stale = this.live(key);
      const value = await load(stamp, stale);
      // A copy extended in place keeps its age: `maxAgeMs` counts from its first full load.
      this.keep(key, stamp, value, value === stale?.value ? stale.loadedAt : Date.now());
      return value;
    })().finally(() => this.loading.delete(loadKey));
    this.loading.set(loadKey, promise);
    return promise;
  }

  /** Keeps a value read after `stamp` was read, unless a newer copy is already kept. */
  keep(key: string, stamp: number, value: V, loadedAt = Date.now()): void {
    const known = this.copies.get(key);
    if (known && known.stamp > stamp) return;
    this.copies.delete(key);
    this.copies.set(key, { stamp, value, loadedAt });
    this.evict(key);
  }

  /**
   * Stamps a change of `key` that is already stored (see "What writers must do") and returns the
   * stamp. With `follow`, a copy exactly one stamp behind advances in place: `follow` gets it and
   * returns it with the change (undefined to drop it). `version` is the change's number, for a
   * store of numbered changes.
   */
  async stampAfterWrite(key: string, follow?: (copy: V) => V | undefined, version?: number): Promise<number> {
    let advanced: { stamp: number; own: boolean };
    try {
      advanced = await this.stamps.advance(key, version);
    } catch (error) {
      // The change may be stored unstamped: at least this process will not serve the copy again.
      this.copies.delete(key);
      throw error;
    }
    const { stamp, own } = advanced;
    const copy = this.live(key) ?? this.options.fallback?.(key);
    if (own && follow && copy?.stamp === stamp - 1) {
      const next = follow(copy.value);
      if (next === undefined) this.copies.delete(key);
      else this.keep(key, stamp, next, copy.loadedAt);
    }
    // Otherwise a copy left behind is at an older stamp: its next use reads the key again.
    return stamp;
  }

  /** Drops every copy (e.g. after an erasure that no stamp announces). */
  clear(): void {
    this.copies.clear();
  }

  private live(key: string): StampedCopy<V> | undefined {
    const copy = this.copies.get(key);
    if (!copy) return undefined;
    if (this.options.maxAgeMs !== undefined && Date.now() - copy.loadedAt > this.options.maxAgeMs) {
      this.copies.delete(key);
      return undefined;
    }
    return copy;
  }

  private evict(keptKey: string): void {
    const { maxSize, sizeOf = () => 1 } = this.options;
    if (maxSize === undefined) return;
    let total = 0;
    for (const copy of this.copies.values()) total += sizeOf(copy.value);
    for (const [key, copy] of this.copies) {
      if (total <= maxSize || key === keptKey) break;
      total -= sizeOf(copy.value);
      this.copies.delete(key);
    }
  }
}
