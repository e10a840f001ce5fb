import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { indexPendingActivity, PENDING_ACTIVITY_PROP, PendingActivity } from '../../activity/schemas/pending-activity.schema';

/**
 * A time slot of an event that needs `needed` volunteers.
 *
 * `remaining` (= needed − volunteers) is stored rather than computed so that a sign-up is one
 * conditional update, `{remaining: {$gt: 0}, volunteerIds: {$ne: me}}` → `$inc remaining −1, $push me`:
 * racing sign-ups can never exceed `needed`, without transactions or `$expr` (FerretDB v1 has neither).
 * Every change, sign-ups included, bumps `version`, so an edit of `needed` computed from a read is
 * applied only if nobody signed up in between.
 */
@Schema({ timestamps: true, collection: 'shifts' })
export class Shift {
  @Prop({ type: Types.ObjectId, required: true })
  eventId: Types.ObjectId;

  /** Copied from the event so access checks and the activity log need no extra read. */
  @Prop({ type: Types.ObjectId, required: true })
  projectId: Types.ObjectId;

  @Prop({ required: true })
  label: string;

  @Prop({ required: true })
  start: Date;

  @Prop({ required: true })
  end: Date;

  @Prop({ required: true })
  needed: number;

  @Prop({ required: true })
  remaining: number;

  @Prop({ type: [Types.ObjectId], default: [] })
  volunteerIds: Types.ObjectId[];

  @Prop({ type: Types.ObjectId, default: null })
  createdBy: Types.ObjectId | null;

  @Prop({ default: 1 })
  version: number;

  createdAt: Date;
  updatedAt: Date;

  /** Set while its shift.* activity is not yet appended (see PendingActivityService). */
  @Prop(PENDING_ACTIVITY_PROP)
  pendingActivity?: PendingActivity | null;
}

export type ShiftDocument = HydratedDocument<Shift>;
export const ShiftSchema = SchemaFactory.createForClass(Shift);
ShiftSchema.index({ eventId: 1, start: 1 });
ShiftSchema.index({ volunteerIds: 1 });
ShiftSchema.index({ createdBy: 1 });
indexPendingActivity(ShiftSchema);
