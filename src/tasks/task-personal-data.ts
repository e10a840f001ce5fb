import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { oid } from '../common/ids';
import { UserDataRegistry } from '../users/user-data.registry';
import { Task } from './schemas/task.schema';
import { TaskComment } from './schemas/task-comment.schema';
import { TaskBoards, TaskRow } from './task-boards';
import { MAX_PLACEMENT_ATTEMPTS, TaskPlacement } from './task-placement';
import { CommentRow, CommentView, TaskView, toCommentView, toTaskView } from './task-views';

/** What the task board keeps about a person: tasks they created and comments they wrote. */
@Injectable()
export class TaskPersonalData implements OnModuleInit {
  constructor(
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    @InjectModel(TaskComment.name) private readonly comments: Model<TaskComment>,
    private readonly registry: UserDataRegistry,
    private readonly boards: TaskBoards,
    private readonly placement: TaskPlacement,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'tasks',
      export: (userId) => this.exportUserData(userId),
      erase: (userId) => this.eraseUserData(userId),
    });
  }

  async exportUserData(userId: string): Promise<{ tasksCreated: TaskView[]; comments: CommentView[] }> {
    const me = oid(userId);
    const [tasks, comments] = await Promise.all([
      this.tasks.find({ createdBy: me }).sort({ _id: 1 }).lean<TaskRow[]>(),
      this.comments.find({ authorId: me }).sort({ _id: 1 }).lean<CommentRow[]>(),
    ]);
    return { tasksCreated: tasks.map((row) => toTaskView(row)), comments: comments.map((row) => toCommentView(row)) };
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
        const outcome = await this.placement.writeTask(task, {
          assigneeUserIds: (task.assigneeUserIds ?? []).filter((id) => !id.equals(me)),
          createdBy: task.createdBy?.equals(me) ? null : task.createdBy,
        });
        if ('task' in outcome) await this.boards.changed(task.projectId, { upsert: outcome.task });
        if (!('stale' in outcome)) break;
      }
    }
    await this.comments.updateMany({ authorId: me }, { $set: { authorId: null } });
    await this.comments.updateMany({ 'mentions.userIds': me }, { $pull: { 'mentions.userIds': me } });
  }
}
