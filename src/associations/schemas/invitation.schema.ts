import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { ASSOCIATION_ROLES, AssociationRole } from './membership.schema';

/**
 * A single-use invitation to join an association. Only the SHA-256 of its token is stored; the
 * token is shown once, to the admin who creates it. Accepting claims it with one conditional update
 * (usedAt still null), which is what makes it single-use under concurrent accepts.
 */
@Schema({ timestamps: true, collection: 'association_invitations' })
export class Invitation {
  @Prop({ type: Types.ObjectId, required: true, index: true })
  associationId: Types.ObjectId;

  @Prop({ required: true, unique: true })
  tokenHash: string;

  @Prop({ type: String, enum: ASSOCIATION_ROLES, required: true })
  role: AssociationRole;

  /** When set (normalized), only the account with this email may accept. */
  @Prop({ type: String, default: null, index: true })
  email: string | null;

  @Prop({ required: true })
  expiresAt: Date;

  @Prop({ type: Types.ObjectId, default: null })
  createdBy: Types.ObjectId | null;

  @Prop({ type: Date, default: null })
  usedAt: Date | null;

  @Prop({ type: Types.ObjectId, default: null })
  usedBy: Types.ObjectId | null;

  @Prop({ type: Date, default: null })
  revokedAt: Date | null;

  createdAt: Date;
  updatedAt: Date;
}

export type InvitationDocument = HydratedDocument<Invitation>;
export const InvitationSchema = SchemaFactory.createForClass(Invitation);
