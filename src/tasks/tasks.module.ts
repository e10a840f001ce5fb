import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TaskComment, TaskCommentSchema } from './schemas/task-comment.schema';
import { Task, TaskSchema } from './schemas/task.schema';
import { TaskBoardRevision, TaskBoardRevisionSchema } from './schemas/task-board.schema';
import { TaskBoards } from './task-boards';
import { TaskCommentsService } from './task-comments.service';
import { TaskPersonalData } from './task-personal-data';
import { TaskPlacement } from './task-placement';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** The task board of a project: tasks in columns, moves, checklists and comments. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Task.name, schema: TaskSchema },
      { name: TaskComment.name, schema: TaskCommentSchema },
      { name: TaskBoardRevision.name, schema: TaskBoardRevisionSchema },
    ]),
  ],
  controllers: [TasksController],
  providers: [TasksService, TaskCommentsService, TaskPlacement, TaskPersonalData, TaskBoards],
  exports: [TasksService, MongooseModule],
})
export class TasksModule {}
