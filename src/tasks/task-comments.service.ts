import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { ActivityService } from '../activity/activity.service';
import { AccessService } from '../common/access/access.service';
import { badRequest, forbidden, notFound } from '../common/errors/problem.exception';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination/pagination';
import { oid } from '../common/ids';
import { Task } from './schemas/task.schema';
import { TaskComment } from './schemas/task-comment.schema';
import { CommentRow, CommentView, toCommentView } from './task-views';

/** Comments under a task: anyone who can write to the project comments; only the author edits. */
@Injectable()
export class TaskCommentsService {
  constructor(
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    @InjectModel(TaskComment.name) private readonly comments: Model<TaskComment>,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
  ) {}

  async listComments(userId: string, taskId: string, query: { limit?: number; cursor?: string }): Promise<Page<CommentView>> {
    const { child: task } = await this.access.requireProjectChild(userId, this.tasks, taskId, 'project.read', 'Task');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const cursor = decodeCursor<{ i: string }>(query.cursor);
    if (cursor && (typeof cursor.i !== 'string' || !Types.ObjectId.isValid(cursor.i))) throw badRequest('cursor', 'is not a cursor this server gave');
    const filter: FilterQuery<TaskComment> = { taskId: task._id };
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

  async createComment(userId: string, taskId: string, body: string): Promise<CommentView> {
    const { child: task } = await this.access.requireProjectChild(userId, this.tasks, taskId, 'project.write', 'Task');
    const created = await this.comments.create({ taskId: task._id, projectId: task.projectId, authorId: oid(userId), body });
    const comment = toCommentView(created.toObject() as CommentRow);
    await this.activity.append(task.projectId, 'comment.created', userId, { comment, taskId });
    return comment;
  }

  async updateComment(userId: string, commentId: string, body: string): Promise<CommentView> {
    const existing = await this.loadComment(userId, commentId);
    const updated = await this.comments.findOneAndUpdate({ _id: existing._id, authorId: oid(userId) }, { $set: { body } }, { new: true }).lean<CommentRow>();
    if (!updated) throw notFound('Comment');
    const comment = toCommentView(updated);
    await this.activity.append(existing.projectId, 'comment.updated', userId, { comment, taskId: comment.taskId });
    return comment;
  }

  async deleteComment(userId: string, commentId: string): Promise<void> {
    const existing = await this.loadComment(userId, commentId);
    const deleted = await this.comments.findOneAndDelete({ _id: existing._id, authorId: oid(userId) }).lean<CommentRow>();
    if (!deleted) throw notFound('Comment');
    const comment = toCommentView(deleted);
    await this.activity.append(existing.projectId, 'comment.deleted', userId, { comment, taskId: comment.taskId });
  }

  /** The comment, if the caller can write to its project and wrote it (403 otherwise). */
  private async loadComment(userId: string, commentId: string): Promise<CommentRow> {
    const { child: comment } = await this.access.requireProjectChild(userId, this.comments, commentId, 'project.write', 'Comment');
    if (String(comment.authorId) !== userId) throw forbidden('Only the author can change or delete this comment');
    return comment;
  }
}
