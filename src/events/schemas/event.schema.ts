import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { indexPendingActivity, TrackedEntity } from '../../activity/schemas/pending-activity.schema';

/** A dated joint event of a project; its volunteer shifts live in their own collection. */
@Schema({ timestamps: true, collection: 'events' })
export class ProjectEvent extends TrackedEntity {
  @Prop({ type: Types.ObjectId, required: true })
  projectId: Types.ObjectId;

  @Prop({ required: true })
  title: string;

  @Prop({ default: '' })
  description: string;

  @Prop({ required: true })
  start: Date;

  @Prop({ required: true })
  end: Date;

  /** Free text (an address, "devant l'école"); may be set beside a premise. */
  @Prop({ type: String, default: null })
  location: string | null;

  /** A shared premise or piece of equipment; choosing one makes a booking request for the event. */
  @Prop({ type: Types.ObjectId, default: null })
  resourceId: Types.ObjectId | null;

  /** The booking requested for resourceId; its state is read from the bookings when serving. */
  @Prop({ type: Types.ObjectId, default: null })
  bookingId: Types.ObjectId | null;

  @Prop({ type: Number, default: null })
  expectedAttendance: number | null;

  @Prop({ default: false })
  isPublic: boolean;

  /**
   * The address of its public page (/e/<slug>), given the first time it is made public and kept when
   * it is closed and opened again; `public_event_slugs` maps it back to the event by `_id`.
   */
  @Prop({ type: String, default: null })
  publicSlug: string | null;

  /** The partner association that organizes it: its members (and coordinator admins) may edit. */
  @Prop({ type: Types.ObjectId, required: true })
  organizerAssociationId: Types.ObjectId;

  @Prop({ type: Types.ObjectId, default: null })
  createdBy: Types.ObjectId | null;

  /** Optimistic concurrency for PATCH. */
  @Prop({ default: 1 })
  version: number;

  createdAt: Date;
  updatedAt: Date;
}

export type ProjectEventDocument = HydratedDocument<ProjectEvent>;
export const ProjectEventSchema = SchemaFactory.createForClass(ProjectEvent);
ProjectEventSchema.index({ projectId: 1, start: 1 });
ProjectEventSchema.index({ createdBy: 1 });
indexPendingActivity(ProjectEventSchema);
