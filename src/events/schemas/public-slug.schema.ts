import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/**
 * The address of an event's public page → the event. Keyed by `_id` so that the public page is one
 * lookup by `_id` (FerretDB scans for any other query) and two events can never get the same slug
 * (claimed by insert). A slug outlives its event's closing: reopening gives the same address.
 */
@Schema({ collection: 'public_event_slugs', timestamps: { createdAt: true, updatedAt: false } })
export class PublicSlug {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: Types.ObjectId, required: true })
  eventId: Types.ObjectId;
}

export const PublicSlugSchema = SchemaFactory.createForClass(PublicSlug);
