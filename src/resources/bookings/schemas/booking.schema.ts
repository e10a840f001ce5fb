import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { indexPendingActivity, TrackedEntity } from '../../../activity/schemas/pending-activity.schema';

export const BOOKING_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'checked_out', 'returned'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
/** The statuses that hold units of the resource. */
export const HOLDING_STATUSES: BookingStatus[] = ['approved', 'checked_out'];
export const RETURN_CONDITIONS = ['good', 'worn', 'damaged', 'incomplete'] as const;
export type ReturnCondition = (typeof RETURN_CONDITIONS)[number];

@Schema({ timestamps: true, collection: 'bookings' })
export class Booking extends TrackedEntity {
  @Prop({ type: Types.ObjectId, required: true })
  resourceId: Types.ObjectId;

  /** Copied from the resource so that each inbox is one indexed query. */
  @Prop({ type: Types.ObjectId, required: true })
  ownerAssociationId: Types.ObjectId;

  @Prop({ type: Types.ObjectId, required: true })
  requesterAssociationId: Types.ObjectId;

  @Prop({ type: Types.ObjectId })
  projectId?: Types.ObjectId | null;

  @Prop({ type: Types.ObjectId })
  eventId?: Types.ObjectId | null;

  @Prop({ required: true })
  start: Date;

  /** Effective end: an early return moves it to the return time, freeing the rest of the range. */
  @Prop({ required: true })
  end: Date;

  /** The end as requested, kept when an early return shortens `end`. */
  @Prop()
  requestedEnd?: Date;

  @Prop({ required: true, default: 1 })
  quantity: number;

  @Prop({ type: String, enum: BOOKING_STATUSES, required: true })
  status: BookingStatus;

  @Prop()
  note?: string;

  @Prop({ type: Types.ObjectId })
  requestedBy?: Types.ObjectId | null;

  @Prop({ type: Types.ObjectId })
  decidedBy?: Types.ObjectId | null;

  @Prop()
  decidedAt?: Date;

  @Prop()
  decisionNote?: string;

  @Prop()
  rejectionReason?: string;

  @Prop({ type: Types.ObjectId })
  cancelledBy?: Types.ObjectId | null;

  @Prop()
  cancelledAt?: Date;

  @Prop({ type: Types.ObjectId })
  checkedOutBy?: Types.ObjectId | null;

  @Prop()
  checkedOutAt?: Date;

  @Prop({ type: Types.ObjectId })
  returnedTo?: Types.ObjectId | null;

  @Prop()
  returnedAt?: Date;

  @Prop({ type: String, enum: RETURN_CONDITIONS })
  returnCondition?: ReturnCondition;

  @Prop()
  returnNote?: string;

  /** Shared by the occurrences of a recurring booking. */
  @Prop()
  seriesId?: string;

  @Prop({ default: 1 })
  version: number;

  createdAt: Date;
  updatedAt: Date;
}

export type BookingDocument = HydratedDocument<Booking>;
export const BookingSchema = SchemaFactory.createForClass(Booking);
BookingSchema.index({ resourceId: 1, status: 1, start: 1 });
BookingSchema.index({ status: 1, start: 1 });
BookingSchema.index({ ownerAssociationId: 1, start: 1 });
BookingSchema.index({ requesterAssociationId: 1, start: 1 });
BookingSchema.index({ seriesId: 1 });
BookingSchema.index({ requestedBy: 1 });
indexPendingActivity(BookingSchema);
