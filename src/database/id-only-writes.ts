import { Inject, Injectable } from '@nestjs/common';
import type { FilterQuery, Model, UpdateQuery } from 'mongoose';
import { Types } from 'mongoose';
import sift from 'sift';
import { rowById } from './row-by-id';
import { IS_FERRETDB } from './server-detection';

/**
 * FerretDB v1.24.2 fault (SQLite backend): a filter reaches SQLite only when it is `{_id: value}`
 * alone. `{_id, …}` is answered by reading the collection in Go, in insertion order, until the
 * document turns up, so the newest document costs a read of the whole collection: clearing the
 * pending mark of a task just created, `{_id, 'pendingActivity.opId'}`, took 365 ms among 2,000 tasks
 * and about 1 s among 5,000, against 1.8 ms for a task created first. Minimal reproduction in
 * bench/RESULTS.md.
 *
 * On FerretDB, a conditional write of one document known by its `_id` is therefore done as: read it
 * by `_id` alone (indexed, see ferretdb-id-index.ts), test the rest of the filter here with sift (the
 * matcher mongoose itself uses, on the filter cast by the model's schema), write it by `_id` alone.
 * A lock per document in this process keeps the three steps together, as FerretDB's own update (a
 * read, then a write, on the instance's single connection) did. Other filters, and every write on
 * MongoDB, go to the server unchanged.
 */
@Injectable()
export class IdOnlyWrites {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(@Inject(IS_FERRETDB) private readonly ferretDb: boolean) {}

  /** findOneAndUpdate(filter, update, {new: true}).lean(), without a scan on FerretDB. */
  async findOneAndUpdate<T, R>(model: Model<T>, filter: FilterQuery<T>, update: UpdateQuery<T>): Promise<R | null> {
    const id = this.singleId(filter);
    if (id === null) return model.findOneAndUpdate(filter, update, { new: true }).lean<R>().exec();
    return this.locked(model, id, async () => {
      if (!(await this.stillMatches(model, id, filter))) return null;
      return model
        .findOneAndUpdate({ _id: id } as FilterQuery<T>, update, { new: true })
        .lean<R>()
        .exec();
    });
  }

  /** updateOne(filter, update, options): whether a document matched. */
  async updateOne<T>(model: Model<T>, filter: FilterQuery<T>, update: UpdateQuery<T>, options: { timestamps?: boolean } = {}): Promise<boolean> {
    const id = this.singleId(filter);
    if (id === null) return (await model.updateOne(filter, update, options)).matchedCount > 0;
    return this.locked(model, id, async () => {
      if (!(await this.stillMatches(model, id, filter))) return false;
      return (await model.updateOne({ _id: id } as FilterQuery<T>, update, options)).matchedCount > 0;
    });
  }

  /** deleteOne(filter): whether a document was deleted. */
  async deleteOne<T>(model: Model<T>, filter: FilterQuery<T>): Promise<boolean> {
    const id = this.singleId(filter);
    if (id === null) return (await model.deleteOne(filter)).deletedCount > 0;
    return this.locked(model, id, async () => {
      if (!(await this.stillMatches(model, id, filter))) return false;
      return (await model.deleteOne({ _id: id } as FilterQuery<T>)).deletedCount > 0;
    });
  }

  /** findOne(filter).lean(), without a scan on FerretDB. */
  async findOne<T, R>(model: Model<T>, filter: FilterQuery<T>): Promise<R | null> {
    const id = this.singleId(filter);
    if (id === null) return model.findOne(filter).lean<R>().exec();
    return this.matchingRow<T, R>(model, id, filter);
  }

  /** The `_id` the filter names, when the workaround applies (FerretDB, a single id among other terms). */
  private singleId(filter: object): Types.ObjectId | string | null {
    const id = (filter as { _id?: unknown })._id;
    const single = id instanceof Types.ObjectId || typeof id === 'string';
    if (!this.ferretDb || !single || Object.keys(filter).length === 1) return null;
    return id;
  }

  private async stillMatches<T>(model: Model<T>, id: Types.ObjectId | string, filter: FilterQuery<T>): Promise<boolean> {
    return (await this.matchingRow(model, id, filter)) !== null;
  }

  /** The document read by `_id` alone, if the rest of the filter matches it. */
  private async matchingRow<T, R = unknown>(model: Model<T>, id: Types.ObjectId | string, filter: FilterQuery<T>): Promise<R | null> {
    const row = (await rowById(model, id)) as R | null;
    // Cast as mongoose casts a query (string ids to ObjectIds, dates…), so the test is the server's.
    const cast = model.find(filter).cast(model) as Record<string, unknown>;
    return row !== null && sift(cast)(row) ? row : null;
  }

  private locked<T, R>(model: Model<T>, id: Types.ObjectId | string, work: () => Promise<R>): Promise<R> {
    const key = `${model.collection.collectionName}:${String(id)}`;
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(key, settled);
    void settled.then(() => {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    });
    return next;
  }
}
