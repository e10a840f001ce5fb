import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TaskComment, TaskCommentSchema } from './schemas/task-comment.schema';
import { Task, TaskSchema } from './schemas/task.schema';
import { TaskCommentsService } from './task-comments.service';
import { TaskPersonalData } from './task-personal-data';
import { TaskPlacement } from './task-placement';
import { StampHeadSchema } from '../database/stamped-cache';
import { TASK_BOARD_STAMP, TaskBoards } from './task-boards';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** The task board of a project: tasks in columns, moves, checklists and comments. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Task.name, schema: TaskSchema },
      { name: TaskComment.name, schema: TaskCommentSchema },
      { name: TASK_BOARD_STAMP, schema: StampHeadSchema, collection: 'stamps_task_boards' },
    ]),
  ],
  controllers: [TasksController],
  providers: [TasksService, TaskCommentsService, TaskPlacement, TaskPersonalData, TaskBoards],
  exports: [TasksService, MongooseModule],
})
export class TasksModule {}
