import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { appendedData, newOperation, PendingActivityService } from '../activity/pending-activity.service';
import { NOT_BEING_REMOVED } from '../activity/schemas/pending-activity.schema';
import { AccessService } from '../common/access/access.service';
import { badRequest, forbidden, notFound } from '../common/errors/problem.exception';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination/pagination';
import { oid } from '../common/ids';
import { Task } from './schemas/task.schema';
import { TaskComment } from './schemas/task-comment.schema';
import { checkMentions, MentionsDto } from '../common/mentions';
import { CommentRow, CommentView, toCommentView } from './task-views';

/** Comments under a task: anyone who can write to the project comments; only the author edits. */
@Injectable()
export class TaskCommentsService implements OnModuleInit {
  constructor(
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    @InjectModel(TaskComment.name) private readonly comments: Model<TaskComment>,
    private readonly access: AccessService,
    private readonly pending: PendingActivityService,
  ) {}

  onModuleInit(): void {
    const commentOnly = async (row: CommentRow) => ({ comment: toCommentView(row), taskId: String(row.taskId) });
    this.pending.register<TaskComment>({
      model: this.comments,
      projectOf: (row) => row.projectId,
      build: { 'comment.created': commentOnly, 'comment.updated': commentOnly, 'comment.deleted': commentOnly },
    });
  }

  async listComments(userId: string, taskId: string, query: { limit?: number; cursor?: string }): Promise<Page<CommentView>> {
    const { child: task } = await this.access.requireProjectChild(userId, this.tasks, taskId, 'project.read', 'Task');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const cursor = decodeCursor<{ i: string }>(query.cursor);
    if (cursor && (typeof cursor.i !== 'string' || !Types.ObjectId.isValid(cursor.i))) throw badRequest('cursor', 'is not a cursor this server gave');
    const filter: FilterQuery<TaskComment> = { taskId: task._id, ...NOT_BEING_REMOVED };
    if (cursor) filter._id = { $gt: oid(cursor.i) };
    // ObjectIds grow with time, so id order is the order comments were written.
    const rows = await this.comments
      .find(filter)
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean<CommentRow[]>();
    const page = toPage(rows, limit, (last) => ({ i: String(last._id) }));
    return { items: page.items.map((row) => toCommentView(row)), nextCursor: page.nextCursor };
  }

  async createComment(userId: string, taskId: string, body: string, mentions?: MentionsDto): Promise<CommentView> {
    const { child: task } = await this.access.requireProjectChild(userId, this.tasks, taskId, 'project.write', 'Task');
    const fields = {
      taskId: task._id,
      projectId: task.projectId,
      authorId: oid(userId),
      body,
      mentions: await checkMentions(this.access, task.projectId, mentions),
    };
    return appendedData(await this.pending.insert(this.comments, fields, newOperation('comment.created', userId)), 'comment');
  }

  async updateComment(userId: string, commentId: string, body: string): Promise<CommentView> {
    const existing = await this.loadComment(userId, commentId);
    const updated = await this.pending.update(
      this.comments,
      { _id: existing._id, authorId: oid(userId), ...NOT_BEING_REMOVED },
      { $set: { body } },
      newOperation('comment.updated', userId),
    );
    if (!updated) throw notFound('Comment');
    return appendedData(updated, 'comment');
  }

  async deleteComment(userId: string, commentId: string): Promise<void> {
    const existing = await this.loadComment(userId, commentId);
    const deleted = await this.pending.remove(
      this.comments,
      { _id: existing._id, authorId: oid(userId), ...NOT_BEING_REMOVED },
      newOperation('comment.deleted', userId),
    );
    if (!deleted) throw notFound('Comment');
  }

  /** The comment, if the caller can write to its project and wrote it (403 otherwise). */
  private async loadComment(userId: string, commentId: string): Promise<CommentRow> {
    const { child: comment } = await this.access.requireProjectChild(userId, this.comments, commentId, 'project.write', 'Comment');
    if (String(comment.authorId) !== userId) throw forbidden('Only the author can change or delete this comment');
    return comment;
  }
}
