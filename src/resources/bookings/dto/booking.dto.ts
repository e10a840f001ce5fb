import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { Equals, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { BOOKING_STATUSES, BookingStatus, RETURN_CONDITIONS, ReturnCondition } from '../schemas/booking.schema';
import { trim } from '../../../common/dto/transforms';
import { calendarDaySchema, DAY, EndsWithin, IsCalendarDay, instantSchema, IsInstant } from '../../../common/dto/instant';
import { IsObjectId } from '../../../common/dto/object-id';

export class RecurrenceDto {
  @ApiProperty({ enum: ['weekly'] })
  @Equals('weekly', { message: 'must be weekly' })
  frequency: 'weekly';

  @ApiPropertyOptional({ minimum: 1, maximum: 52, default: 1, description: 'Every N weeks' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(52)
  interval?: number;

  @ApiProperty({ ...calendarDaySchema, description: 'Last day an occurrence may start (inclusive)', example: '2026-06-30' })
  @IsCalendarDay()
  until: string;

  @ApiProperty({ enum: ['skip', 'fail'], description: 'skip: book the free occurrences; fail: book nothing if one conflicts' })
  @IsIn(['skip', 'fail'])
  onConflict: 'skip' | 'fail';
}

export class CreateBookingDto {
  @ApiProperty({ ...instantSchema, example: '2026-03-10T17:00:00Z' })
  @IsInstant()
  start: string;

  @ApiProperty({ ...instantSchema, example: '2026-03-10T21:00:00Z', description: 'After start, at most 90 days later' })
  @IsInstant()
  @EndsWithin(90 * DAY, '90 days')
  end: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  quantity?: number;

  @ApiProperty({ description: 'The association asking (the caller must be a member)' })
  @IsObjectId()
  requesterAssociationId: string;

  @ApiPropertyOptional({ description: 'The joint project this booking serves (its activity log records the booking)' })
  @IsOptional()
  @IsObjectId()
  projectId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsObjectId()
  eventId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ type: RecurrenceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecurrenceDto)
  recurrence?: RecurrenceDto;
}

export class BookingNoteDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RejectBookingDto {
  @ApiProperty({ example: 'La salle est en travaux ce jour-là' })
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class ReturnBookingDto {
  @ApiProperty({ enum: RETURN_CONDITIONS })
  @IsIn(RETURN_CONDITIONS)
  condition: ReturnCondition;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class CancelSeriesDto {
  @ApiProperty({ ...instantSchema, description: 'Occurrences starting at or after this instant are cancelled' })
  @IsInstant()
  from: string;
}

export class InboxQueryDto extends PageQueryDto {
  @ApiProperty()
  @IsObjectId()
  associationId: string;

  @ApiProperty({ enum: ['owner', 'requester'] })
  @IsIn(['owner', 'requester'])
  side: 'owner' | 'requester';

  @ApiPropertyOptional({ enum: BOOKING_STATUSES, description: 'Default: owner side pending, approved and checked out; requester side all' })
  @IsOptional()
  @IsIn(BOOKING_STATUSES)
  status?: BookingStatus;
}
