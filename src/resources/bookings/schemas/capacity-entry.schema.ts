import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

/**
 * One capacity decision of a resource, numbered per resource by `version` under a unique index:
 * inserting version v+1 is the compare-and-set that serializes decisions (see CapacityLedger).
 * Append-only and never read on the request path (FerretDB v1 would scan it): what a decision in
 * flight holds is in its CapacityClaim (`claimId`).
 *  - `approval`: a booking becomes approved; `quantity`: the resource's quantity is lowered;
 *  - `void`: a version taken to stop a claim whose author stopped before inserting its entry.
 */
@Schema({ collection: 'capacity_ledger', versionKey: false })
export class CapacityEntry {
  @Prop({ type: Types.ObjectId, required: true })
  resourceId: Types.ObjectId;

  @Prop({ required: true })
  version: number;

  @Prop({ type: String, enum: ['approval', 'quantity', 'void'], required: true })
  kind: 'approval' | 'quantity' | 'void';

  /** The claim that took this version (none for `void`). */
  @Prop({ type: Types.ObjectId })
  claimId?: Types.ObjectId;

  @Prop({ type: Types.ObjectId })
  bookingId?: Types.ObjectId;

  @Prop({ required: true })
  at: Date;
}

export type CapacityEntryDocument = HydratedDocument<CapacityEntry>;
export const CapacityEntrySchema = SchemaFactory.createForClass(CapacityEntry);
CapacityEntrySchema.index({ resourceId: 1, version: 1 }, { unique: true });
