import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { ActivityFacts } from './activity-facts';

/** One change of a project; `seq` goes up by exactly one per project (unique index + retry). */
@Schema({ collection: 'activities', versionKey: false })
export class Activity extends ActivityFacts {
  @Prop({ type: Types.ObjectId, required: true })
  projectId: Types.ObjectId;

  @Prop({ required: true })
  seq: number;

  @Prop({ type: Object, default: {} })
  data: Record<string, unknown>;
}

export type ActivityDocument = HydratedDocument<Activity>;
export const ActivitySchema = SchemaFactory.createForClass(Activity);
ActivitySchema.index({ projectId: 1, seq: 1 }, { unique: true });
ActivitySchema.index({ actorId: 1 });
