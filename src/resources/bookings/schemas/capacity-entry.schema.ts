import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

/**
 * One capacity decision of a resource, numbered per resource by `version` under a unique index:
 * inserting version v+1 is the compare-and-set that serializes decisions (see CapacityLedger).
 *  - `approval`: a booking is about to become approved (an approval in flight while unsettled);
 *  - `quantity`: the resource's quantity is about to be lowered (caps decisions while unsettled).
 */
@Schema({ collection: 'capacity_ledger', versionKey: false })
export class CapacityEntry {
  @Prop({ type: Types.ObjectId, required: true })
  resourceId: Types.ObjectId;

  @Prop({ required: true })
  version: number;

  @Prop({ type: String, enum: ['approval', 'quantity'], required: true })
  kind: 'approval' | 'quantity';

  @Prop({ type: Types.ObjectId })
  bookingId?: Types.ObjectId;

  @Prop()
  start?: Date;

  @Prop()
  end?: Date;

  /** Units the booking takes, or the new quantity of the resource. */
  @Prop({ required: true })
  quantity: number;

  @Prop({ required: true })
  at: Date;

  /** Set once the decision has landed (or can no longer land); unsettled entries still count. */
  @Prop({ default: false })
  settled: boolean;
}

export type CapacityEntryDocument = HydratedDocument<CapacityEntry>;
export const CapacityEntrySchema = SchemaFactory.createForClass(CapacityEntry);
CapacityEntrySchema.index({ resourceId: 1, version: 1 }, { unique: true });
CapacityEntrySchema.index({ resourceId: 1, settled: 1 });
