import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { signalAccessWrites } from '../../common/access/access-writes';
import { HydratedDocument, Types } from 'mongoose';
import { indexPendingActivity, TrackedEntity } from '../../activity/schemas/pending-activity.schema';

export const PARTNER_STATUSES = ['invited', 'active', 'declined', 'left', 'removed'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** An association's part in a project; one document per pair, its status a state machine. */
@Schema({ timestamps: true, collection: 'partners' })
export class Partner extends TrackedEntity {
  @Prop({ type: Types.ObjectId, required: true })
  projectId: Types.ObjectId;

  @Prop({ type: Types.ObjectId, required: true })
  associationId: Types.ObjectId;

  @Prop({ type: String, enum: PARTNER_STATUSES, required: true })
  status: PartnerStatus;

  @Prop()
  message?: string;

  @Prop({ type: Types.ObjectId })
  invitedBy?: Types.ObjectId;

  @Prop()
  invitedAt?: Date;

  @Prop()
  joinedAt?: Date;

  /** Bumped on every transition so two racing transitions cannot both win. */
  @Prop({ default: 1 })
  version: number;

  createdAt: Date;
  updatedAt: Date;
}

export type PartnerDocument = HydratedDocument<Partner>;
export const PartnerSchema = SchemaFactory.createForClass(Partner);
signalAccessWrites(PartnerSchema);
PartnerSchema.index({ projectId: 1, associationId: 1 }, { unique: true });
PartnerSchema.index({ associationId: 1, status: 1 });
// Account export and erasure: the invitations a user sent.
PartnerSchema.index({ invitedBy: 1 });
indexPendingActivity(PartnerSchema);
