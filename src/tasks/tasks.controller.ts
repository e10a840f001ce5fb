import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { PageQueryDto } from '../common/pagination/pagination';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { CommentBodyDto, CreateCommentDto } from './dto/comment.dto';
import { CreateTaskDto, MoveTaskDto, TaskListQueryDto, UpdateTaskDto } from './dto/task.dto';
import { TaskCommentsService } from './task-comments.service';
import { BoardEncoding, TasksService } from './tasks.service';

/** Best first: brotli is the smaller (browsers list gzip first, with the same weight). */
const BOARD_ENCODINGS: BoardEncoding[] = ['br', 'gzip'];
import { ApiProblems } from '../common/openapi/problem-details';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller()
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly comments: TaskCommentsService,
  ) {}

  @Get('projects/:id/tasks')
  @ApiOkResponse({ description: '`{items, nextCursor}`: the board, by column (todo, in_progress, blocked, done) then position' })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) projectId: string, @Query() query: TaskListQueryDto) {
    return this.tasks.listTasks(user.id, projectId, query);
  }

  @Get('projects/:id/board')
  @ApiOkResponse({
    description:
      "`{projectId, count, tasks}`: every task of the board in board order, by field (`tasks.title[i]` is the i-th task's title): one request opens a board",
  })
  @ApiProblems(404)
  async board(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) projectId: string, @Req() request: Request, @Res() response: Response) {
    // Compressed here, once per state of the board (the compression middleware skips encoded answers).
    const encoding = BOARD_ENCODINGS.find((name) => request.acceptsEncodings(name) === name) ?? 'identity';
    const body = await this.tasks.encodedBoard(user.id, projectId, encoding);
    response.vary('Accept-Encoding').type('application/json');
    if (encoding !== 'identity') response.setHeader('Content-Encoding', encoding);
    response.send(body);
  }

  @Post('projects/:id/tasks')
  @ApiCreatedResponse({ description: 'The task, last of its column' })
  @ApiOkResponse({ description: 'The task already created with this clientId' })
  async create(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) projectId: string,
    @Body() body: CreateTaskDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created, task } = await this.tasks.createTask(user.id, projectId, body);
    response.status(created ? 201 : 200);
    return task;
  }

  @Get('tasks/:taskId')
  @ApiOkResponse({ description: 'The task' })
  get(@CurrentUser() user: AuthUser, @Param('taskId', ParseObjectIdPipe) taskId: string) {
    return this.tasks.getTask(user.id, taskId);
  }

  @Patch('tasks/:taskId')
  @ApiOkResponse({ description: 'The updated task' })
  @ApiConflictResponse({ description: 'Stale `version`: `current` is the task as it is now' })
  update(@CurrentUser() user: AuthUser, @Param('taskId', ParseObjectIdPipe) taskId: string, @Body() body: UpdateTaskDto) {
    return this.tasks.updateTask(user.id, taskId, body);
  }

  @Post('tasks/:taskId/move')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The moved task, right after `afterTaskId` (first when null)' })
  @ApiConflictResponse({ description: 'Stale `version`: `current` is the task as it is now' })
  move(@CurrentUser() user: AuthUser, @Param('taskId', ParseObjectIdPipe) taskId: string, @Body() body: MoveTaskDto) {
    return this.tasks.moveTask(user.id, taskId, body);
  }

  @Delete('tasks/:taskId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its comments' })
  remove(@CurrentUser() user: AuthUser, @Param('taskId', ParseObjectIdPipe) taskId: string) {
    return this.tasks.deleteTask(user.id, taskId);
  }

  @Get('tasks/:taskId/comments')
  @ApiOkResponse({ description: '`{items, nextCursor}`, oldest first' })
  listComments(@CurrentUser() user: AuthUser, @Param('taskId', ParseObjectIdPipe) taskId: string, @Query() query: PageQueryDto) {
    return this.comments.listComments(user.id, taskId, query);
  }

  @Post('tasks/:taskId/comments')
  @ApiCreatedResponse({ description: 'The comment' })
  createComment(@CurrentUser() user: AuthUser, @Param('taskId', ParseObjectIdPipe) taskId: string, @Body() body: CreateCommentDto) {
    return this.comments.createComment(user.id, taskId, body.body, body.mentions);
  }

  @Patch('comments/:commentId')
  @ApiProblems(403)
  @ApiOkResponse({ description: 'The edited comment (its author only)' })
  updateComment(@CurrentUser() user: AuthUser, @Param('commentId', ParseObjectIdPipe) commentId: string, @Body() body: CommentBodyDto) {
    return this.comments.updateComment(user.id, commentId, body.body);
  }

  @Delete('comments/:commentId')
  @ApiProblems(403)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted (its author only)' })
  removeComment(@CurrentUser() user: AuthUser, @Param('commentId', ParseObjectIdPipe) commentId: string) {
    return this.comments.deleteComment(user.id, commentId);
  }
}
