import { Controller, Delete, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { ApiProblems } from '../common/openapi/problem-details';
import { AgendaService } from './agenda.service';
import { AgendaQueryDto } from './dto/agenda-query.dto';
import { CalendarFeedService } from './calendar-feed.service';
import { CalendarTokenService } from './calendar-token.service';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('me/calendar-token')
export class CalendarTokenController {
  constructor(private readonly tokens: CalendarTokenService) {}

  @Post()
  @ApiCreatedResponse({ description: '`{calendarFeedUrl}`: a new feed URL; the previous one stops working' })
  rotate(@CurrentUser() user: AuthUser) {
    return this.tokens.rotate(user.id);
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Feed URL revoked' })
  revoke(@CurrentUser() user: AuthUser) {
    return this.tokens.revoke(user.id);
  }
}

@ApiTags('calendar')
@Controller('calendar')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

  /** Public: calendar apps cannot send a bearer token; the unguessable feed token is the credential. */
  @Public()
  @Get(':feedToken.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'My iCalendar (RFC 5545) feed' })
  @ApiNotFoundResponse({ description: 'Unknown or revoked feed token' })
  feed(@Param('feedToken') feedToken: string) {
    return this.feeds.feed(feedToken);
  }
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('me/agenda')
export class AgendaController {
  constructor(private readonly agenda: AgendaService) {}

  @Get()
  @ApiProblems([400, '`to` is not after `from`, or more than 400 days after it (besides the usual field errors)'])
  @ApiOkResponse({
    description: '`{from, to, items, truncated}`: my shifts, the tasks due assigned to me or my associations, and my associations’ open bookings, by time',
  })
  get(@CurrentUser() user: AuthUser, @Query() query: AgendaQueryDto) {
    return this.agenda.agenda(user, query);
  }
}
