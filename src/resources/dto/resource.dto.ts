import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';
import {
  RESOURCE_KINDS,
  RESOURCE_SHARINGS,
  RESOURCE_STATUSES,
  RESOURCE_VALUATION_PERIODS,
  ResourceKind,
  ResourceSharing,
  ResourceStatus,
  type ResourceValuationPeriod,
} from '../schemas/resource.schema';
import { trim } from '../../common/dto/transforms';
import { OptionalInstant } from '../../common/dto/instant';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

@ValidatorConstraint({ name: 'weekday' })
class IsWeekday implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 6) || (typeof value === 'string' && DAYS.includes(value.toLowerCase()))
    );
  }
  defaultMessage(): string {
    return 'must be 0 (Sunday) to 6 (Saturday) or mon, tue, wed, thu, fri, sat, sun';
  }
}

@ValidatorConstraint({ name: 'closesAfterOpens' })
class ClosesAfterOpens implements ValidatorConstraintInterface {
  validate(closes: unknown, args: ValidationArguments): boolean {
    const opens = (args.object as OpeningSlotDto).opens;
    if (typeof closes !== 'string' || typeof opens !== 'string') return true;
    return closes === '00:00' || closes > opens;
  }
  defaultMessage(): string {
    return 'must be after opens (00:00 means midnight)';
  }
}

export class OpeningSlotDto {
  @ApiProperty({
    oneOf: [
      { type: 'integer', minimum: 0, maximum: 6 },
      { type: 'string', enum: DAYS },
    ],
    example: 'tue',
  })
  @Validate(IsWeekday)
  day: number | string;

  @ApiProperty({ example: '09:00', description: 'HH:MM, Europe/Paris' })
  @Matches(HHMM, { message: 'must be a time HH:MM' })
  opens: string;

  @ApiProperty({ example: '22:00', description: 'HH:MM, Europe/Paris; 00:00 means midnight' })
  @Matches(HHMM, { message: 'must be a time HH:MM' })
  @Validate(ClosesAfterOpens)
  closes: string;
}

/** What lending the resource is worth: `euros` per hour or per day of use. */
export class ResourceValuationDto {
  @ApiProperty({ minimum: 0, maximum: 100_000, example: 25 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000)
  euros: number;

  @ApiProperty({ enum: RESOURCE_VALUATION_PERIODS })
  @IsIn(RESOURCE_VALUATION_PERIODS)
  per: ResourceValuationPeriod;
}

export class CreateResourceDto {
  @ApiProperty({ enum: RESOURCE_KINDS })
  @IsIn(RESOURCE_KINDS)
  kind: ResourceKind;

  @ApiProperty({ example: 'Salle polyvalente' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1, description: 'Premises: always 1' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  quantity?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'How many people fit' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional({ default: false, description: 'Show the address on the public pages of events held there (otherwise only the name)' })
  @IsOptional()
  @IsBoolean()
  addressIsPublic?: boolean;

  @ApiPropertyOptional({ description: 'Where equipment is kept' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  storagePlace?: string;

  @ApiPropertyOptional({ description: 'House rules' })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  rules?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  stepFreeAccess?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  accessibilityNotes?: string;

  @ApiProperty({ enum: RESOURCE_SHARINGS })
  @IsIn(RESOURCE_SHARINGS)
  sharing: ResourceSharing;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  requiresApproval?: boolean;

  @ApiPropertyOptional({
    type: ResourceValuationDto,
    nullable: true,
    description: 'Its value per hour or day, for the contributions of the projects it is lent to (null: not valued)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ResourceValuationDto)
  valuation?: ResourceValuationDto | null;

  @ApiPropertyOptional({ type: [OpeningSlotDto], description: 'Weekly opening hours (Europe/Paris); empty or absent: always open' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  // ValidateNested lets nested arrays through ([[null]]): each slot must be an object.
  @IsObject({ each: true, message: 'must be a list of opening slots' })
  @ValidateNested({ each: true })
  @Type(() => OpeningSlotDto)
  openingHours?: OpeningSlotDto[];
}

export class UpdateResourceDto extends PartialType(CreateResourceDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ enum: RESOURCE_STATUSES })
  @IsOptional()
  @IsIn(RESOURCE_STATUSES)
  status?: ResourceStatus;

  @ApiPropertyOptional({ description: 'The version you edited; a stale one answers 409 with the current resource' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class CatalogueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: RESOURCE_KINDS })
  @IsOptional()
  @IsIn(RESOURCE_KINDS)
  kind?: ResourceKind;

  @ApiPropertyOptional({ description: 'Words of the name, description or address' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @OptionalInstant({ description: 'With `to`: each item gets `available` for [from, to)' })
  from?: string;

  @OptionalInstant()
  to?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Only resources with at least this many units free during [from, to)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  quantity?: number;
}

export class ResourceBookingsQueryDto extends PageQueryDto {
  @OptionalInstant({ description: 'Default: now' })
  from?: string;

  @OptionalInstant()
  to?: string;
}
