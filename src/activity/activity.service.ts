import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import type { ActivityData, ActivityType, ActivityView } from '@maillage/contract';
import { DomainEvent } from '../common/domain-events';
import { AppConfig } from '../config/app.config';
import { APP_CONFIG } from '../config/config.module';
import { isDatabaseUnavailableError, isDuplicateKeyError } from '../common/errors/mongo-errors';
import { oid } from '../common/ids';
import { ERASED_USER_NAME, UserDataRegistry } from '../users/user-data.registry';
import { eraseUser, referencingFilter } from './activity-user-references';
import { HeadStamps, StampedCache, StampedCopy } from '../database/stamped-cache';
import { ActivityHead } from './schemas/activity-head.schema';
import { Activity } from './schemas/activity.schema';

const MAX_APPEND_ATTEMPTS = 200;
/** Past this many projects, what this instance appended last is forgotten (the head stays the reference). */
const MAX_REMEMBERED_LOGS = 50_000;
/**
 * Activities kept in memory per project, and in all. FerretDB v1 answers any query other than a
 * lookup by _id by scanning the collection (seconds at 20,000 activities), so catch-up reads are
 * served from memory; on MongoDB the (projectId, seq) index would do, and the cache costs little.
 */
const TAIL_SIZE = 25_000;
const MAX_CACHED_ITEMS = 250_000;
/** Cached tails are dropped after this long, so erasures made through other instances show through. */
const TAIL_TTL_MS = 30 * 60_000;

/** Consecutive activities, oldest first, ending at (or after) the project's head as last seen. */
type Tail = ActivityView[];

@Injectable()
export class ActivityService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ActivityService.name);
  /** Checked against the log's head (see StampedCache); least recently used tails go first past the memory budget. */
  private readonly tails: StampedCache<Tail>;
  /** One append at a time per project within this instance: no self-inflicted seq collisions. */
  private readonly appendQueues = new Map<string, Promise<unknown>>();
  /**
   * The last seq this instance appended per project, when it is the only instance (no REDIS_URL): the
   * next append takes the following seq without reading the head first. Were another writer to take
   * it meanwhile, the unique (projectId, seq) index refuses the insert and the head is read as before.
   */
  private readonly lastAppended = new Map<string, number>();
  /**
   * Per project, the head write of an append already announced (sole writer only, see announce):
   * the log's readers wait for it, so nobody reads a head that lags behind what was announced.
   */
  private readonly raisingHead = new Map<string, Promise<unknown>>();
  private readonly soleWriter: boolean;

  constructor(
    @InjectModel(Activity.name) private readonly activities: Model<Activity>,
    @InjectModel(ActivityHead.name) heads: Model<ActivityHead>,
    private readonly events: EventEmitter2,
    private readonly registry: UserDataRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.soleWriter = !config.redisUrl;
    this.tails = new StampedCache(new HeadStamps(heads, 'lastSeq'), { maxSize: MAX_CACHED_ITEMS, sizeOf: (tail) => tail.length, maxAgeMs: TAIL_TTL_MS });
  }

  /**
   * This service is the log's only writer, erasure included. It registers at bootstrap, after every
   * feature's onModuleInit, so it erases last: what features append while erasing is scrubbed too.
   */
  onApplicationBootstrap(): void {
    this.registry.register({ name: 'activity', erase: (userId) => this.eraseUserData(userId) });
  }

  /**
   * Appends one activity with the next seq of the project and emits it.
   *
   * The seq is claimed by inserting under the unique (projectId, seq) index; a writer that loses
   * the race (another instance) re-reads the true maximum and retries. Nothing is reserved ahead
   * of the insert, so a failure can never leave a gap, and the index forbids duplicates on MongoDB
   * and FerretDB alike without transactions. The head document only speeds up finding the next seq.
   * `data` is the shape the contract gives `type` (@maillage/contract, ActivityDataMap).
   */
  append<T extends ActivityType>(
    projectId: string | Types.ObjectId,
    type: T,
    actorId: string | Types.ObjectId | null,
    data: ActivityData<T>,
  ): Promise<ActivityView<T>> {
    const key = String(projectId);
    return this.enqueue(key, async () => (await this.appendNow(key, type, actorId, data)).activity as ActivityView<T>);
  }

  /**
   * Appends the activity of one operation at most once, whoever calls it and however often: the
   * operation's id is the activity's `_id`, so a second insert fails on the `_id` index and answers
   * the activity already stored (without emitting it again). A duplicate-key error is told apart
   * from a lost seq race by looking the id up. Used by PendingActivityService.
   *
   * Why `_id` and not a unique `opId` index: activities written before (and appends without an
   * operation) have no opId, and FerretDB v1.24 and MongoDB disagree on unique indexes over a
   * missing field — MongoDB refuses a second document without the key, FerretDB accepts any number
   * (while refusing two explicit nulls), and FerretDB accepts `sparse: true` but drops it (listIndexes
   * no longer shows it). No partial indexes either. `_id` is unique and present everywhere, on both.
   */
  appendOnce(
    projectId: string | Types.ObjectId,
    operation: { opId: Types.ObjectId; type: string; actorId: Types.ObjectId | null; at: Date },
    data: Record<string, unknown>,
  ): Promise<{ activity: ActivityView; appended: boolean }> {
    const key = String(projectId);
    // Builders are registered per type by the features; the contract's shape is theirs to keep.
    return this.enqueue(key, () => this.appendNow(key, operation.type as ActivityType, operation.actorId, data as ActivityData, operation));
  }

  /**
   * Runs `work` after the project's appends queued before it. When the one before failed because the
   * database is unreachable, this one fails at once with the same error instead of waiting its own
   * server-selection timeout: a queue of fifty appends answers fifty 503s now, not one per second.
   * (Their entity writes carry the operation: PendingActivityService finishes them later.)
   */
  private enqueue<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.appendQueues.get(key) ?? Promise.resolve();
    const next = previous.then(work, (error: unknown) => (isDatabaseUnavailableError(error) ? Promise.reject(error) : work()));
    this.appendQueues.set(key, next);
    void next
      .finally(() => {
        if (this.appendQueues.get(key) === next) this.appendQueues.delete(key);
      })
      .catch(() => undefined);
    return next;
  }

  private async appendNow(
    key: string,
    type: ActivityType,
    actorId: string | Types.ObjectId | null,
    data: ActivityData,
    once?: { opId: Types.ObjectId; at: Date },
  ): Promise<{ activity: ActivityView; appended: boolean }> {
    const project = new Types.ObjectId(key);
    let seq = (this.lastAppended.get(key) ?? (await this.headSeq(project))) + 1;
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
      let created: Activity;
      try {
        created = (
          await this.activities.create({
            ...(once ? { _id: once.opId } : {}),
            projectId: project,
            seq,
            type,
            actorId: actorId ? new Types.ObjectId(String(actorId)) : null,
            at: once?.at ?? new Date(),
            data,
          })
        ).toObject();
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        if (once) {
          const stored = await this.activities.findById(once.opId).lean();
          if (stored) return { activity: this.toView(stored), appended: false };
        }
        // Another instance took this seq, or the head lags behind the log: read the true maximum.
        const lastSeq = await this.scanLastSeq(project);
        if (lastSeq > 0) await this.tails.stampAfterWrite(key, undefined, lastSeq);
        seq = lastSeq + 1;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 20)));
        continue;
      }
      const view = this.toView(created);
      await this.announce(key, view);
      return { activity: view, appended: true };
    }
    this.logger.error(`Could not append ${type} to project ${key} after ${MAX_APPEND_ATTEMPTS} attempts`);
    throw new Error('Activity log is too busy; try again');
  }

  /** Raises the log's head to a stored activity and emits it, in the order that keeps readers right. */
  private async announce(key: string, view: ActivityView): Promise<void> {
    const raise = () => this.tails.stampAfterWrite(key, (tail) => this.remember(tail, view), view.seq);
    if (!this.soleWriter) {
      // Other instances read the head without knowing of this append: raised before it is announced.
      await raise();
      this.events.emit(DomainEvent.ActivityAppended, view);
      return;
    }
    // The only instance announces without waiting for the head write, a round trip sooner: the
    // activity is stored, and every reader of the head here, listeners of the announcement
    // included, waits for that write first (headSeq).
    this.rememberAppended(key, view.seq);
    const raised = raise();
    this.raisingHead.set(key, raised);
    try {
      this.events.emit(DomainEvent.ActivityAppended, view);
      await raised;
    } finally {
      if (this.raisingHead.get(key) === raised) this.raisingHead.delete(key);
    }
  }

  private rememberAppended(key: string, seq: number): void {
    if (this.lastAppended.size >= MAX_REMEMBERED_LOGS && !this.lastAppended.has(key)) this.lastAppended.clear();
    this.lastAppended.set(key, seq);
  }

  /** The project's highest seq (0 for an empty log). */
  async lastSeq(projectId: string | Types.ObjectId): Promise<number> {
    return this.headSeq(new Types.ObjectId(String(projectId)));
  }

  /** Activities with seq > after, oldest first; served from memory when the tail covers them. */
  async listAfter(projectId: string | Types.ObjectId, after: number, limit: number): Promise<ActivityView[]> {
    const key = String(projectId);
    const project = new Types.ObjectId(key);
    const head = await this.headSeq(project);
    if (after >= head) return [];
    const tail = await this.tails.getAt(key, head, (stamp, stale) => this.loadTail(project, stamp, stale));
    const first = tail[0]?.seq ?? head + 1;
    if (after + 1 >= first) {
      return tail.slice(after + 1 - first, after + 1 - first + limit);
    }
    return this.readRange(project, after, limit);
  }

  /**
   * Erasure: the log keeps what happened but no longer says who did it, nor holds the user's id or
   * name in the copies of objects it carries (ACTIVITY_USER_REFERENCES says where they sit). Rows
   * are rewritten one by one, read then write: activities never change otherwise, so nothing races.
   */
  async eraseUserData(userId: string): Promise<void> {
    await this.activities.updateMany({ actorId: oid(userId) }, { $set: { actorId: null } });
    const rows = await this.activities.find(referencingFilter(userId), { type: 1, data: 1 }).lean();
    const rewritten = rows.filter((row) => eraseUser(row.type, row.data, userId, ERASED_USER_NAME));
    if (rewritten.length) {
      await this.activities.bulkWrite(
        rewritten.map((row) => ({ updateOne: { filter: { _id: row._id }, update: { $set: { data: row.data } } } })),
        { ordered: false },
      );
    }
    this.tails.clear();
  }

  /** The log holds only what append() wrote, so its rows have the contract's shapes. */
  toView(row: Activity): ActivityView {
    return {
      projectId: String(row.projectId),
      seq: row.seq,
      type: row.type,
      actorId: row.actorId ? String(row.actorId) : null,
      at: new Date(row.at).toISOString(),
      data: row.data ?? {},
    } as ActivityView;
  }

  private async headSeq(project: Types.ObjectId): Promise<number> {
    // An announced append whose head write is on its way: its readers must find it in the log.
    await this.raisingHead.get(String(project))?.catch(() => undefined);
    const head = await this.tails.stamp(String(project));
    if (head) return head;
    // No head yet (an empty log, or a log written before heads existed): find it once and keep it.
    const lastSeq = await this.scanLastSeq(project);
    if (lastSeq > 0) await this.tails.stampAfterWrite(String(project), undefined, lastSeq);
    return lastSeq;
  }

  private async scanLastSeq(project: Types.ObjectId): Promise<number> {
    const last = await this.activities.findOne({ projectId: project }, { seq: 1 }).sort({ seq: -1 }).lean();
    return last?.seq ?? 0;
  }

  private async readRange(project: Types.ObjectId, after: number, limit: number): Promise<ActivityView[]> {
    const rows = await this.activities
      .find({ projectId: project, seq: { $gt: after } })
      .sort({ seq: 1 })
      .limit(limit)
      .lean();
    return rows.map((row) => this.toView(row));
  }

  /** The tail up to `head`: the older tail extended in place when there is one, read afresh otherwise. */
  private async loadTail(project: Types.ObjectId, head: number, stale?: StampedCopy<Tail>): Promise<Tail> {
    if (!stale) return this.readRange(project, Math.max(0, head - TAIL_SIZE), TAIL_SIZE);
    const last = stale.value.at(-1)?.seq ?? 0;
    // Written through another instance since we last looked.
    if (last < head) for (const view of await this.readRange(project, last, head - last)) this.remember(stale.value, view);
    return stale.value;
  }

  /** Adds an activity that directly follows the tail (in place); undefined when it does not. */
  private remember(tail: Tail, view: ActivityView): Tail | undefined {
    const last = tail.at(-1)?.seq ?? 0;
    if (view.seq <= last) return tail;
    if (last + 1 !== view.seq) return undefined;
    tail.push(view);
    if (tail.length > TAIL_SIZE) tail.splice(0, tail.length - TAIL_SIZE);
    return tail;
  }
}
