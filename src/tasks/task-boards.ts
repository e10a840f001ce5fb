import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { NOT_BEING_REMOVED } from '../activity/schemas/pending-activity.schema';
import { Model, Types } from 'mongoose';
import { ClaimedStamps, StampedCache, StampHead } from '../database/stamped-cache';
import { Task } from './schemas/task.schema';

export type TaskRow = Task & { _id: Types.ObjectId };

/** The model of the task boards' stamps, one per project (collection `stamps_task_boards`). */
export const TASK_BOARD_STAMP = 'TaskBoardStamp';
/** How many projects' boards one instance keeps in memory. */
const MAX_BOARDS = 200;
/**
 * Boards are read one project at a time, so their stamps' head is only a hint: raised at every 8th
 * task write, it saves one round trip on the other seven (bench:realtime, PATCH before its activity).
 */
const BOARD_HEAD_EVERY = 8;

/** Board order: column, then position, then id for ties. */
export function compareTasks(a: Pick<TaskRow, 'statusRank' | 'position' | '_id'>, b: Pick<TaskRow, 'statusRank' | 'position' | '_id'>): number {
  if (a.statusRank !== b.statusRank) return a.statusRank - b.statusRank;
  if (a.position !== b.position) return a.position - b.position;
  const [left, right] = [String(a._id), String(b._id)];
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The tasks of one project as stored at one stamp. Changes apply in any order (newest version wins). */
export class Board {
  private readonly rows = new Map<string, TaskRow>();
  private readonly deleted = new Set<string>();
  private readonly byClientId = new Map<string, string>();
  private ordered: TaskRow[] | undefined;
  /** What was computed from this state of the board (e.g. its compressed answer), dropped at each change. */
  private readonly derived = new Map<string, unknown>();

  constructor(rows: TaskRow[]) {
    for (const row of rows) this.upsert(row);
  }

  /** All tasks in board order. */
  sorted(): TaskRow[] {
    this.ordered ??= [...this.rows.values()].sort(compareTasks);
    return this.ordered;
  }

  /** `compute()` once per state of the board. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.derived.has(key)) this.derived.set(key, compute());
    return this.derived.get(key) as T;
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
    this.derived.clear();
  }

  remove(taskId: string): void {
    const known = this.rows.get(taskId);
    if (known) this.byClientId.delete(known.clientId);
    this.rows.delete(taskId);
    this.deleted.add(taskId);
    this.ordered = undefined;
    this.derived.clear();
  }
}

/**
 * In-memory boards, checked against the project's stamp on every use (see StampedCache for why a
 * board is never served stale). A board of 5,000 tasks read page by page would scan the tasks
 * collection 25 times on FerretDB; here a page costs one read of the stamp, and the tasks are read
 * again only when another instance changed them. Changes made by this instance are applied in
 * place. Every task write must go through `changed` after it is stored (TasksService does).
 */
@Injectable()
export class TaskBoards {
  private readonly boards: StampedCache<Board>;

  constructor(
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    @InjectModel(TASK_BOARD_STAMP) stamps: Model<StampHead>,
  ) {
    this.boards = new StampedCache(new ClaimedStamps(stamps, { headEvery: BOARD_HEAD_EVERY }), { maxSize: MAX_BOARDS });
  }

  /** The project's board as currently stored. */
  current(projectId: Types.ObjectId): Promise<Board> {
    // A task whose deletion is under way is gone already for readers.
    return this.boards.get(String(projectId), async () => new Board(await this.tasks.find({ projectId, ...NOT_BEING_REMOVED }).lean<TaskRow[]>()));
  }

  /** Records a stored change: stamps the project, and applies the change to the board in memory. */
  async changed(projectId: Types.ObjectId, change: { upsert?: TaskRow; removedId?: string }): Promise<void> {
    await this.boards.stampAfterWrite(String(projectId), (board) => {
      if (change.upsert) board.upsert(change.upsert);
      if (change.removedId) board.remove(change.removedId);
      return board;
    });
  }
}
