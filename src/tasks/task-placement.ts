import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { newOperation, PendingActivityService, TrackedRow } from '../activity/pending-activity.service';
import { PendingActivity } from '../activity/schemas/pending-activity.schema';
import { badRequest, ProblemException } from '../common/errors/problem.exception';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { STATUS_RANK, Task, TaskStatus } from './schemas/task.schema';
import { Board, TaskBoards, TaskRow } from './task-boards';

/** Distance between neighbours when a task goes to an end of a column or a column is renumbered. */
const POSITION_STEP = 1024;
/** Below this gap, midpoints stop being distinct enough: the column is renumbered. */
const MIN_POSITION_GAP = 1e-9;
/** Racing writers that picked the same place retry; the unique index makes them lose cleanly. */
export const MAX_PLACEMENT_ATTEMPTS = 50;

/** Outcome of a versioned write: the task as written, or why it was not. */
export type WriteOutcome = { task: TaskRow } | { stale: true } | { gone: true };

/**
 * Where tasks sit in their column, and the versioned write every task change goes through. Positions
 * are numbers with gaps, unique per (project, column): a move writes only the moved task.
 */
@Injectable()
export class TaskPlacement implements OnModuleInit {
  constructor(
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    private readonly pending: PendingActivityService,
    private readonly boards: TaskBoards,
  ) {}

  onModuleInit(): void {
    this.pending.register<Task>({
      model: this.tasks,
      projectOf: (row) => row.projectId,
      build: {
        // The renumbering's first write is its anchor: the log lists what sits above `base` now.
        'task.renumbered': async (row, operation) => {
          const statusRank = Number(operation.detail?.statusRank);
          const base = Number(operation.detail?.base);
          const rows = await this.tasks
            .find({ projectId: row.projectId, statusRank, position: { $gte: base } }, { position: 1, version: 1 })
            .sort({ position: 1 })
            .lean<TaskRow[]>();
          const status = (Object.keys(STATUS_RANK) as TaskStatus[]).find((key) => STATUS_RANK[key] === statusRank);
          return { status, tasks: rows.map((task) => ({ id: String(task._id), position: task.position, version: task.version })) };
        },
      },
    });
  }

  /**
   * Writes the next version of a task read at `task.version`, atomically conditional on that version
   * (on FerretDB the app's single connection makes it so; see src/database/server-detection.ts).
   * Throws the unique violation when `set` puts the task on a position already taken.
   */
  async writeTask(task: TaskRow, set: Partial<Task>, operation?: PendingActivity): Promise<WriteOutcome> {
    const filter = { _id: task._id, version: task.version };
    const update = { $set: set, $inc: { version: 1 } };
    // With an operation, the write carries the activity it owes and the activity is appended.
    const written = operation
      ? (await this.pending.update(this.tasks, filter, update, operation))?.row
      : await this.tasks.findOneAndUpdate(filter, update, { new: true }).lean<TaskRow>();
    if (written) return { task: written };
    return (await this.tasks.exists({ _id: task._id })) ? { stale: true } : { gone: true };
  }

  /** A position after the last task of the column, with a little jitter so racing creates rarely collide. */
  endOfColumn(board: Board, statusRank: number): number {
    const column = board.sorted().filter((row) => row.statusRank === statusRank);
    return (column.at(-1)?.position ?? 0) + POSITION_STEP + Math.floor(Math.random() * (POSITION_STEP / 2));
  }

  /**
   * A free position right after `afterTaskId` (or first) in the column, ignoring the moved task
   * itself; undefined when the column had to be renumbered first.
   */
  async placeAfter(board: Board, task: TaskRow, statusRank: number, afterTaskId: string | null): Promise<number | undefined> {
    const column = board.sorted().filter((row) => row.statusRank === statusRank && !row._id.equals(task._id));
    let lower: number | undefined;
    let next: TaskRow | undefined;
    if (afterTaskId) {
      const after = board.get(afterTaskId);
      if (!after || after.statusRank !== statusRank) throw badRequest('afterTaskId', 'must be a task of the target column');
      lower = after.position;
      next = column[column.indexOf(after) + 1];
    } else {
      next = column[0];
    }
    const upper = next?.position;
    if (lower === undefined && upper === undefined) return POSITION_STEP;
    if (lower === undefined) return upper! - POSITION_STEP;
    if (upper === undefined) return lower + POSITION_STEP;
    // Somewhere in the middle half of the gap: racing moves to one place rarely pick the same number.
    const candidate = lower + (upper - lower) * (0.25 + Math.random() * 0.5);
    if (upper - lower < MIN_POSITION_GAP || !(candidate > lower && candidate < upper)) {
      await this.renumberColumn(board, task.projectId, statusRank);
      return undefined;
    }
    return candidate;
  }

  /** Too many racing writers picked the same places in a row. */
  busy(): ProblemException {
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'The board is too busy right now; try again', { code: 'busy' });
  }

  /**
   * Spreads a column's positions out again, keeping its order. Tasks are rewritten from the last to
   * the first onto fresh positions above the current maximum, so at every instant (and if this stops
   * half-way) the column is still in order: untouched tasks first, rewritten ones after. A task that
   * changed meanwhile stops the renumbering there (its version is stale), which keeps that order.
   */
  private async renumberColumn(board: Board, projectId: Types.ObjectId, statusRank: number): Promise<void> {
    const rows = board.sorted().filter((row) => row.statusRank === statusRank);
    if (!rows.length) return;
    const base = Math.ceil(rows[rows.length - 1].position) + POSITION_STEP;
    // The first task rewritten carries the renumbering's task.renumbered, appended once all are done
    // (or, after a crash, by whoever finishes it, with what was rewritten by then).
    const operation = newOperation('task.renumbered', null, { statusRank, base });
    let anchor: TrackedRow<Task> | null = null;
    for (let index = rows.length - 1; index >= 0; index--) {
      const filter = { _id: rows[index]._id, version: rows[index].version };
      const update = { $set: { position: base + index * POSITION_STEP }, $inc: { version: 1 } };
      let written: TaskRow | null;
      try {
        written = anchor
          ? await this.tasks.findOneAndUpdate(filter, update, { new: true }).lean<TaskRow>()
          : await this.pending.updateMarked(this.tasks, filter, update, operation);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        break; // a racing create took a spot up there; the column is still in order, the caller retries
      }
      if (!written) break; // this task changed meanwhile: stop here, the order still holds
      anchor ??= written;
      await this.boards.changed(projectId, { upsert: { ...written, pendingActivity: null } });
    }
    if (anchor) await this.pending.settle(this.tasks, anchor);
  }
}
