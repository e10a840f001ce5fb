import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/**
 * What the account page shows of a session (a refresh-token family: `_id` is its familyId,
 * and the `sid` claim of its access tokens). Whether the session still lives is not stored here but
 * decided by RevokedFamily, which is insert-only: on FerretDB v1 an update is a read then a write, so
 * an `endedAt` set here could be overwritten by a concurrent `lastSeenAt` write.
 */
@Schema({ collection: 'sessions', versionKey: false })
export class Session {
  /** The session id: FerretDB v1 answers a lookup by `_id` without scanning the collection. */
  @Prop({ type: String })
  _id: string;

  @Prop({ type: Types.ObjectId, required: true, index: true })
  userId: Types.ObjectId;

  /** A short label read from the User-Agent ("Firefox on Linux"). */
  @Prop({ required: true })
  device: string;

  @Prop({ type: String, default: null })
  userAgent: string | null;

  @Prop({ required: true })
  createdAt: Date;

  /** Written at most once a minute per instance (and at each refresh), not at every request. */
  @Prop({ required: true })
  lastSeenAt: Date;
}

export const SessionSchema = SchemaFactory.createForClass(Session);
