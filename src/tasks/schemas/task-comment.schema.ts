import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { StoredMentions } from '../../common/mentions';
import { indexPendingActivity, TrackedEntity } from '../../activity/schemas/pending-activity.schema';

@Schema({ timestamps: true, collection: 'task_comments', versionKey: false })
export class TaskComment extends TrackedEntity {
  @Prop({ type: Types.ObjectId, required: true })
  taskId: Types.ObjectId;

  /** Denormalized so access is checked without reading the task. */
  @Prop({ type: Types.ObjectId, required: true })
  projectId: Types.ObjectId;

  /** Null once the author erased their account. */
  @Prop({ type: Types.ObjectId, default: null })
  authorId: Types.ObjectId | null;

  @Prop({ required: true })
  body: string;

  /** Who it mentions; null: nobody. */
  @Prop({ type: Object, default: null })
  mentions: StoredMentions | null;

  createdAt: Date;
  updatedAt: Date;
}

export type TaskCommentDocument = HydratedDocument<TaskComment>;
export const TaskCommentSchema = SchemaFactory.createForClass(TaskComment);
TaskCommentSchema.index({ taskId: 1, _id: 1 });
TaskCommentSchema.index({ authorId: 1 });
indexPendingActivity(TaskCommentSchema);
