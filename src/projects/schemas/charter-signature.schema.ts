import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { indexPendingActivity, PENDING_ACTIVITY_PROP, PendingActivity } from '../../activity/schemas/pending-activity.schema';

/** One association's signature of one charter version. */
@Schema({ collection: 'charter_signatures' })
export class CharterSignature {
  @Prop({ type: Types.ObjectId, required: true })
  projectId: Types.ObjectId;

  @Prop({ type: Types.ObjectId, required: true })
  associationId: Types.ObjectId;

  @Prop({ required: true })
  version: number;

  @Prop({ type: Types.ObjectId })
  signedBy?: Types.ObjectId | null;

  @Prop({ required: true })
  signedAt: Date;

  /** Set while its charter.signed activity is not yet appended (see PendingActivityService). */
  @Prop(PENDING_ACTIVITY_PROP)
  pendingActivity?: PendingActivity | null;
}

export type CharterSignatureDocument = HydratedDocument<CharterSignature>;
export const CharterSignatureSchema = SchemaFactory.createForClass(CharterSignature);
CharterSignatureSchema.index({ projectId: 1, associationId: 1, version: 1 }, { unique: true });
// Account export and erasure: the signatures a user made.
CharterSignatureSchema.index({ signedBy: 1 });
indexPendingActivity(CharterSignatureSchema);
