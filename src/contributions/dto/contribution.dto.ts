import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { calendarDaySchema, IsCalendarDay } from '../../common/dto/instant';
import { IsObjectId } from '../../common/dto/object-id';
import { trim } from '../../common/dto/transforms';
import { IsOmittable } from '../../projects/dto/project.dto';
import { CONTRIBUTION_KINDS, CONTRIBUTION_STATUSES, type ContributionKind, type ContributionStatus } from '../schemas/contribution.schema';

/** Far above any neighbourhood project's budget: a typo, not a contribution. */
export const MAX_EUROS = 10_000_000;
export const MAX_QUANTITY = 1_000_000;

export class CreateContributionDto {
  @ApiProperty({ description: 'The contributing association: an active partner of the project' })
  @IsObjectId()
  associationId: string;

  @ApiProperty({ enum: CONTRIBUTION_KINDS })
  @IsIn(CONTRIBUTION_KINDS)
  kind: ContributionKind;

  @ApiProperty({ minLength: 1, maxLength: 300, example: 'Prêt de 20 tables' })
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  description: string;

  @ApiProperty({ minimum: 0, maximum: MAX_QUANTITY, example: 20 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_QUANTITY)
  quantity: number;

  @ApiProperty({ minLength: 1, maxLength: 40, example: 'tables', description: '`h` (or `hours`) for volunteer hours, `EUR` for money' })
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  unit: string;

  @ApiPropertyOptional({
    type: Number,
    minimum: 0,
    maximum: MAX_EUROS,
    nullable: true,
    description: 'Omitted or null: volunteer hours at the project rate, money at its amount, others 0 until valued',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_EUROS)
  valueEuros?: number | null;

  @ApiPropertyOptional({ description: 'A material item given for good (accounts 860/875), not lent', default: false })
  @IsOmittable()
  @IsBoolean()
  gift?: boolean;

  @ApiProperty({ enum: CONTRIBUTION_STATUSES })
  @IsIn(CONTRIBUTION_STATUSES)
  status: ContributionStatus;

  @ApiPropertyOptional({ ...calendarDaySchema, nullable: true })
  @IsOptional()
  @IsCalendarDay()
  date?: string | null;
}

/** The association stays: a contribution of another association is a new one. */
export class UpdateContributionDto {
  @ApiPropertyOptional({ enum: CONTRIBUTION_KINDS })
  @IsOmittable()
  @IsIn(CONTRIBUTION_KINDS)
  kind?: ContributionKind;

  @ApiPropertyOptional({ minLength: 1, maxLength: 300 })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  description?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_QUANTITY })
  @IsOmittable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_QUANTITY)
  quantity?: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 40 })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  unit?: string;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: MAX_EUROS, nullable: true, description: 'null: computed again' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_EUROS)
  valueEuros?: number | null;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsBoolean()
  gift?: boolean;

  @ApiPropertyOptional({ enum: CONTRIBUTION_STATUSES, description: 'pledged → delivered (or back, to correct a mistake)' })
  @IsOmittable()
  @IsIn(CONTRIBUTION_STATUSES)
  status?: ContributionStatus;

  @ApiPropertyOptional({ ...calendarDaySchema, nullable: true })
  @IsOptional()
  @IsCalendarDay()
  date?: string | null;

  @ApiProperty({ minimum: 1, description: 'The version this edit was based on; a mismatch answers 409 with `current`' })
  @IsInt()
  @Min(1)
  version: number;
}

export class DeleteContributionQueryDto {
  @ApiPropertyOptional({ minimum: 1, description: 'When given, the delete applies only to this version (409 with `current` otherwise)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

/** A period: inclusive calendar days. */
export class PeriodQueryDto {
  @ApiPropertyOptional({ ...calendarDaySchema, description: 'First day included' })
  @IsOptional()
  @IsCalendarDay()
  from?: string;

  @ApiPropertyOptional({ ...calendarDaySchema, description: 'Last day included' })
  @IsOptional()
  @IsCalendarDay()
  to?: string;
}
