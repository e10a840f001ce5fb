import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { FilterQuery, Model, Types, UpdateQuery } from 'mongoose';
import type { ActivityView } from '@maillage/contract';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvent, UnloggedOperationDone } from '../common/domain-events';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { IdOnlyWrites } from '../database/id-only-writes';
import { ActivityService } from './activity.service';
import { NO_PENDING_ACTIVITY, PendingActivity } from './schemas/pending-activity.schema';

/** A stored document of a tracked collection, as `lean()` reads it. */
export type TrackedRow<T> = T & { _id: Types.ObjectId; pendingActivity?: PendingActivity | null };

/**
 * Builds an activity's data from the document as the operation wrote it. A builder may first
 * finish the operation's other writes, each idempotent (the document is the anchor of a
 * multi-document operation). It answers null when it found the operation must not stand and undid
 * it (conditioned on the operation's opId): no activity is appended then.
 */
export type ActivityBuilder<T> = (row: TrackedRow<T>, operation: PendingActivity) => Promise<Record<string, unknown> | null>;

/** What a feature registers for each collection whose writes append activity. */
export interface TrackedCollection<T> {
  model: Model<T>;
  /** The project whose log receives the activity; null: this document's changes are not logged. */
  projectOf: (row: TrackedRow<T>) => Types.ObjectId | null | undefined;
  /** One builder per activity type written through this collection. */
  build: Record<string, ActivityBuilder<T>>;
}

export interface Completed<T> {
  row: TrackedRow<T>;
  /** Null when the operation was undone by its builder, or logs nothing (projectOf null). */
  activity: ActivityView | null;
}

/** A new operation, to be written into the entity by insert, update or remove below. */
export function newOperation(type: string, actorId: string | Types.ObjectId | null, detail: Record<string, unknown> | null = null): PendingActivity {
  return { opId: new Types.ObjectId(), type, actorId: actorId ? new Types.ObjectId(String(actorId)) : null, at: new Date(), detail, removes: false };
}

/** The same operation also logs `type` right after its own activity (e.g. requested, then approved). */
export function withFollowUp(operation: PendingActivity, type: string): PendingActivity {
  return { ...operation, followUps: [...(operation.followUps ?? []), { opId: new Types.ObjectId(), type }] };
}

/** The activity data an operation appended under `key` (e.g. the entity's view), to answer the request with. */
export function appendedData<V>(done: Completed<unknown>, key: string): V {
  const value = (done.activity?.data as Record<string, unknown> | undefined)?.[key];
  if (value === undefined) throw new Error(`The ${done.activity?.type ?? 'undone'} activity carries no ${key}`);
  return value as V;
}

/** How often a write may find the document busy with another unfinished operation and finish it. */
const MAX_HELPS = 200;
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 5_000;

/**
 * Entity and activity, written so that a crash leaves both or lets anyone finish the missing half —
 * without transactions (FerretDB has none), from single-document atomic writes and unique indexes.
 *
 * 1. The entity write carries, in the same document write, `pendingActivity {opId, type, actorId, at}`.
 *    Conditional writes also require `pendingActivity: null`: a document with an unfinished operation
 *    is finished first (step 2 and 3), then the write is tried again.
 * 2. The activity is appended with `_id: opId` (ActivityService.appendOnce): appending the same
 *    operation twice stores it once, and the seq is still claimed by the unique (projectId, seq)
 *    insert, so no gap and no duplicate whoever finishes it.
 * 3. The marker is cleared, conditioned on its opId (or the document deleted, for a removal).
 *
 * A crash after 1 leaves a marker; it is finished by the next write to that document, by a retry
 * that finds the entity (same clientId), by this instance's retry timer when the failure happened
 * here, and by the sweep at start-up. Every step is idempotent, so any number of finishers may race.
 */
@Injectable()
export class PendingActivityService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PendingActivityService.name);
  private readonly collections = new Map<string, TrackedCollection<unknown>>();
  private readonly retries = new Map<string, { attempt: number; timer: NodeJS.Timeout }>();
  private stopped = false;

  constructor(
    private readonly activity: ActivityService,
    private readonly events: EventEmitter2,
    private readonly writes: IdOnlyWrites,
  ) {}

  /** Several services may register builders for the same collection; their builders add up. */
  register<T>(collection: TrackedCollection<T>): void {
    const known = this.collections.get(collection.model.modelName) as TrackedCollection<T> | undefined;
    const merged = known ? { ...collection, build: { ...known.build, ...collection.build } } : collection;
    this.collections.set(collection.model.modelName, merged as unknown as TrackedCollection<unknown>);
  }

  /**
   * Creates a document that owes its activity, then appends it. `before` runs in between (e.g. a
   * write that needs the new id) and answers the document as it then is; if it throws, the document
   * is deleted again and nothing is logged. A crash in between logs the document as it was left.
   */
  async insert<T>(
    model: Model<T>,
    fields: Record<string, unknown>,
    operation: PendingActivity,
    before?: (row: TrackedRow<T>) => Promise<TrackedRow<T>>,
  ): Promise<Completed<T>> {
    let row = await this.insertMarked(model, fields, operation);
    const _id = row._id;
    if (before) {
      try {
        row = await before(row);
      } catch (error) {
        await this.writes.deleteOne(model, { _id, 'pendingActivity.opId': operation.opId } as FilterQuery<T>);
        throw error;
      }
    }
    return { row, activity: await this.complete(model, row) };
  }

  /**
   * Step 1 alone: creates a document that owes its activity, for a caller that settles it later (or
   * deletes it unlogged, e.g. an all-or-nothing series that failed).
   */
  async insertMarked<T>(model: Model<T>, fields: Record<string, unknown>, operation: PendingActivity): Promise<TrackedRow<T>> {
    const _id = (fields._id as Types.ObjectId | undefined) ?? new Types.ObjectId();
    try {
      return (await model.create({ ...fields, _id, pendingActivity: operation })).toObject() as TrackedRow<T>;
    } catch (error) {
      // The insert may have happened with its answer lost: look again once the database is back.
      if (!isDuplicateKeyError(error)) this.retryLater(model, _id);
      throw error;
    }
  }

  /**
   * Applies `update` to the document matching `filter` (with `new: true`) and appends the activity.
   * Null when nothing matches, as findOneAndUpdate would answer.
   */
  async update<T>(model: Model<T>, filter: FilterQuery<T>, update: UpdateQuery<T>, operation: PendingActivity): Promise<Completed<T> | null> {
    const row = await this.updateMarked(model, filter, update, operation);
    return row ? { row, activity: await this.complete(model, row) } : null;
  }

  /**
   * Step 1 alone of update(): the document as written with the operation it owes (null when nothing
   * matches), for a caller that settles it later, after more writes (the anchor of a multi-document
   * operation). An unfinished operation in the way is finished first.
   */
  async updateMarked<T>(model: Model<T>, filter: FilterQuery<T>, update: UpdateQuery<T>, operation: PendingActivity): Promise<TrackedRow<T> | null> {
    const marked = { ...update, $set: { ...(update.$set ?? {}), pendingActivity: operation } } as UpdateQuery<T>;
    for (let help = 0; help <= MAX_HELPS; help++) {
      let row: TrackedRow<T> | null;
      try {
        row = await this.writes.findOneAndUpdate<T, TrackedRow<T>>(model, { ...filter, ...NO_PENDING_ACTIVITY } as FilterQuery<T>, marked);
      } catch (error) {
        if (!isDuplicateKeyError(error) && filter._id) this.retryLater(model, filter._id as Types.ObjectId);
        throw error;
      }
      if (row) return row;
      const busy = await this.writes.findOne<T, TrackedRow<T>>(model, { ...filter, pendingActivity: { $ne: null } } as FilterQuery<T>);
      if (!busy) return null;
      await this.complete(model, busy);
    }
    throw new Error(`${model.modelName}: too many unfinished operations in the way`);
  }

  /**
   * Deletes the document matching `filter` and appends the activity: the document is first marked
   * (hidden from readers that filter with NOT_BEING_REMOVED), then the activity appended, then the
   * document deleted. Answers the document as it was, or null when nothing matches.
   */
  remove<T>(model: Model<T>, filter: FilterQuery<T>, operation: PendingActivity): Promise<Completed<T> | null> {
    return this.update(model, filter, {}, { ...operation, removes: true });
  }

  /** Finishes what a stored document still owes, if anything (a retry that found the entity). */
  async settle<T>(model: Model<T>, row: TrackedRow<T>): Promise<ActivityView | null> {
    return row.pendingActivity ? this.complete(model, row) : null;
  }

  /** Finishes every unfinished operation of every tracked collection, oldest first. */
  async sweep(): Promise<number> {
    let finished = 0;
    for (const collection of this.collections.values()) {
      const rows = await collection.model
        .find({ pendingActivity: { $ne: null } })
        .sort({ 'pendingActivity.at': 1 })
        .lean<TrackedRow<unknown>[]>();
      for (const row of rows) {
        try {
          await this.complete(collection.model, row);
          finished++;
        } catch (error) {
          this.logger.warn(
            `Could not finish ${row.pendingActivity?.type} of ${collection.model.modelName} ${String(row._id)} yet: ${(error as Error).message}`,
          );
        }
      }
    }
    return finished;
  }

  onApplicationBootstrap(): void {
    // In the background: serving does not wait for it, and every path above finishes on its own too.
    void this.sweep()
      .then((count) => count && this.logger.log(`Finished ${count} operations cut short before this start`))
      .catch((error: Error) => this.logger.warn(`Start-up sweep of unfinished operations failed: ${error.message}`));
  }

  onModuleDestroy(): void {
    this.stopped = true;
    for (const { timer } of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
  }

  private async complete<T>(model: Model<T>, row: TrackedRow<T>): Promise<ActivityView | null> {
    const operation = row.pendingActivity;
    if (!operation) return null;
    const collection = this.collections.get(model.modelName) as TrackedCollection<T> | undefined;
    const build = collection?.build[operation.type];
    if (!collection || !build) throw new Error(`No activity builder registered for ${operation.type} on ${model.modelName}`);
    try {
      const data = await build(row, operation);
      const projectId = collection.projectOf(row);
      let activity: ActivityView | null = null;
      if (data && projectId) {
        activity = (await this.activity.appendOnce(projectId, operation, data)).activity;
        for (const followUp of operation.followUps ?? []) await this.activity.appendOnce(projectId, { ...operation, ...followUp }, data);
      }
      // No log to announce it: listeners (notifications) still hear of it, perhaps more than once
      // when finishers race, so they key what they do on opId.
      if (data && !projectId) {
        const done: UnloggedOperationDone = {
          opId: String(operation.opId),
          type: operation.type,
          actorId: operation.actorId ? String(operation.actorId) : null,
          data,
        };
        this.events.emit(DomainEvent.UnloggedOperationDone, done);
      }
      const mine = { _id: row._id, 'pendingActivity.opId': operation.opId } as FilterQuery<T>;
      if (operation.removes && (activity || (data && !projectId))) await this.writes.deleteOne(model, mine);
      else await this.writes.updateOne(model, mine, { $set: { pendingActivity: null } } as UpdateQuery<T>, { timestamps: false });
      return activity;
    } catch (error) {
      this.retryLater(model, row._id);
      throw error;
    }
  }

  /**
   * Keeps trying, with backoff, to finish a document's operation that failed here (database down),
   * if the document turns out to carry one: for a write whose outcome is unknown.
   */
  retryLater<T>(model: Model<T>, id: Types.ObjectId): void {
    if (this.stopped) return;
    const key = `${model.modelName}:${String(id)}`;
    const previous = this.retries.get(key);
    if (previous) clearTimeout(previous.timer);
    const attempt = (previous?.attempt ?? 0) + 1;
    const timer = setTimeout(
      () => {
        void (async () => {
          const row = await model.findById(id).lean<TrackedRow<T>>();
          if (row?.pendingActivity) await this.complete(model, row);
          if (this.retries.get(key)?.timer === timer) this.retries.delete(key);
        })().catch(() => {
          // complete() has rescheduled itself; a failed lookup reschedules here.
          if (this.retries.get(key)?.timer === timer) this.retryLater(model, id);
        });
      },
      Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (attempt - 1)),
    );
    timer.unref();
    this.retries.set(key, { attempt, timer });
  }
}
