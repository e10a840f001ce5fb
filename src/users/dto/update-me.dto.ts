import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { LOCALES, Locale } from '../schemas/user.schema';

export class UpdateMeDto {
  @ApiPropertyOptional({ maxLength: 80 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 80)
  displayName?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ description: 'Required to set newPassword' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  currentPassword?: string;

  @ApiPropertyOptional({ minLength: 8, maxLength: 256 })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  newPassword?: string;
}
