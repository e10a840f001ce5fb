import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';

/** `cursor` is the nextCursor of a previous page (same as after=<its last seq>). */
export class ActivityQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Read activities with a seq greater than this (0: from the start)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;
}
