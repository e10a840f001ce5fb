import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { indexPendingActivity, TrackedEntity } from '../../activity/schemas/pending-activity.schema';

/**
 * A time slot of an event that needs `needed` volunteers.
 *
 * `remaining` (= needed − volunteers) is stored rather than computed so that a sign-up is one
 * conditional update, `{remaining: {$gt: 0}, volunteerIds: {$ne: me}}` → `$inc remaining −1, $push me`:
 * racing sign-ups can never exceed `needed`, without transactions or `$expr` (FerretDB v1 has neither).
 * Every change, sign-ups included, bumps `version`, so an edit of `needed` computed from a read is
 * applied only if nobody signed up in between.
 */
/**
 * A volunteer a coordinator admin confirmed as present. `userId` becomes null when the account is
 * erased: the hours stay the association's contribution.
 */
@Schema({ _id: false })
export class Attendance {
  @Prop({ type: Types.ObjectId, required: true })
  id: Types.ObjectId;

  @Prop({ type: Types.ObjectId, default: null })
  userId: Types.ObjectId | null;

  /** Whose hours these are: the association the volunteer came for (guests: the coordinator). */
  @Prop({ type: Types.ObjectId, required: true })
  associationId: Types.ObjectId;

  /** Set instead of userId when the one who came is a guest of the public page. */
  @Prop({ type: Types.ObjectId, default: null })
  guestId: Types.ObjectId | null;

  @Prop({ type: Types.ObjectId, default: null })
  confirmedBy: Types.ObjectId | null;

  @Prop({ required: true })
  confirmedAt: Date;
}
export const AttendanceSchema = SchemaFactory.createForClass(Attendance);

/**
 * Someone without an account who signed up from the event's public page. Only the SHA-256 of the
 * secret half of their personal link is kept. `erasedAt`: their name and contact were erased (30 days
 * after the event); the entry stays so the shift's counts and confirmed hours stay right.
 */
@Schema({ _id: false })
export class Guest {
  @Prop({ type: Types.ObjectId, required: true })
  id: Types.ObjectId;

  @Prop({ type: String, default: null })
  name: string | null;

  @Prop({ type: String, default: null })
  email: string | null;

  @Prop({ type: String, default: null })
  phone: string | null;

  @Prop({ type: String, default: null })
  secretHash: string | null;

  @Prop({ type: String, default: null })
  contactKey: string | null;

  @Prop({ required: true })
  signedUpAt: Date;

  @Prop({ type: Date, default: null })
  erasedAt: Date | null;
}
export const GuestSchema = SchemaFactory.createForClass(Guest);

@Schema({ timestamps: true, collection: 'shifts' })
export class Shift extends TrackedEntity {
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

  /**
   * Volunteer's user id → the association they give their time for (absent when they did not say and
   * have several). A map rather than a list of pairs: a sign-up `$set`s and a withdrawal `$unset`s its
   * key in the same update as `volunteerIds`, where FerretDB v1 could not `$pull` a pair by condition.
   */
  @Prop({ type: Object, default: {} })
  volunteerAssociations: Record<string, Types.ObjectId>;

  @Prop({ type: Types.ObjectId, default: null })
  createdBy: Types.ObjectId | null;

  /**
   * Guests of the public page; they take places as volunteers do (`remaining`). A guest sign-up is
   * one conditional update on `remaining` and on `guestContactKeys: {$ne: key}` (the hash of their
   * e-mail or phone), so a shift is never overfilled and one person does not take two places.
   */
  @Prop({ type: [GuestSchema], default: [] })
  guests: Guest[];

  @Prop({ type: [String], default: [] })
  guestContactKeys: string[];

  /** Some guest's name or contact is still kept: the erasure job looks only at these shifts. */
  @Prop({ default: false })
  holdsGuestData: boolean;

  /**
   * Confirmed presences, and their user ids again in `attendedIds`: a confirmation is one
   * conditional update on `attendedIds: {$ne: id}` (as a sign-up is), so confirming twice, even
   * concurrently, stores one presence and the hours are never counted twice.
   */
  @Prop({ type: [AttendanceSchema], default: [] })
  attendance: Attendance[];

  @Prop({ type: [Types.ObjectId], default: [] })
  attendedIds: Types.ObjectId[];

  @Prop({ default: 1 })
  version: number;

  createdAt: Date;
  updatedAt: Date;
}

export type ShiftDocument = HydratedDocument<Shift>;
export const ShiftSchema = SchemaFactory.createForClass(Shift);
ShiftSchema.index({ eventId: 1, start: 1 });
ShiftSchema.index({ volunteerIds: 1 });
ShiftSchema.index({ createdBy: 1 });
ShiftSchema.index({ attendedIds: 1 });
ShiftSchema.index({ projectId: 1, start: 1 });
ShiftSchema.index({ holdsGuestData: 1 });
indexPendingActivity(ShiftSchema);
