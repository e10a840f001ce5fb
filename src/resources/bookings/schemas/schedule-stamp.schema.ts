import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

/**
 * A fresh random value written after every change of a resource's approved or checked-out bookings;
 * an in-memory copy of those bookings is valid while the stamp it was read with is current.
 * Kept apart from the resource document so that no other write can put an old stamp back.
 */
@Schema({ collection: 'resource_schedule_stamps', versionKey: false })
export class ScheduleStamp {
  @Prop({ type: Types.ObjectId })
  _id: Types.ObjectId;

  @Prop({ required: true })
  stamp: string;
}

export type ScheduleStampDocument = HydratedDocument<ScheduleStamp>;
export const ScheduleStampSchema = SchemaFactory.createForClass(ScheduleStamp);
