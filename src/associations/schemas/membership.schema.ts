import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { signalAccessWrites } from '../../common/access/access-writes';
import { HydratedDocument, Types } from 'mongoose';

export const ASSOCIATION_ROLES = ['admin', 'member'] as const;
export type AssociationRole = (typeof ASSOCIATION_ROLES)[number];

/** A user's membership of an association; one per pair, enforced by a unique index. */
@Schema({ timestamps: true, collection: 'memberships' })
export class Membership {
  @Prop({ type: Types.ObjectId, required: true })
  associationId: Types.ObjectId;

  @Prop({ type: Types.ObjectId, required: true, index: true })
  userId: Types.ObjectId;

  @Prop({ type: String, enum: ASSOCIATION_ROLES, required: true })
  role: AssociationRole;

  createdAt: Date;
  updatedAt: Date;
}

export type MembershipDocument = HydratedDocument<Membership>;
export const MembershipSchema = SchemaFactory.createForClass(Membership);
signalAccessWrites(MembershipSchema);
MembershipSchema.index({ associationId: 1, userId: 1 }, { unique: true });
MembershipSchema.index({ associationId: 1, role: 1 });
// Member lists and "longest-standing member" (who inherits the admin role on account erasure).
MembershipSchema.index({ associationId: 1, createdAt: 1, _id: 1 });
