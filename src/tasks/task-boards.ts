import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { NOT_BEING_REMOVED } from '../activity/schemas/pending-activity.schema';
import { Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { Task } from './schemas/task.schema';
import { TaskBoardRevision } from './schemas/task-board.schema';

export type TaskRow = Task & { _id: Types.ObjectId };

/** How many projects' boards one instance keeps in memory. */
const MAX_BOARDS = 200;

/** Board order: column, then position, then id for ties. */
export function compareTasks(a: Pick<TaskRow, 'statusRank' | 'position' | '_id'>, b: Pick<TaskRow, 'statusRank' | 'position' | '_id'>): number {
  if (a.statusRank !== b.statusRank) return a.statusRank - b.statusRank;
  if (a.position !== b.position) return a.position - b.position;
  const [left, right] = [String(a._id), String(b._id)];
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The tasks of one project as stored at `revision`. Changes apply in any order (newest version wins). */
export class Board {
  private readonly rows = new Map<string, TaskRow>();
  private readonly deleted = new Set<string>();
  private readonly byClientId = new Map<string, string>();
  private ordered: TaskRow[] | undefined;

  constructor(
    public revision: number,
    rows: TaskRow[],
  ) {
    for (const row of rows) this.upsert(row);
  }

  /** All tasks in board order. */
  sorted(): TaskRow[] {
    this.ordered ??= [...this.rows.values()].sort(compareTasks);
    return this.ordered;
  }

  get(taskId: string): TaskRow | undefined {
    return this.rows.get(taskId);
  }

  withClientId(clientId: string): TaskRow | undefined {
    const id = this.byClientId.get(clientId);
    return id ? this.rows.get(id) : undefined;
  }

  upsert(row: TaskRow): void {
    const id = String(row._id);
    const known = this.rows.get(id);
    if (this.deleted.has(id) || (known && known.version > row.version)) return;
    this.rows.set(id, row);
    this.byClientId.set(row.clientId, id);
    this.ordered = undefined;
  }

  remove(taskId: string): void {
    const known = this.rows.get(taskId);
    if (known) this.byClientId.delete(known.clientId);
    this.rows.delete(taskId);
    this.deleted.add(taskId);
    this.ordered = undefined;
  }
}

/**
 * In-memory boards, checked against the project's stored revision on every use.
 *
 * FerretDB v1 (the embedded database) only pushes `_id` lookups down to SQLite: any other filter
 * reads and decodes the whole collection, so a board of 5,000 tasks read page by page would scan it
 * 25 times. Here a page costs one `_id` read of the revision; the tasks are read again only when
 * another instance changed them. Changes made by this instance are applied in place. Every task
 * write must go through `changed` after it is stored (TasksService does).
 */
@Injectable()
export class TaskBoards {
  private readonly boards = new Map<string, Board>();
  private readonly loading = new Map<string, Promise<Board>>();

  constructor(
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    @InjectModel(TaskBoardRevision.name) private readonly revisions: Model<TaskBoardRevision>,
  ) {}

  /** The project's board as currently stored. */
  async current(projectId: Types.ObjectId): Promise<Board> {
    const key = String(projectId);
    const head = await this.revisions.findById(projectId, { revision: 1 }).lean();
    const revision = head?.revision ?? 0;
    const board = this.boards.get(key);
    if (board && board.revision === revision) {
      // Most recently used last, so eviction drops the coldest board.
      this.boards.delete(key);
      this.boards.set(key, board);
      return board;
    }
    return this.load(projectId, revision);
  }

  /** Records a stored change: bumps the revision, and applies the change to the board in memory. */
  async changed(projectId: Types.ObjectId, change: { upsert?: TaskRow; removedId?: string }): Promise<void> {
    const key = String(projectId);
    let revision: number;
    try {
      revision = await this.bump(projectId);
    } catch (error) {
      this.boards.delete(key);
      throw error;
    }
    const board = this.boards.get(key);
    if (!board) return;
    if (board.revision !== revision - 1) {
      // Another change (maybe from another instance) came between: read the board again next time.
      this.boards.delete(key);
      return;
    }
    if (change.upsert) board.upsert(change.upsert);
    if (change.removedId) board.remove(change.removedId);
    board.revision = revision;
  }

  private async bump(projectId: Types.ObjectId): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        const head = await this.revisions
          .findOneAndUpdate({ _id: projectId }, { $inc: { revision: 1 } }, { upsert: true, new: true })
          .lean();
        return head!.revision;
      } catch (error) {
        // Two first changes of a project may race to create its revision; the loser just retries.
        if (!isDuplicateKeyError(error) || attempt >= 3) throw error;
      }
    }
  }

  private load(projectId: Types.ObjectId, revision: number): Promise<Board> {
    const key = `${projectId}:${revision}`;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const promise = (async () => {
      // A task whose deletion is under way is gone already for readers.
      const rows = await this.tasks.find({ projectId, ...NOT_BEING_REMOVED }).lean<TaskRow[]>();
      const board = new Board(revision, rows);
      const known = this.boards.get(String(projectId));
      if (!known || known.revision <= revision) {
        this.boards.delete(String(projectId));
        this.boards.set(String(projectId), board);
        if (this.boards.size > MAX_BOARDS) this.boards.delete(this.boards.keys().next().value!);
      }
      return board;
    })().finally(() => this.loading.delete(key));
    this.loading.set(key, promise);
    return promise;
  }
}
