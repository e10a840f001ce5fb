import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

/**
 * The highest seq of a project's log, keyed by the project id. A hint, never the authority (the
 * unique (projectId, seq) index is): it lets appends and readers find the head with a lookup by
 * `_id`, the only query FerretDB v1 answers without scanning the whole collection.
 */
@Schema({ collection: 'activity_heads', versionKey: false })
export class ActivityHead {
  @Prop({ type: Types.ObjectId })
  _id: Types.ObjectId;

  @Prop({ required: true, default: 0 })
  lastSeq: number;
}

export type ActivityHeadDocument = HydratedDocument<ActivityHead>;
export const ActivityHeadSchema = SchemaFactory.createForClass(ActivityHead);
