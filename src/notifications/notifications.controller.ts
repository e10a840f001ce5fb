import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { ApiProblems } from '../common/openapi/problem-details';
import { ListNotificationsDto, MarkReadDto, NotificationSettingsDto, UnsubscribeQueryDto } from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @ApiOkResponse({ description: '{items, nextCursor, unreadCount}, newest first' })
  @ApiProblems([400, 'A bad `unread`, `limit` or `cursor`'])
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsDto) {
    return this.notifications.list(user.id, query);
  }

  @Post('notifications/read')
  @HttpCode(200)
  @ApiOkResponse({ description: '{unreadCount} after marking the given ids (or all) read' })
  @ApiProblems([400, 'A bad id list'])
  markRead(@CurrentUser() user: AuthUser, @Body() body: MarkReadDto) {
    return this.notifications.markRead(user.id, body);
  }

  @Get('me/notification-settings')
  @ApiOkResponse({ description: '{email: immediate|daily|off, muted: [kind]}' })
  getSettings(@CurrentUser() user: AuthUser) {
    return this.notifications.getSettings(user.id);
  }

  @Put('me/notification-settings')
  @ApiOkResponse({ description: 'The settings as stored' })
  @ApiProblems([400, 'An unknown mode or kind'])
  putSettings(@CurrentUser() user: AuthUser, @Body() body: NotificationSettingsDto) {
    return this.notifications.putSettings(user.id, body);
  }
}

/** Reached from an e-mail, without a session: no bearer token in its documentation either. */
@ApiTags('notifications')
@Public()
@Controller()
export class UnsubscribeController {
  constructor(private readonly notifications: NotificationsService) {}

  /** RFC 8058: mail clients POST here (List-Unsubscribe-Post: List-Unsubscribe=One-Click), without a session. */
  @Post('notifications/unsubscribe')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'E-mail notifications are off for that account' })
  @ApiProblems([400, 'A malformed link'], [404, 'The link is not one this server made'])
  unsubscribe(@Query() query: UnsubscribeQueryDto): Promise<void> {
    return this.notifications.unsubscribe(query.user, query.token);
  }
}
