import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';
import { trim } from '../../common/dto/transforms';
import { DAY, EndsWithin, instantSchema, IsInstant } from '../../common/dto/instant';
import { IsObjectId } from '../../common/dto/object-id';

/** An event longer than a season is a mistake: it would also hold its premise that long. */
export const MAX_EVENT_MS = 90 * DAY;

export class CreateEventDto {
  @ApiProperty({ maxLength: 200, example: 'Fête de quartier' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ ...instantSchema, example: '2026-06-20T12:00:00Z' })
  @IsInstant()
  start: string;

  @ApiProperty({ ...instantSchema, example: '2026-06-20T18:00:00Z', description: 'After start, at most 90 days later' })
  @IsInstant()
  @EndsWithin(MAX_EVENT_MS, '90 days')
  end: string;

  @ApiPropertyOptional({ maxLength: 300, nullable: true, description: 'Free text: an address, a place' })
  @IsOptional()
  @Transform(trim)
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(300)
  location?: string | null;

  @ApiPropertyOptional({ description: 'A shared premise (or equipment): makes a booking request for the event' })
  @IsOptional()
  @IsObjectId()
  resourceId?: string;

  @ApiPropertyOptional({
    description:
      'The partner association the caller acts for: organizer of the event and requester of its booking. ' +
      'Needed only when the caller is a member of several active partners.',
  })
  @IsOptional()
  @IsObjectId()
  requesterAssociationId?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 1000000, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(1000000)
  expectedAttendance?: number | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  isPublic?: boolean;
}

/** Every field optional; `version` makes the write conditional (409 with `current` when stale). */
export class UpdateEventDto extends PartialType(OmitType(CreateEventDto, ['resourceId'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional({ nullable: true, description: 'Another premise makes a new booking request; null drops the premise' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsObjectId()
  resourceId?: string | null;

  @ApiPropertyOptional({
    description: 'Open doors: true gives the event a public page at /e/<publicSlug> (same address when reopened); false closes it. Same as isPublic.',
  })
  @IsOptional()
  @IsBoolean()
  public?: boolean;

  @ApiPropertyOptional({ description: 'The version this edit was based on' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ ...instantSchema, description: 'Events ending after this time' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ ...instantSchema, description: 'Events starting before this time' })
  @IsOptional()
  @IsInstant()
  to?: string;
}
