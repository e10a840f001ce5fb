import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { MentionsDto } from '../../common/mentions';

export class CommentBodyDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 4000)
  body: string;
}

/** POST …/comments: the body and whom it mentions. */
export class CreateCommentDto extends CommentBodyDto {
  @ApiPropertyOptional({ type: MentionsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MentionsDto)
  mentions?: MentionsDto;
}
