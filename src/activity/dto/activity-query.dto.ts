import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../../common/pagination/pagination';

export class ActivityQueryDto {
  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Read activities with a seq greater than this (0: from the start)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of a previous page (same as after=<its last seq>)' })
  @IsOptional()
  @IsString()
  cursor?: string;
}
