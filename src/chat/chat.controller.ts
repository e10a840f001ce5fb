import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { ChatService } from './chat.service';
import { MessageListQueryDto, SendMessageDto } from './dto/message.dto';

@ApiTags('chat')
@ApiBearerAuth()
@Controller('projects/:id/messages')
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  @Get()
  @ApiOkResponse({ description: '`{items, nextCursor}`, newest first; pass nextCursor as `before` for older messages' })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Query() query: MessageListQueryDto) {
    return this.chat.list(user.id, id, query);
  }

  @Post()
  @ApiCreatedResponse({ description: 'The stored message' })
  @ApiOkResponse({ description: 'The message already stored with this clientMessageId' })
  async send(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: SendMessageDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { message, created } = await this.chat.send(user, id, body.body, body.clientMessageId, body.mentions);
    response.status(created ? 201 : 200);
    return message;
  }
}
