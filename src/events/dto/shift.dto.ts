import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { trim } from '../../common/dto/transforms';
import { DAY, EndsWithin, instantSchema, IsInstant } from '../../common/dto/instant';

/** A volunteer slot is hours long; a day is already generous. */
export const MAX_SHIFT_MS = DAY;

export const MAX_VOLUNTEERS_PER_SHIFT = 1000;

export class CreateShiftDto {
  @ApiProperty({ maxLength: 120, example: 'Accueil et buvette' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  label: string;

  @ApiProperty({ ...instantSchema, example: '2026-06-20T12:00:00Z' })
  @IsInstant()
  start: string;

  @ApiProperty({ ...instantSchema, example: '2026-06-20T14:00:00Z', description: 'After start, at most 24 hours later' })
  @IsInstant()
  @EndsWithin(MAX_SHIFT_MS, '24 hours')
  end: string;

  @ApiProperty({ minimum: 1, maximum: MAX_VOLUNTEERS_PER_SHIFT })
  @IsInt()
  @Min(1)
  @Max(MAX_VOLUNTEERS_PER_SHIFT)
  needed: number;
}

/** Every field optional; `needed` never below the volunteers already signed up. */
export class UpdateShiftDto extends PartialType(CreateShiftDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'The version this edit was based on' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
