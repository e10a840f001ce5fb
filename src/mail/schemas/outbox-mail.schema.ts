import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * An e-mail waiting to be sent, or sent. Requests only insert here and return; the outbox worker
 * sends. The `_id` is the caller's idempotency key (e.g. `notification:<id>`), so a retried or
 * duplicated enqueue stores one mail.
 */
@Schema({ collection: 'mail_outbox', versionKey: false })
export class OutboxMail {
  @Prop({ type: String })
  _id: string;

  @Prop({ required: true })
  to: string;

  @Prop({ required: true })
  subject: string;

  @Prop({ required: true })
  text: string;

  @Prop({ required: true })
  html: string;

  @Prop({ type: Object, default: {} })
  headers: Record<string, string>;

  /** Sending attempts claimed so far; attempt n is claimed by inserting `<_id>:<n>` into mail_claims. */
  @Prop({ default: 0 })
  attempts: number;

  /** Not before this time: the next try, or the end of the current attempt's lease. */
  @Prop({ required: true, index: true })
  nextAttemptAt: Date;

  @Prop({ type: Date, default: null })
  sentAt: Date | null;

  /** Set when the last allowed attempt failed: the mail is given up. */
  @Prop({ type: Date, default: null })
  failedAt: Date | null;

  @Prop({ type: String, default: null })
  lastError: string | null;

  @Prop({ required: true })
  createdAt: Date;
}

export const OutboxMailSchema = SchemaFactory.createForClass(OutboxMail);

/** One row per claimed sending attempt: the unique `_id` lets exactly one instance make it. */
@Schema({ collection: 'mail_claims', versionKey: false })
export class MailClaim {
  @Prop({ type: String })
  _id: string;

  @Prop({ required: true })
  claimedAt: Date;
}

export const MailClaimSchema = SchemaFactory.createForClass(MailClaim);
