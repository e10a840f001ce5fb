// About 300 lines: task create, update, move and delete, each with its crash-safe activity; the
// placement, comments, views and personal data live in their own files beside it.
import type { BoardView } from '@maillage/contract';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { randomBytes, randomUUID } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { Connection, Model, Types } from 'mongoose';
import { newOperation, PendingActivityService } from '../activity/pending-activity.service';
import { NOT_BEING_REMOVED } from '../activity/schemas/pending-activity.schema';
import { AccessService, ProjectGrant } from '../common/access/access.service';
import { badRequest, notFound, ProblemException, staleVersion } from '../common/errors/problem.exception';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination/pagination';
import { ChecklistItemDto, CreateTaskDto, MoveTaskDto, TaskListQueryDto, UpdateTaskDto } from './dto/task.dto';
import { ChecklistItem, STATUS_RANK, Task } from './schemas/task.schema';
import { TaskComment } from './schemas/task-comment.schema';
import { compareTasks, TaskBoards, TaskRow } from './task-boards';
import { MAX_PLACEMENT_ATTEMPTS, TaskPlacement, WriteOutcome } from './task-placement';
import { BOARD_TASK_FIELDS, TaskView, toTaskView } from './task-views';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { oid } from '../common/ids';

export type { CommentView, TaskView } from './task-views';

/** Board order within a page cursor: column, place in the column, then id for ties. */
interface TaskCursor extends Record<string, unknown> {
  r: number;
  p: number;
  i: string;
}

export type BoardEncoding = 'br' | 'gzip' | 'identity';
/** Quality 5: a 4,000-task board in about 30 ms to 30 KB (11 would take seconds for a few KB less). */
const BROTLI_BOARD = { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } };

@Injectable()
export class TasksService implements OnModuleInit {
  constructor(
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    @InjectModel(TaskComment.name) private readonly comments: Model<TaskComment>,
    @InjectConnection() private readonly connection: Connection,
    private readonly access: AccessService,
    private readonly pending: PendingActivityService,
    private readonly boards: TaskBoards,
    private readonly placement: TaskPlacement,
  ) {}

  /**
   * Every task change carries its activity in the task document (PendingActivityService). The
   * builders also bring the board up to date, before the activity goes out: whoever finishes an
   * operation (the request, a retry, the start-up sweep) leaves the board showing what the log says.
   */
  onModuleInit(): void {
    const upserted = async (row: TaskRow) => {
      await this.boards.changed(row.projectId, { upsert: { ...row, pendingActivity: null } });
      return toTaskView(row);
    };
    this.pending.register<Task>({
      model: this.tasks,
      projectOf: (row) => row.projectId,
      build: {
        'task.created': async (row) => ({ task: await upserted(row) }),
        'task.updated': async (row, operation) => ({ task: await upserted(row), fields: operation.detail?.fields ?? [] }),
        'task.moved': async (row, operation) => ({
          task: await upserted(row),
          from: operation.detail?.from,
          afterTaskId: operation.detail?.afterTaskId ?? null,
        }),
        // The task is the anchor of its comments' removal.
        'task.deleted': async (row) => {
          await this.boards.changed(row.projectId, { removedId: String(row._id) });
          await this.comments.deleteMany({ taskId: row._id });
          return { task: toTaskView(row) };
        },
      },
    });
  }

  // ---------------------------------------------------------------- tasks

  async listTasks(userId: string, projectId: string, query: TaskListQueryDto): Promise<Page<TaskView>> {
    const grant = await this.access.requireProject(userId, projectId, 'project.read');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const cursor = this.readTaskCursor(query.cursor);
    const statusRank = query.status ? STATUS_RANK[query.status] : undefined;
    const dueBefore = query.dueBefore ? new Date(query.dueBefore).getTime() : undefined;
    const matches = (row: TaskRow) =>
      (statusRank === undefined || row.statusRank === statusRank) &&
      (!query.assigneeAssociationId || String(row.assigneeAssociationId) === query.assigneeAssociationId) &&
      (!query.assigneeUserId || (row.assigneeUserIds ?? []).some((id) => String(id) === query.assigneeUserId)) &&
      (dueBefore === undefined || (!!row.dueDate && new Date(row.dueDate).getTime() < dueBefore));

    const sorted = (await this.boards.current(grant.project._id)).sorted();
    let index = 0;
    if (cursor) {
      // First task strictly after the cursor, by binary search in board order.
      const after = { statusRank: cursor.r, position: cursor.p, _id: cursor.i as unknown as Types.ObjectId };
      let high = sorted.length;
      while (index < high) {
        const middle = (index + high) >>> 1;
        if (compareTasks(sorted[middle], after) <= 0) index = middle + 1;
        else high = middle;
      }
    }
    const rows: TaskRow[] = [];
    for (; index < sorted.length && rows.length <= limit; index++) if (matches(sorted[index])) rows.push(sorted[index]);
    const page = toPage(rows, limit, (last) => ({ r: last.statusRank, p: last.position, i: String(last._id) }));
    return { items: page.items.map((row) => toTaskView(row)), nextCursor: page.nextCursor };
  }

  /**
   * The whole board in one answer, by field (see BoardView): what a client opening the board needs,
   * as JSON encoded with `encoding`. Compressed once per state of the board (every client opening
   * it gets the same bytes), not once per request.
   */
  async encodedBoard(userId: string, projectId: string, encoding: BoardEncoding): Promise<Buffer> {
    const grant = await this.access.requireProject(userId, projectId, 'project.read');
    const board = await this.boards.current(grant.project._id);
    const json = () => {
      const views = board.sorted().map((row) => toTaskView(row));
      const tasks = Object.fromEntries(BOARD_TASK_FIELDS.map((field) => [field, views.map((view) => view[field])])) as BoardView['tasks'];
      return Buffer.from(JSON.stringify({ projectId: String(grant.project._id), count: views.length, tasks } satisfies BoardView));
    };
    // Only the compressed forms are kept: a tenth of the size, and what browsers ask for.
    if (encoding === 'identity') return json();
    return board.memo(`board:${encoding}`, () => (encoding === 'br' ? brotliCompressSync(json(), BROTLI_BOARD) : gzipSync(json())));
  }

  async getTask(userId: string, taskId: string): Promise<TaskView> {
    const { task } = await this.loadTask(userId, taskId, 'project.read');
    return toTaskView(task);
  }

  /** Appends the task at the end of its column. A repeated clientId answers the stored task. */
  async createTask(userId: string, projectId: string, input: CreateTaskDto): Promise<{ created: boolean; task: TaskView }> {
    const grant = await this.access.requireProject(userId, projectId, 'project.write');
    const project = grant.project._id;
    if (input.clientId) {
      const existing = (await this.boards.current(project)).withClientId(input.clientId);
      if (existing) return { created: false, task: await this.stored(existing) };
    }
    await this.checkReferences(grant, input);
    const status = input.status ?? 'todo';
    const statusRank = STATUS_RANK[status];
    const clientId = input.clientId ?? `server:${randomUUID()}`;
    const fields = {
      projectId: project,
      title: input.title,
      description: input.description ?? '',
      status,
      statusRank,
      assigneeAssociationId: input.assigneeAssociationId ? oid(input.assigneeAssociationId) : null,
      assigneeUserIds: this.uniqueIds(input.assigneeUserIds ?? []),
      dueDate: input.dueDate ? new Date(input.dueDate) : null,
      checklist: this.normalizeChecklist(input.checklist ?? []),
      eventId: input.eventId ? oid(input.eventId) : null,
      createdBy: oid(userId),
      clientId,
      version: 1,
    };

    const operation = newOperation('task.created', userId);
    let stored: TaskRow | undefined;
    for (let attempt = 1; !stored; attempt++) {
      const position = this.placement.endOfColumn(await this.boards.current(project), statusRank);
      try {
        // The builder puts it on the board, then task.created is appended.
        stored = (await this.pending.insert(this.tasks, { ...fields, position }, operation)).row;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Either the same clientId won a race (answer its task) or another task took this place (retry).
        const existing = await this.tasks.findOne({ projectId: project, clientId }).lean<TaskRow>();
        if (existing) return { created: false, task: await this.stored(existing) };
        if (attempt >= MAX_PLACEMENT_ATTEMPTS) throw this.placement.busy();
      }
    }
    return { created: true, task: toTaskView(stored) };
  }

  /**
   * A retry's answer: the stored task, its task.created finished first if a crash cut it. The board's
   * copy may predate that: the stored document says.
   */
  private async stored(row: TaskRow): Promise<TaskView> {
    const current = row.pendingActivity ? await this.tasks.findById(row._id).lean<TaskRow>() : row;
    if (current?.pendingActivity) await this.pending.settle(this.tasks, current);
    return toTaskView(current ?? row);
  }

  async updateTask(userId: string, taskId: string, input: UpdateTaskDto): Promise<TaskView> {
    const { task, grant } = await this.loadTask(userId, taskId, 'project.write');
    if (input.version !== task.version) throw staleVersion(toTaskView(task));
    await this.checkReferences(grant, input);

    const set: Partial<Task> = {};
    if (input.title !== undefined) set.title = input.title;
    if (input.description !== undefined) set.description = input.description;
    if (input.assigneeAssociationId !== undefined) set.assigneeAssociationId = input.assigneeAssociationId ? oid(input.assigneeAssociationId) : null;
    if (input.assigneeUserIds !== undefined) set.assigneeUserIds = this.uniqueIds(input.assigneeUserIds);
    if (input.dueDate !== undefined) set.dueDate = input.dueDate ? new Date(input.dueDate) : null;
    if (input.checklist !== undefined) set.checklist = this.normalizeChecklist(input.checklist);
    if (input.eventId !== undefined) set.eventId = input.eventId ? oid(input.eventId) : null;
    const changesColumn = input.status !== undefined && input.status !== task.status;
    if (!changesColumn && !Object.keys(set).length) return toTaskView(task);
    // The log names what changed: a form sends every field, the feed says which ones differ.
    const before = toTaskView(task);
    const after = toTaskView({ ...task, ...set } as TaskRow);
    const changedFields = Object.keys(set)
      .filter((key): key is keyof TaskView => key in before && JSON.stringify(before[key as keyof TaskView]) !== JSON.stringify(after[key as keyof TaskView]))
      .concat(changesColumn ? ['status'] : []);

    let updated: TaskRow | undefined;
    for (let attempt = 1; !updated; attempt++) {
      if (changesColumn) {
        set.status = input.status;
        set.statusRank = STATUS_RANK[input.status!];
        set.position = this.placement.endOfColumn(await this.boards.current(task.projectId), set.statusRank);
      }
      try {
        const operation = newOperation('task.updated', userId, { fields: changedFields });
        const outcome = await this.placement.writeTask(task, set, operation);
        if (!('task' in outcome)) throw await this.staleOrGone(task._id);
        updated = outcome.task;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        if (attempt >= MAX_PLACEMENT_ATTEMPTS) throw this.placement.busy();
      }
    }
    return toTaskView(updated);
  }

  /**
   * Puts the task right after `afterTaskId` in the `status` column (first when absent or null). The
   * new position lies between the two neighbours, so only the moved task is written; racing moves
   * that pick the same place collide on the unique (column, position) index and retry.
   */
  async moveTask(userId: string, taskId: string, input: MoveTaskDto): Promise<TaskView> {
    const loaded = await this.loadTask(userId, taskId, 'project.write');
    let task = loaded.task;
    if (input.version !== undefined && input.version !== task.version) throw staleVersion(toTaskView(task));
    if (input.afterTaskId === taskId) throw badRequest('afterTaskId', 'cannot be the moved task itself');
    const from = { status: task.status, position: task.position };
    const statusRank = STATUS_RANK[input.status];

    let moved: TaskRow | undefined;
    for (let attempt = 1; !moved; attempt++) {
      if (attempt > MAX_PLACEMENT_ATTEMPTS) throw this.placement.busy();
      const position = await this.placement.placeAfter(await this.boards.current(task.projectId), task, statusRank, input.afterTaskId ?? null);
      if (position === undefined) {
        // The column was renumbered, which may have bumped this task's version too: start again from it.
        const fresh = await this.tasks.findById(task._id).lean<TaskRow>();
        if (!fresh) throw notFound('Task');
        task = fresh;
        continue;
      }
      let outcome: WriteOutcome;
      try {
        const operation = newOperation('task.moved', userId, { from, afterTaskId: input.afterTaskId ?? null });
        outcome = await this.placement.writeTask(task, { status: input.status, statusRank, position }, operation);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        continue; // another task took this place first
      }
      if ('task' in outcome) {
        moved = outcome.task;
      } else {
        // Changed meanwhile: a client that named its version must see the conflict; others just move.
        if (input.version !== undefined || 'gone' in outcome) throw await this.staleOrGone(task._id);
        const fresh = await this.tasks.findById(task._id).lean<TaskRow>();
        if (!fresh) throw notFound('Task');
        task = fresh;
      }
    }
    return toTaskView(moved);
  }

  async deleteTask(userId: string, taskId: string): Promise<void> {
    const { task } = await this.loadTask(userId, taskId, 'project.write');
    const deleted = await this.pending.remove(this.tasks, { _id: task._id, ...NOT_BEING_REMOVED }, newOperation('task.deleted', userId));
    if (!deleted) throw notFound('Task');
  }

  // ---------------------------------------------------------------- helpers

  /** The task and the caller's grant on its project; missing and hidden answer the same 404. */
  private async loadTask(userId: string, taskId: string, permission: 'project.read' | 'project.write'): Promise<{ task: TaskRow; grant: ProjectGrant }> {
    const { child: task, grant } = await this.access.requireProjectChild(userId, this.tasks, taskId, permission, 'Task');
    return { task, grant };
  }

  /** Assignees must take part in the project; an event must belong to it. */
  private async checkReferences(
    grant: ProjectGrant,
    input: { assigneeAssociationId?: string | null; assigneeUserIds?: string[]; eventId?: string | null },
  ): Promise<void> {
    const projectId = grant.project._id;
    const needsPartners = !!input.assigneeAssociationId || !!input.assigneeUserIds?.length;
    const activeAssociationIds = needsPartners ? await this.access.activePartnerIds(projectId) : [];
    if (input.assigneeAssociationId && !activeAssociationIds.includes(input.assigneeAssociationId)) {
      throw badRequest('assigneeAssociationId', 'must be an active partner association of the project', 'not_active_partner');
    }
    if (input.assigneeUserIds?.length) {
      const wanted = this.uniqueIds(input.assigneeUserIds);
      const found = await this.access.membersAmong(wanted, activeAssociationIds);
      if (wanted.some((id) => !found.has(String(id)))) {
        throw badRequest('assigneeUserIds', 'must be members of active partner associations of the project', 'not_project_member');
      }
    }
    if (input.eventId) {
      // The events feature owns that collection; only its id and project are read here.
      const event = await this.connection.collection('events').findOne({ _id: oid(input.eventId), projectId }, { projection: { _id: 1 } });
      if (!event) throw badRequest('eventId', 'must be an event of this project');
    }
  }

  private async staleOrGone(taskId: Types.ObjectId): Promise<ProblemException> {
    const current = await this.tasks.findById(taskId).lean<TaskRow>();
    return current ? staleVersion(toTaskView(current)) : notFound('Task');
  }

  private readTaskCursor(raw: string | undefined): TaskCursor | undefined {
    const cursor = decodeCursor<TaskCursor>(raw);
    if (cursor && (typeof cursor.r !== 'number' || typeof cursor.p !== 'number' || typeof cursor.i !== 'string' || !Types.ObjectId.isValid(cursor.i))) {
      throw badRequest('cursor', 'is not a cursor this server gave');
    }
    return cursor;
  }

  private uniqueIds(ids: string[]): Types.ObjectId[] {
    return [...new Set(ids.map((id) => id.toLowerCase()))].map(oid);
  }

  /** Keeps given item ids (clients tick items by id), generates missing ones, refuses duplicates. */
  private normalizeChecklist(items: ChecklistItemDto[]): ChecklistItem[] {
    const seen = new Set<string>();
    return items.map((item, index) => {
      const id = item.id ?? randomBytes(6).toString('base64url');
      if (seen.has(id)) throw badRequest(`checklist.${index}.id`, 'is used by another item');
      seen.add(id);
      return { id, text: item.text, done: item.done ?? false };
    });
  }
}
