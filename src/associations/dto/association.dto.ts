import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Length, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';
import { trim } from '../../common/dto/transforms';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CreateAssociationDto {
  @ApiProperty({ example: 'Régie de quartier Belsunce', minLength: 1, maxLength: 120 })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ example: 'Marseille', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  city?: string;

  @ApiPropertyOptional({ example: 'Belsunce', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  neighbourhood?: string;

  @ApiPropertyOptional({ example: 'contact@regie-belsunce.fr' })
  @IsOptional()
  @Transform(trimLower)
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  contactEmail?: string;
}

/** Optional fields may be sent as null to clear them; `version`, when sent, refuses a stale write. */
export class UpdateAssociationDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @ValidateIf((_object, value) => value !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 2000 })
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 100 })
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  city?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 100 })
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  neighbourhood?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @Transform(trimLower)
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  contactEmail?: string | null;

  @ApiPropertyOptional({ description: 'The version I read; a different current version answers 409 with `current`' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class DirectoryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the name or city; case and accents are ignored', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'City, case and accents ignored', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  city?: string;
}
