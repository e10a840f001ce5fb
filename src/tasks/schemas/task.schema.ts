import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { indexPendingActivity, TrackedEntity } from '../../activity/schemas/pending-activity.schema';

export const TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The board's column order; stored as `statusRank` so one index sorts the whole board. */
export const STATUS_RANK: Record<TaskStatus, number> = { todo: 0, in_progress: 1, blocked: 2, done: 3 };

@Schema({ _id: false })
export class ChecklistItem {
  @Prop({ required: true })
  id: string;

  @Prop({ required: true })
  text: string;

  @Prop({ default: false })
  done: boolean;
}
export const ChecklistItemSchema = SchemaFactory.createForClass(ChecklistItem);

@Schema({ timestamps: true, collection: 'tasks', versionKey: false })
export class Task extends TrackedEntity {
  @Prop({ type: Types.ObjectId, required: true })
  projectId: Types.ObjectId;

  @Prop({ required: true })
  title: string;

  @Prop({ default: '' })
  description: string;

  @Prop({ type: String, enum: TASK_STATUSES, required: true })
  status: TaskStatus;

  /** STATUS_RANK[status], kept beside it so the board sorts by column with a plain index. */
  @Prop({ required: true })
  statusRank: number;

  /** Fractional and unique within a column: a move rewrites only the moved task. */
  @Prop({ required: true })
  position: number;

  @Prop({ type: Types.ObjectId, default: null })
  assigneeAssociationId: Types.ObjectId | null;

  @Prop({ type: [Types.ObjectId], default: [] })
  assigneeUserIds: Types.ObjectId[];

  @Prop({ type: Date, default: null })
  dueDate: Date | null;

  @Prop({ type: [ChecklistItemSchema], default: [] })
  checklist: ChecklistItem[];

  @Prop({ type: Types.ObjectId, default: null })
  eventId: Types.ObjectId | null;

  @Prop({ type: Types.ObjectId, default: null })
  createdBy: Types.ObjectId | null;

  /** Idempotency key of the creating request; generated when the client sends none. */
  @Prop({ required: true })
  clientId: string;

  @Prop({ default: 1 })
  version: number;

  createdAt: Date;
  updatedAt: Date;
}

export type TaskDocument = HydratedDocument<Task>;
export const TaskSchema = SchemaFactory.createForClass(Task);
// The board order; unique so two racing moves or creates can never share a place in a column.
TaskSchema.index({ projectId: 1, statusRank: 1, position: 1 }, { unique: true });
TaskSchema.index({ projectId: 1, clientId: 1 }, { unique: true });
TaskSchema.index({ projectId: 1, assigneeAssociationId: 1 });
TaskSchema.index({ projectId: 1, assigneeUserIds: 1 });
TaskSchema.index({ projectId: 1, dueDate: 1 });
TaskSchema.index({ createdBy: 1 });
TaskSchema.index({ assigneeUserIds: 1 });
indexPendingActivity(TaskSchema);
