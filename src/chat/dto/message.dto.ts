import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { MentionsDto } from '../../common/mentions';
import { PageQueryDto } from '../../common/pagination/pagination';
import { MAX_CLIENT_MESSAGE_ID_LENGTH, MAX_MESSAGE_LENGTH } from '../schemas/message.schema';

export class SendMessageDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_MESSAGE_LENGTH })
  @IsString()
  @Length(1, MAX_MESSAGE_LENGTH)
  @Matches(/\S/, { message: 'must not be blank' })
  body: string;

  @ApiProperty({ maxLength: MAX_CLIENT_MESSAGE_ID_LENGTH, description: 'Chosen by the client (a UUID); sending it again returns the stored message' })
  @IsString()
  @Length(1, MAX_CLIENT_MESSAGE_ID_LENGTH)
  clientMessageId: string;

  @ApiPropertyOptional({ type: MentionsDto, description: 'People and partner associations of the project it mentions' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MentionsDto)
  mentions?: MentionsDto;
}

/** `cursor` is the nextCursor of a previous page (same as before=<its last message id>). */
export class MessageListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'A message id or an ISO-8601 date: messages older than it' })
  @IsOptional()
  @IsString()
  before?: string;
}
