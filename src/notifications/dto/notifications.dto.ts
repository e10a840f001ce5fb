import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import type { NotificationEmailMode, NotificationKind } from '@maillage/contract';
import { IsObjectId } from '../../common/dto/object-id';
import { PageQueryDto } from '../../common/pagination/pagination';

export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'task.assigned',
  'mention',
  'project.invited',
  'booking.requested',
  'booking.decided',
  'charter.updated',
  'decision.opened',
  'decision.closing',
  'decision.closed',
  'shift.reminder',
  'loan.overdue',
];
export const EMAIL_MODES: readonly NotificationEmailMode[] = ['immediate', 'daily', 'off'];
const MAX_IDS = 200;

/** Query strings carry text: "true" and "false" become booleans, anything else fails IsBoolean. */
const booleanText = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListNotificationsDto extends PageQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'true: unread only; false: read only' })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean()
  unread?: boolean;
}

export class MarkReadDto {
  @ApiPropertyOptional({ maxItems: MAX_IDS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @IsObjectId({ each: true })
  ids?: string[];

  @ApiPropertyOptional({ description: 'true: every notification of mine' })
  @IsOptional()
  @IsBoolean()
  all?: boolean;
}

export class NotificationSettingsDto {
  @ApiProperty({ enum: EMAIL_MODES })
  @IsIn(EMAIL_MODES)
  email: NotificationEmailMode;

  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true, maxItems: NOTIFICATION_KINDS.length })
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @IsIn(NOTIFICATION_KINDS, { each: true })
  muted: NotificationKind[];
}

export class UnsubscribeQueryDto {
  @IsObjectId()
  user: string;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @Length(1, 100)
  token: string;
}
