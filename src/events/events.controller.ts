import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { PageQueryDto } from '../common/pagination/pagination';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { CreateEventDto, ListEventsQueryDto, UpdateEventDto } from './dto/event.dto';
import { CreateShiftDto } from './dto/shift.dto';
import { EventsService } from './events.service';
import { ShiftsService } from './shifts.service';
import { ApiProblems } from '../common/openapi/problem-details';

@ApiTags('events')
@ApiBearerAuth()
@Controller()
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly shifts: ShiftsService,
  ) {}

  @Get('projects/:id/events')
  @ApiOkResponse({ description: "`{items, nextCursor}`: the project's events by start time" })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) projectId: string, @Query() query: ListEventsQueryDto) {
    return this.events.list(user, projectId, query);
  }

  @Post('projects/:id/events')
  @ApiCreatedResponse({ description: 'The event; with a resourceId, its booking request in `booking`' })
  create(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) projectId: string, @Body() body: CreateEventDto) {
    return this.events.create(user, projectId, body);
  }

  @Get('events/:eventId')
  @ApiOkResponse({ description: 'The event, with its booking state' })
  get(@CurrentUser() user: AuthUser, @Param('eventId', ParseObjectIdPipe) eventId: string) {
    return this.events.get(user, eventId);
  }

  @Patch('events/:eventId')
  @ApiProblems(403)
  @ApiOkResponse({ description: 'The updated event' })
  @ApiConflictResponse({ description: 'Stale `version`: carries `current`' })
  update(@CurrentUser() user: AuthUser, @Param('eventId', ParseObjectIdPipe) eventId: string, @Body() body: UpdateEventDto) {
    return this.events.update(user, eventId, body);
  }

  @Delete('events/:eventId')
  @ApiProblems(403)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Event and its shifts deleted; its booking cancelled' })
  remove(@CurrentUser() user: AuthUser, @Param('eventId', ParseObjectIdPipe) eventId: string) {
    return this.events.remove(user, eventId);
  }

  @Get('events/:eventId/shifts')
  @ApiOkResponse({ description: "`{items, nextCursor}`: the event's shifts by start time" })
  listShifts(@CurrentUser() user: AuthUser, @Param('eventId', ParseObjectIdPipe) eventId: string, @Query() query: PageQueryDto) {
    return this.shifts.list(user, eventId, query);
  }

  @Post('events/:eventId/shifts')
  @ApiProblems(403)
  @ApiCreatedResponse({ description: 'The shift, with `remaining` places' })
  createShift(@CurrentUser() user: AuthUser, @Param('eventId', ParseObjectIdPipe) eventId: string, @Body() body: CreateShiftDto) {
    return this.shifts.create(user, eventId, body);
  }
}
