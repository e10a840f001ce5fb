import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { indexPendingActivity, TrackedEntity } from '../../activity/schemas/pending-activity.schema';

/** One association's signature of one charter version. */
@Schema({ collection: 'charter_signatures' })
export class CharterSignature extends TrackedEntity {
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
}

export type CharterSignatureDocument = HydratedDocument<CharterSignature>;
export const CharterSignatureSchema = SchemaFactory.createForClass(CharterSignature);
CharterSignatureSchema.index({ projectId: 1, associationId: 1, version: 1 }, { unique: true });
// Account export and erasure: the signatures a user made.
CharterSignatureSchema.index({ signedBy: 1 });
indexPendingActivity(CharterSignatureSchema);
