import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsObject, IsString, Length, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { PROJECT_STATUSES, ProjectStatus } from '../schemas/project.schema';
import { trim } from '../../common/dto/transforms';
import { OptionalInstant } from '../../common/dto/instant';
import { IsObjectId } from '../../common/dto/object-id';

/** Optional, but null is not a value of this field (unlike IsOptional, which lets null through). */
export const IsOmittable = () => ValidateIf((_object, value) => value !== undefined);

export class CreateProjectDto {
  @ApiProperty({ maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ maxLength: 10_000 })
  @IsOmittable()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiProperty({ description: 'An association the caller administers; it becomes the coordinator (chef de file)' })
  @IsObjectId()
  coordinatorAssociationId: string;

  @OptionalInstant({ nullable: true })
  startDate?: string | null;

  @OptionalInstant({ nullable: true })
  endDate?: string | null;
}

/** Far above any loaded hourly rate: a typo. */
export const MAX_HOURLY_RATE_EUROS = 1000;

export class ProjectValuationDto {
  @ApiProperty({
    minimum: 0,
    maximum: MAX_HOURLY_RATE_EUROS,
    example: 12.02,
    description: 'Volunteer hours are valued at this rate (default 12.02, the SMIC horaire brut of 2026; many associations use a loaded rate)',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_HOURLY_RATE_EUROS)
  volunteerHourlyRateEuros: number;
}

export class UpdateProjectDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 10_000 })
  @IsOmittable()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @OptionalInstant({ nullable: true })
  startDate?: string | null;

  @OptionalInstant({ nullable: true })
  endDate?: string | null;

  @ApiPropertyOptional({ enum: PROJECT_STATUSES, description: 'archived makes the project read-only; setting another status reopens it' })
  @IsOmittable()
  @IsIn(PROJECT_STATUSES)
  status?: ProjectStatus;

  @ApiPropertyOptional({ type: ProjectValuationDto, description: 'How the project values volunteer time in its contributions' })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => ProjectValuationDto)
  valuation?: ProjectValuationDto;

  @ApiPropertyOptional({ description: 'The version the client last saw; a mismatch answers 409 with `current`' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ChangeCoordinatorDto {
  @ApiProperty({ description: 'An active partner association of the project' })
  @IsObjectId()
  associationId: string;
}
