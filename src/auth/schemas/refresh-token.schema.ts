import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

/**
 * A refresh token, stored as its SHA-256. Every use rotates it: the used one gets a successor in the
 * same family. Presenting a rotated token again means it leaked: the family dies.
 *
 * Rotation is claimed by inserting the successor under the unique `parentHash` index, not by a
 * conditional update: FerretDB v1 runs findAndModify as a read then a write, so two racing updates
 * can both "win", whereas a unique index admits exactly one successor per token.
 */
@Schema({ collection: 'refresh_tokens', versionKey: false })
export class RefreshToken {
  @Prop({ required: true, unique: true })
  tokenHash: string;

  /** The hash of the token this one replaced, or `session:<familyId>` for the first of a family. */
  @Prop({ required: true, unique: true })
  parentHash: string;

  @Prop({ type: Types.ObjectId, required: true, index: true })
  userId: Types.ObjectId;

  @Prop({ required: true, index: true })
  familyId: string;

  @Prop({ required: true })
  expiresAt: Date;

  /** Informative only (export, audit): the successor's existence is what decides. */
  @Prop({ type: Date, default: null })
  rotatedAt: Date | null;

  /** Informative only: a RevokedFamily entry is what decides. */
  @Prop({ type: Date, default: null })
  revokedAt: Date | null;

  @Prop({ required: true })
  createdAt: Date;
}

export type RefreshTokenDocument = HydratedDocument<RefreshToken>;
export const RefreshTokenSchema = SchemaFactory.createForClass(RefreshToken);

/**
 * A revoked refresh token family, that is an ended session (logout, reuse detected, password change,
 * removed from the account page). Insert-only, so a revocation can never be lost to a concurrent
 * update of the tokens, and it also kills successors minted after it and the family's access tokens
 * (their `sid` claim is the familyId).
 */
@Schema({ collection: 'refresh_token_revocations', versionKey: false })
export class RevokedFamily {
  /**
   * The familyId again, so the per-request session check is a lookup by `_id` (the only query
   * FerretDB v1 answers without a scan). Rows written before sessions existed have an ObjectId.
   */
  @Prop({ type: Object })
  _id: string | Types.ObjectId;

  @Prop({ required: true, unique: true })
  familyId: string;

  @Prop({ type: Types.ObjectId, required: true, index: true })
  userId: Types.ObjectId;

  @Prop({ type: String, required: true })
  reason: 'logout' | 'reuse' | 'password_changed' | 'session_revoked';

  @Prop({ required: true })
  revokedAt: Date;
}

export const RevokedFamilySchema = SchemaFactory.createForClass(RevokedFamily);
