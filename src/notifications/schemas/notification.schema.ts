import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import type { NotificationKind } from '@maillage/contract';

/**
 * One notification of one recipient. `key` is `<source>:<userId>`, where the source names the
 * event (an activity, a booking request, a shift's reminder…): the unique index makes every
 * recipient get each event once, whichever instance or retry inserts it first.
 */
@Schema({ collection: 'notifications', versionKey: false })
export class Notification {
  @Prop({ required: true, unique: true })
  key: string;

  @Prop({ type: Types.ObjectId, required: true, index: true })
  userId: Types.ObjectId;

  @Prop({ type: String, required: true })
  kind: NotificationKind;

  @Prop({ type: Types.ObjectId, default: null })
  projectId: Types.ObjectId | null;

  /** Whose action it tells of (its texts may name them): erased with that account. */
  @Prop({ type: Types.ObjectId, default: null, index: true })
  actorId: Types.ObjectId | null;

  @Prop({ required: true })
  title: string;

  @Prop({ required: true })
  body: string;

  @Prop({ required: true })
  link: string;

  @Prop({ required: true })
  createdAt: Date;

  @Prop({ type: Date, default: null })
  readAt: Date | null;

  /** Set once the daily digest that carried it was queued. */
  @Prop({ type: Date, default: null })
  digestedAt: Date | null;
}

export const NotificationSchema = SchemaFactory.createForClass(Notification);
NotificationSchema.index({ userId: 1, createdAt: -1, _id: -1 });

/** A user's choices; no row means the defaults (e-mail right away, nothing muted). */
@Schema({ collection: 'notification_settings', versionKey: false })
export class NotificationSettingsRow {
  @Prop({ type: Types.ObjectId })
  _id: Types.ObjectId;

  @Prop({ type: String, required: true })
  email: 'immediate' | 'daily' | 'off';

  @Prop({ type: [String], default: [] })
  muted: NotificationKind[];

  @Prop({ required: true })
  updatedAt: Date;
}

export const NotificationSettingsSchema = SchemaFactory.createForClass(NotificationSettingsRow);

/** A scheduled job run claimed by one instance (`_id`: the job and its day, e.g. `digest:2026-06-01`). */
@Schema({ collection: 'notification_jobs', versionKey: false })
export class NotificationJob {
  @Prop({ type: String })
  _id: string;

  @Prop({ required: true })
  claimedAt: Date;
}

export const NotificationJobSchema = SchemaFactory.createForClass(NotificationJob);
