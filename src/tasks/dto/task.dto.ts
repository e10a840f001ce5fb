import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';
import { TASK_STATUSES, TaskStatus } from '../schemas/task.schema';
import { trim } from '../../common/dto/transforms';
import { instantSchema, IsInstant } from '../../common/dto/instant';
import { IsObjectId } from '../../common/dto/object-id';

/** Optional, but null is not a value of this field (unlike IsOptional, which lets null through). */
const IsOmittable = () => ValidateIf((_object, value) => value !== undefined);

export const MAX_CHECKLIST_ITEMS = 100;
export const MAX_ASSIGNEES = 50;

export class ChecklistItemDto {
  @ApiPropertyOptional({ description: 'Kept when given (1..64 letters, digits, - or _); generated otherwise' })
  @IsOmittable()
  @IsString()
  @Matches(/^[\w-]{1,64}$/, { message: 'must be 1 to 64 letters, digits, - or _' })
  id?: string;

  @ApiProperty({ maxLength: 500 })
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  text: string;

  @ApiPropertyOptional({ default: false })
  @IsOmittable()
  @IsBoolean()
  done?: boolean;
}

/** Fields a client may set on create and on update. */
class TaskFieldsDto {
  @ApiPropertyOptional({ maxLength: 10_000 })
  @IsOmittable()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiPropertyOptional({ nullable: true, description: 'An active partner association of the project' })
  @IsOptional()
  @IsObjectId()
  assigneeAssociationId?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Members of active partner associations' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_ASSIGNEES)
  @IsObjectId({ each: true })
  assigneeUserIds?: string[];

  @ApiPropertyOptional({ ...instantSchema, nullable: true, example: '2025-06-21T18:00:00.000Z' })
  @IsOptional()
  @IsInstant()
  dueDate?: string | null;

  @ApiPropertyOptional({ type: [ChecklistItemDto], maxItems: MAX_CHECKLIST_ITEMS })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_CHECKLIST_ITEMS)
  // ValidateNested walks into a nested array without complaint ([[]] passed): each item must be an object.
  @IsObject({ each: true, message: 'must be a list of checklist items' })
  @ValidateNested({ each: true })
  @Type(() => ChecklistItemDto)
  checklist?: ChecklistItemDto[];

  @ApiPropertyOptional({ nullable: true, description: 'An event of the same project' })
  @IsOptional()
  @IsObjectId()
  eventId?: string | null;
}

export class CreateTaskDto extends TaskFieldsDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ enum: TASK_STATUSES, default: 'todo' })
  @IsOmittable()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ description: 'Idempotency key: sending it again answers the stored task (200)' })
  @IsOmittable()
  @IsString()
  @Matches(/^[\w:.-]{1,100}$/, { message: 'must be 1 to 100 letters, digits, or - _ : .' })
  clientId?: string;
}

export class UpdateTaskDto extends TaskFieldsDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ enum: TASK_STATUSES, description: 'A new status puts the task at the end of that column' })
  @IsOmittable()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiProperty({ description: 'The version this change is based on; a stale one answers 409 with `current`' })
  @IsInt()
  @Min(1)
  version: number;
}

export class MoveTaskDto {
  @ApiProperty({ enum: TASK_STATUSES })
  @IsIn(TASK_STATUSES)
  status: TaskStatus;

  @ApiPropertyOptional({ nullable: true, description: 'Put the task right after this one of the column; null or absent: first' })
  @IsOptional()
  @IsObjectId()
  afterTaskId?: string | null;

  @ApiPropertyOptional({ description: 'When given, a stale version answers 409 with `current`' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  version?: number;
}

export class TaskListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsObjectId()
  assigneeAssociationId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsObjectId()
  assigneeUserId?: string;

  @ApiPropertyOptional({ ...instantSchema, description: 'Tasks due strictly before this time' })
  @IsOptional()
  @IsInstant()
  dueBefore?: string;
}
