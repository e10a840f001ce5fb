import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { instantSchema, IsInstant } from '../../common/dto/instant';
import { IsObjectId } from '../../common/dto/object-id';
import { trim } from '../../common/dto/transforms';
import { PageQueryDto } from '../../common/pagination/pagination';
import { IsOmittable } from '../../projects/dto/project.dto';
import { DECISION_KINDS, DECISION_STATUSES, type DecisionKind, type DecisionStatus } from '../schemas/decision.schema';

export const MAX_OPTIONS = 10;
export const MAX_OPTION_LENGTH = 100;
/** A decision closes at least this far ahead, and at most a year ahead. */
export const MIN_OPEN_MS = 1_000;
export const MAX_OPEN_MS = 366 * 24 * 3_600_000;

const trimEach = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim() : item)) : value);

export class CreateDecisionDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Adopter la charte v2' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ maxLength: 10_000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  body?: string | null;

  @ApiProperty({ enum: DECISION_KINDS, description: 'consent: adopted unless an objection stands; yes_no: with a quorum; choice: among `options`' })
  @IsIn(DECISION_KINDS)
  kind: DecisionKind;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_OPTIONS,
    description: 'choice only: 2–10 distinct labels (1–100 characters); left out or empty for the other kinds',
  })
  @IsOmittable()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(MAX_OPTIONS)
  @IsString({ each: true })
  @Length(1, MAX_OPTION_LENGTH, { each: true })
  options?: string[];

  @ApiProperty({ ...instantSchema, description: 'When voting ends: in the future, at most a year ahead', example: '2026-06-20T18:00:00Z' })
  @IsInstant()
  closesAt: string;
}

export class DecisionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DECISION_STATUSES, description: 'Left out: every decision, open ones first' })
  @IsOptional()
  @IsIn(DECISION_STATUSES)
  status?: DecisionStatus;
}

export class CastVoteDto {
  @ApiProperty({ description: 'The association voting: in the electorate, and the caller administers it' })
  @IsObjectId()
  associationId: string;

  @ApiProperty({ maxLength: MAX_OPTION_LENGTH, description: 'consent: `consent|objection`; yes_no: `yes|no|abstain`; choice: one of `options`' })
  @IsString()
  @Length(1, MAX_OPTION_LENGTH)
  choice: string;

  @ApiPropertyOptional({ maxLength: 2_000, nullable: true, description: 'Required with an objection' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2_000)
  comment?: string | null;
}
