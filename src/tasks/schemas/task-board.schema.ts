import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/**
 * One per project (`_id` = the project's id): `revision` goes up after every stored task change, so
 * an instance can tell with one read by `_id` whether its in-memory board is still current.
 */
@Schema({ collection: 'task_boards', versionKey: false })
export class TaskBoardRevision {
  @Prop({ type: Types.ObjectId })
  _id: Types.ObjectId;

  @Prop({ required: true, default: 0 })
  revision: number;
}

export const TaskBoardRevisionSchema = SchemaFactory.createForClass(TaskBoardRevision);
