import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/** A password reset link, stored as the SHA-256 of its token (the `_id`): the token itself is only mailed. */
@Schema({ collection: 'password_resets', versionKey: false })
export class PasswordReset {
  @Prop({ type: String })
  _id: string;

  @Prop({ type: Types.ObjectId, required: true, index: true })
  userId: Types.ObjectId;

  @Prop({ required: true })
  expiresAt: Date;

  @Prop({ required: true })
  createdAt: Date;
}

export const PasswordResetSchema = SchemaFactory.createForClass(PasswordReset);

/**
 * A spent reset token: inserted under the token's hash before the password changes, so of two
 * uses of one link exactly one gets through (a unique insert, not a findAndModify, which FerretDB v1
 * runs as a read then a write).
 */
@Schema({ collection: 'password_reset_uses', versionKey: false })
export class PasswordResetUse {
  @Prop({ type: String })
  _id: string;

  @Prop({ required: true })
  usedAt: Date;
}

export const PasswordResetUseSchema = SchemaFactory.createForClass(PasswordResetUse);
