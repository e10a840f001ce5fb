import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { IsOmittable } from './project.dto';
import { IsObjectId } from '../../common/dto/object-id';

export const MAX_CHARTER_LENGTH = 50_000;

export class UpdateCharterDto {
  @ApiProperty({ maxLength: MAX_CHARTER_LENGTH })
  @IsString()
  @Length(1, MAX_CHARTER_LENGTH)
  text: string;

  @ApiPropertyOptional({ description: 'The charter version the editor started from; a mismatch answers 409 with `current`' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({
    nullable: true,
    description: 'The decision of this project that adopted this text (closed, adopted or chosen); shown with the charter',
  })
  @IsOptional()
  @IsObjectId()
  decisionId?: string | null;
}

export class SignCharterDto {
  @ApiProperty({ description: 'The signing association (the caller administers it)' })
  @IsObjectId()
  associationId: string;

  @ApiProperty({ description: 'The charter version being signed: must be the current one' })
  @IsInt()
  @Min(1)
  version: number;
}
