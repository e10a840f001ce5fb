import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { StoredMentions } from '../../common/mentions';
import { indexPendingActivity, TrackedEntity } from '../../activity/schemas/pending-activity.schema';

export const MAX_MESSAGE_LENGTH = 4000;
export const MAX_CLIENT_MESSAGE_ID_LENGTH = 100;

/** A chat message of a project; (projectId, authorId, clientMessageId) makes client retries idempotent. */
@Schema({ collection: 'messages', versionKey: false })
export class Message extends TrackedEntity {
  @Prop({ type: Types.ObjectId, required: true })
  projectId: Types.ObjectId;

  /** Null once the author's account is erased (the message stays, anonymous). */
  @Prop({ type: Types.ObjectId, default: null })
  authorId: Types.ObjectId | null;

  @Prop({ required: true, maxlength: MAX_MESSAGE_LENGTH })
  body: string;

  /** Who it mentions; null: nobody. */
  @Prop({ type: Object, default: null })
  mentions: StoredMentions | null;

  @Prop({ required: true })
  clientMessageId: string;

  @Prop({ required: true })
  createdAt: Date;
}

export type MessageDocument = HydratedDocument<Message>;
export const MessageSchema = SchemaFactory.createForClass(Message);
MessageSchema.index({ projectId: 1, authorId: 1, clientMessageId: 1 }, { unique: true });
// History, newest first, with the id breaking ties of equal timestamps.
MessageSchema.index({ projectId: 1, createdAt: -1, _id: -1 });
// Account export and erasure.
MessageSchema.index({ authorId: 1 });
indexPendingActivity(MessageSchema);
