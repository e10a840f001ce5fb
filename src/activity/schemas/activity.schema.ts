import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

/** One change of a project; `seq` goes up by exactly one per project (unique index + retry). */
@Schema({ collection: 'activities', versionKey: false })
export class Activity {
  @Prop({ type: Types.ObjectId, required: true })
  projectId: Types.ObjectId;

  @Prop({ required: true })
  seq: number;

  @Prop({ required: true })
  type: string;

  @Prop({ type: Types.ObjectId, default: null })
  actorId: Types.ObjectId | null;

  @Prop({ required: true })
  at: Date;

  @Prop({ type: Object, default: {} })
  data: Record<string, unknown>;
}

export type ActivityDocument = HydratedDocument<Activity>;
export const ActivitySchema = SchemaFactory.createForClass(Activity);
ActivitySchema.index({ projectId: 1, seq: 1 }, { unique: true });
ActivitySchema.index({ actorId: 1 });
