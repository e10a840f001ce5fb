import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { randomBytes, randomUUID } from 'node:crypto';
import { Connection, FilterQuery, Model, Types } from 'mongoose';
import { Membership } from '../associations/schemas/membership.schema';
import type { CommentView, TaskView } from '@maillage/contract';
import { ActivityService } from '../activity/activity.service';
import { AccessService, ProjectGrant } from '../common/access/access.service';
import { badRequest, forbidden, notFound, ProblemException, staleVersion } from '../common/errors/problem.exception';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination/pagination';
import { Partner } from '../projects/schemas/partner.schema';
import { UserDataRegistry } from '../users/user-data.registry';
import { ChecklistItemDto, CreateTaskDto, MoveTaskDto, TaskListQueryDto, UpdateTaskDto } from './dto/task.dto';
import { ChecklistItem, STATUS_RANK, Task, TaskStatus } from './schemas/task.schema';
import { TaskComment } from './schemas/task-comment.schema';
import { Board, compareTasks, TaskBoards, TaskRow } from './task-boards';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { oid } from '../common/ids';

/** Distance between neighbours when a task goes to an end of a column or a column is renumbered. */
const POSITION_STEP = 1024;
/** Below this gap, midpoints stop being distinct enough: the column is renumbered. */
const MIN_POSITION_GAP = 1e-9;
/** Racing writers that picked the same place retry; the unique index makes them lose cleanly. */
const MAX_PLACEMENT_ATTEMPTS = 50;

type CommentRow = TaskComment & { _id: Types.ObjectId };

/** Outcome of a versioned write: the task as written, or why it was not. */
type WriteOutcome = { task: TaskRow } | { stale: true } | { gone: true };

/** Board order within a page cursor: column, place in the column, then id for ties. */
interface TaskCursor extends Record<string, unknown> {
  r: number;
  p: number;
  i: string;
}

const idOrNull = (id: Types.ObjectId | null | undefined) => (id ? String(id) : null);
const iso = (date: Date | string) => new Date(date).toISOString();

@Injectable()
export class TasksService implements OnModuleInit {
  constructor(
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    @InjectModel(TaskComment.name) private readonly comments: Model<TaskComment>,
    @InjectModel(Partner.name) private readonly partners: Model<Partner>,
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    @InjectConnection() private readonly connection: Connection,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly registry: UserDataRegistry,
    private readonly boards: TaskBoards,
  ) {}

  /** Views of board rows, computed once per stored version (rows are replaced, never mutated). */
  private readonly views = new WeakMap<TaskRow, TaskView>();

  onModuleInit(): void {
    this.registry.register({
      name: 'tasks',
      export: (userId) => this.exportUserData(userId),
      erase: (userId) => this.eraseUserData(userId),
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
    return { items: page.items.map((row) => this.toView(row)), nextCursor: page.nextCursor };
  }

  async getTask(userId: string, taskId: string): Promise<TaskView> {
    const { task } = await this.loadTask(userId, taskId, 'project.read');
    return this.toView(task);
  }

  /** Appends the task at the end of its column. A repeated clientId answers the stored task. */
  async createTask(userId: string, projectId: string, input: CreateTaskDto): Promise<{ created: boolean; task: TaskView }> {
    const grant = await this.access.requireProject(userId, projectId, 'project.write');
    const project = grant.project._id;
    if (input.clientId) {
      const existing = (await this.boards.current(project)).withClientId(input.clientId);
      if (existing) return { created: false, task: this.toView(existing) };
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

    let stored: TaskRow | undefined;
    for (let attempt = 1; !stored; attempt++) {
      const position = this.endOfColumn(await this.boards.current(project), statusRank);
      try {
        stored = (await this.tasks.create({ ...fields, position })).toObject() as TaskRow;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Either the same clientId won a race (answer its task) or another task took this place (retry).
        const existing = await this.tasks.findOne({ projectId: project, clientId }).lean<TaskRow>();
        if (existing) return { created: false, task: this.toView(existing) };
        if (attempt >= MAX_PLACEMENT_ATTEMPTS) throw this.busy();
      }
    }
    await this.boards.changed(project, { upsert: stored });
    const task = this.toView(stored);
    await this.activity.append(project, 'task.created', userId, { task });
    return { created: true, task };
  }

  async updateTask(userId: string, taskId: string, input: UpdateTaskDto): Promise<TaskView> {
    const { task, grant } = await this.loadTask(userId, taskId, 'project.write');
    if (input.version !== task.version) throw staleVersion(this.toView(task));
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
    if (!changesColumn && !Object.keys(set).length) return this.toView(task);

    let updated: TaskRow | undefined;
    for (let attempt = 1; !updated; attempt++) {
      if (changesColumn) {
        set.status = input.status;
        set.statusRank = STATUS_RANK[input.status!];
        set.position = this.endOfColumn(await this.boards.current(task.projectId), set.statusRank);
      }
      try {
        const outcome = await this.writeTask(task, set);
        if (!('task' in outcome)) throw await this.staleOrGone(task._id);
        updated = outcome.task;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        if (attempt >= MAX_PLACEMENT_ATTEMPTS) throw this.busy();
      }
    }
    await this.boards.changed(task.projectId, { upsert: updated });
    const view = this.toView(updated);
    await this.activity.append(task.projectId, 'task.updated', userId, { task: view, fields: Object.keys(input).filter((key) => key !== 'version') });
    return view;
  }

  /**
   * Puts the task right after `afterTaskId` in the `status` column (first when absent or null). The
   * new position lies between the two neighbours, so only the moved task is written; racing moves
   * that pick the same place collide on the unique (column, position) index and retry.
   */
  async moveTask(userId: string, taskId: string, input: MoveTaskDto): Promise<TaskView> {
    const loaded = await this.loadTask(userId, taskId, 'project.write');
    let task = loaded.task;
    if (input.version !== undefined && input.version !== task.version) throw staleVersion(this.toView(task));
    if (input.afterTaskId === taskId) throw badRequest('afterTaskId', 'cannot be the moved task itself');
    const from = { status: task.status, position: task.position };
    const statusRank = STATUS_RANK[input.status];

    let moved: TaskRow | undefined;
    for (let attempt = 1; !moved; attempt++) {
      if (attempt > MAX_PLACEMENT_ATTEMPTS) throw this.busy();
      const position = await this.placeAfter(await this.boards.current(task.projectId), task, statusRank, input.afterTaskId ?? null);
      if (position === undefined) {
        // The column was renumbered, which may have bumped this task's version too: start again from it.
        const fresh = await this.tasks.findById(task._id).lean<TaskRow>();
        if (!fresh) throw notFound('Task');
        task = fresh;
        continue;
      }
      let outcome: WriteOutcome;
      try {
        outcome = await this.writeTask(task, { status: input.status, statusRank, position });
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
    await this.boards.changed(task.projectId, { upsert: moved });
    const view = this.toView(moved);
    await this.activity.append(task.projectId, 'task.moved', userId, { task: view, from, afterTaskId: input.afterTaskId ?? null });
    return view;
  }

  async deleteTask(userId: string, taskId: string): Promise<void> {
    const { task } = await this.loadTask(userId, taskId, 'project.write');
    const deleted = await this.tasks.findOneAndDelete({ _id: task._id }).lean<TaskRow>();
    if (!deleted) throw notFound('Task');
    await this.boards.changed(task.projectId, { removedId: String(task._id) });
    await this.comments.deleteMany({ taskId: task._id });
    await this.activity.append(task.projectId, 'task.deleted', userId, { task: this.toView(deleted) });
  }

  // ---------------------------------------------------------------- comments

  async listComments(userId: string, taskId: string, query: { limit?: number; cursor?: string }): Promise<Page<CommentView>> {
    const { task } = await this.loadTask(userId, taskId, 'project.read');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const cursor = decodeCursor<{ i: string }>(query.cursor);
    if (cursor && (typeof cursor.i !== 'string' || !Types.ObjectId.isValid(cursor.i))) throw badRequest('cursor', 'is not a cursor this server gave');
    const filter: FilterQuery<TaskComment> = { taskId: task._id };
    if (cursor) filter._id = { $gt: oid(cursor.i) };
    // ObjectIds grow with time, so id order is the order comments were written.
    const rows = await this.comments.find(filter).sort({ _id: 1 }).limit(limit + 1).lean<CommentRow[]>();
    const page = toPage(rows, limit, (last) => ({ i: String(last._id) }));
    return { items: page.items.map((row) => this.toCommentView(row)), nextCursor: page.nextCursor };
  }

  async createComment(userId: string, taskId: string, body: string): Promise<CommentView> {
    const { task } = await this.loadTask(userId, taskId, 'project.write');
    const created = await this.comments.create({ taskId: task._id, projectId: task.projectId, authorId: oid(userId), body });
    const comment = this.toCommentView(created.toObject() as CommentRow);
    await this.activity.append(task.projectId, 'comment.created', userId, { comment, taskId });
    return comment;
  }

  async updateComment(userId: string, commentId: string, body: string): Promise<CommentView> {
    const existing = await this.loadComment(userId, commentId);
    const updated = await this.comments
      .findOneAndUpdate({ _id: existing._id, authorId: oid(userId) }, { $set: { body } }, { new: true })
      .lean<CommentRow>();
    if (!updated) throw notFound('Comment');
    const comment = this.toCommentView(updated);
    await this.activity.append(existing.projectId, 'comment.updated', userId, { comment, taskId: comment.taskId });
    return comment;
  }

  async deleteComment(userId: string, commentId: string): Promise<void> {
    const existing = await this.loadComment(userId, commentId);
    const deleted = await this.comments.findOneAndDelete({ _id: existing._id, authorId: oid(userId) }).lean<CommentRow>();
    if (!deleted) throw notFound('Comment');
    const comment = this.toCommentView(deleted);
    await this.activity.append(existing.projectId, 'comment.deleted', userId, { comment, taskId: comment.taskId });
  }

  // ---------------------------------------------------------------- personal data

  async exportUserData(userId: string): Promise<{ tasksCreated: TaskView[]; comments: CommentView[] }> {
    const me = oid(userId);
    const [tasks, comments] = await Promise.all([
      this.tasks.find({ createdBy: me }).sort({ _id: 1 }).lean<TaskRow[]>(),
      this.comments.find({ authorId: me }).sort({ _id: 1 }).lean<CommentRow[]>(),
    ]);
    return { tasksCreated: tasks.map((row) => this.toView(row)), comments: comments.map((row) => this.toCommentView(row)) };
  }

  /** Tasks stay with their project; they just stop naming the person. Idempotent. */
  async eraseUserData(userId: string): Promise<void> {
    const me = oid(userId);
    const touched = await this.tasks.find({ $or: [{ assigneeUserIds: me }, { createdBy: me }] }, { _id: 1 }).lean<TaskRow[]>();
    for (const { _id } of touched) {
      // Versioned writes like any other, so a racing edit is neither lost nor overwritten.
      for (let attempt = 1; attempt <= MAX_PLACEMENT_ATTEMPTS; attempt++) {
        const task = await this.tasks.findById(_id).lean<TaskRow>();
        if (!task) break;
        const outcome = await this.writeTask(task, {
          assigneeUserIds: (task.assigneeUserIds ?? []).filter((id) => !id.equals(me)),
          createdBy: task.createdBy?.equals(me) ? null : task.createdBy,
        });
        if ('task' in outcome) await this.boards.changed(task.projectId, { upsert: outcome.task });
        if (!('stale' in outcome)) break;
      }
    }
    await this.comments.updateMany({ authorId: me }, { $set: { authorId: null } });
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The task, after the access check on its project. An outsider gets the same 404 as for a task
   * that does not exist, so ids reveal nothing.
   */
  private async loadTask(userId: string, taskId: string, permission: 'project.read' | 'project.write'): Promise<{ task: TaskRow; grant: ProjectGrant }> {
    const task = await this.tasks.findById(taskId).lean<TaskRow>();
    if (!task) throw notFound('Task');
    const grant = await this.access.requireProject(userId, String(task.projectId), permission).catch((error: unknown) => {
      throw error instanceof ProblemException && error.getStatus() === HttpStatus.NOT_FOUND ? notFound('Task') : error;
    });
    return { task, grant };
  }

  /** The comment, if the caller can write to its project and wrote it (403 otherwise). */
  private async loadComment(userId: string, commentId: string): Promise<CommentRow> {
    const comment = await this.comments.findById(commentId).lean<CommentRow>();
    if (!comment) throw notFound('Comment');
    await this.access.requireProject(userId, String(comment.projectId), 'project.write').catch((error: unknown) => {
      throw error instanceof ProblemException && error.getStatus() === HttpStatus.NOT_FOUND ? notFound('Comment') : error;
    });
    if (String(comment.authorId) !== userId) throw forbidden('Only the author can change or delete this comment');
    return comment;
  }

  /**
   * Writes the next version of a task read at `task.version`, atomically conditional on that version
   * (on FerretDB the app's single connection makes it so; see src/database/server-detection.ts).
   * Throws the unique violation when `set` puts the task on a position already taken.
   */
  private async writeTask(task: TaskRow, set: Partial<Task>): Promise<WriteOutcome> {
    const written = await this.tasks
      .findOneAndUpdate({ _id: task._id, version: task.version }, { $set: set, $inc: { version: 1 } }, { new: true })
      .lean<TaskRow>();
    if (written) return { task: written };
    return (await this.tasks.exists({ _id: task._id })) ? { stale: true } : { gone: true };
  }

  /** Assignees must take part in the project; an event must belong to it. */
  private async checkReferences(
    grant: ProjectGrant,
    input: { assigneeAssociationId?: string | null; assigneeUserIds?: string[]; eventId?: string | null },
  ): Promise<void> {
    const projectId = grant.project._id;
    const needsPartners = !!input.assigneeAssociationId || !!input.assigneeUserIds?.length;
    const activeAssociationIds = needsPartners
      ? (await this.partners.find({ projectId, status: 'active' }, { associationId: 1 }).lean()).map((row) => String(row.associationId))
      : [];
    if (input.assigneeAssociationId && !activeAssociationIds.includes(input.assigneeAssociationId)) {
      throw badRequest('assigneeAssociationId', 'must be an active partner association of the project');
    }
    if (input.assigneeUserIds?.length) {
      const wanted = this.uniqueIds(input.assigneeUserIds);
      const members = await this.memberships.distinct('userId', {
        userId: { $in: wanted },
        associationId: { $in: activeAssociationIds.map(oid) },
      });
      const found = new Set(members.map(String));
      if (wanted.some((id) => !found.has(String(id)))) {
        throw badRequest('assigneeUserIds', 'must be members of active partner associations of the project');
      }
    }
    if (input.eventId) {
      // The events feature owns that collection; only its id and project are read here.
      const event = await this.connection.collection('events').findOne({ _id: oid(input.eventId), projectId }, { projection: { _id: 1 } });
      if (!event) throw badRequest('eventId', 'must be an event of this project');
    }
  }

  /** A position after the last task of the column, with a little jitter so racing creates rarely collide. */
  private endOfColumn(board: Board, statusRank: number): number {
    const column = board.sorted().filter((row) => row.statusRank === statusRank);
    return (column.at(-1)?.position ?? 0) + POSITION_STEP + Math.floor(Math.random() * (POSITION_STEP / 2));
  }

  /**
   * A free position right after `afterTaskId` (or first) in the column, ignoring the moved task
   * itself; undefined when the column had to be renumbered first.
   */
  private async placeAfter(board: Board, task: TaskRow, statusRank: number, afterTaskId: string | null): Promise<number | undefined> {
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
    const renumbered: { id: string; position: number; version: number }[] = [];
    for (let index = rows.length - 1; index >= 0; index--) {
      let outcome: WriteOutcome;
      try {
        outcome = await this.writeTask(rows[index], { position: base + index * POSITION_STEP });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        break; // a racing create took a spot up there; the column is still in order, the caller retries
      }
      if (!('task' in outcome)) break; // this task changed meanwhile: stop here, the order still holds
      await this.boards.changed(projectId, { upsert: outcome.task });
      renumbered.push({ id: String(outcome.task._id), position: outcome.task.position, version: outcome.task.version });
    }
    if (renumbered.length) {
      const status = (Object.keys(STATUS_RANK) as TaskStatus[]).find((key) => STATUS_RANK[key] === statusRank);
      await this.activity.append(projectId, 'task.renumbered', null, { status, tasks: renumbered.reverse() });
    }
  }

  private async staleOrGone(taskId: Types.ObjectId): Promise<ProblemException> {
    const current = await this.tasks.findById(taskId).lean<TaskRow>();
    return current ? staleVersion(this.toView(current)) : notFound('Task');
  }

  private busy(): ProblemException {
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'The board is too busy right now; try again', { code: 'busy' });
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

  toView(row: TaskRow): TaskView {
    let view = this.views.get(row);
    if (!view) this.views.set(row, (view = this.buildView(row)));
    return view;
  }

  private buildView(row: TaskRow): TaskView {
    return {
      id: String(row._id),
      projectId: String(row.projectId),
      title: row.title,
      description: row.description ?? '',
      status: row.status,
      position: row.position,
      assigneeAssociationId: idOrNull(row.assigneeAssociationId),
      assigneeUserIds: (row.assigneeUserIds ?? []).map(String),
      dueDate: row.dueDate ? iso(row.dueDate) : null,
      checklist: (row.checklist ?? []).map((item) => ({ id: item.id, text: item.text, done: !!item.done })),
      eventId: idOrNull(row.eventId),
      createdBy: idOrNull(row.createdBy),
      clientId: row.clientId,
      version: row.version,
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
    };
  }

  toCommentView(row: CommentRow): CommentView {
    return {
      id: String(row._id),
      taskId: String(row.taskId),
      projectId: String(row.projectId),
      authorId: idOrNull(row.authorId),
      body: row.body,
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
    };
  }
}
