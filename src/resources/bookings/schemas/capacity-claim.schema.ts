import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

/**
 * A capacity decision in flight (see CapacityLedger): written before its ledger entry, deleted once
 * the decision has landed (or lost its entry). While it exists it counts against the resource.
 * Kept apart from the append-only ledger so that this collection stays small: on FerretDB v1 every
 * read scans its whole collection.
 *  - `approval`: a booking is about to become approved; `booking` holds the whole document of a
 *    booking not stored yet (an auto-approved request), `decision` the fields an approval sets;
 *  - `quantity`: the resource's quantity is about to be lowered to `quantity`.
 */
@Schema({ collection: 'capacity_claims', versionKey: false })
export class CapacityClaim {
  @Prop({ type: Types.ObjectId, required: true })
  resourceId: Types.ObjectId;

  /** The ledger version this claim tries to take. */
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

  /** The booking to insert (auto-approved request): lets anyone finish a decision whose author died. */
  @Prop({ type: Object })
  booking?: Record<string, unknown>;

  /** The fields an approval of a pending booking sets. */
  @Prop({ type: Object })
  decision?: Record<string, unknown>;

  @Prop({ required: true })
  at: Date;
}

export type CapacityClaimDocument = HydratedDocument<CapacityClaim>;
export const CapacityClaimSchema = SchemaFactory.createForClass(CapacityClaim);
CapacityClaimSchema.index({ resourceId: 1 });
