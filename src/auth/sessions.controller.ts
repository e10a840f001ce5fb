import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { NoQueryDto } from '../common/dto/empty.dto';
import { SessionsService } from './sessions.service';

@ApiTags('account')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid access token, or its session has ended' })
@Controller('me/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOkResponse({ description: '{items: [{id, device, createdAt, lastSeenAt, current}], nextCursor: null}: my live sessions' })
  async list(@CurrentUser() user: AuthUser, @Query() _query: NoQueryDto) {
    return { items: await this.sessions.list(user.id, user.sessionId), nextCursor: null };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session ended: its tokens stop working and its sockets are closed' })
  @ApiNotFoundResponse({ description: 'No such live session of mine' })
  end(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.sessions.endOne(user.id, id);
  }
}
