import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { isoMessage, trim } from '../../common/dto/transforms';

export const MAX_VOLUNTEERS_PER_SHIFT = 1000;

export class CreateShiftDto {
  @ApiProperty({ maxLength: 120, example: 'Accueil et buvette' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  label: string;

  @ApiProperty({ example: '2026-06-20T12:00:00Z' })
  @IsISO8601({ strict: true }, isoMessage)
  start: string;

  @ApiProperty({ example: '2026-06-20T14:00:00Z' })
  @IsISO8601({ strict: true }, isoMessage)
  end: string;

  @ApiProperty({ minimum: 1, maximum: MAX_VOLUNTEERS_PER_SHIFT })
  @IsInt()
  @Min(1)
  @Max(MAX_VOLUNTEERS_PER_SHIFT)
  needed: number;
}

/** Every field optional; `needed` never below the volunteers already signed up. */
export class UpdateShiftDto extends PartialType(CreateShiftDto) {
  @ApiPropertyOptional({ description: 'The version this edit was based on' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
