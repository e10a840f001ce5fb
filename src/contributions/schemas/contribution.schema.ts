import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { indexPendingActivity, TrackedEntity } from '../../activity/schemas/pending-activity.schema';

export const CONTRIBUTION_KINDS = ['money', 'volunteer_hours', 'material', 'premises', 'service'] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];
export const CONTRIBUTION_STATUSES = ['pledged', 'delivered'] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

/**
 * What an association brings to a project, recorded by hand (money, hours, material, premises,
 * services). Bookings and confirmed shift attendance are contributions too, but they are derived at
 * read time from their own collections (see derived-contributions.ts), never stored here: so they
 * can never be counted twice, and a rate change revalues them at once.
 */
@Schema({ timestamps: true, collection: 'contributions' })
export class Contribution extends TrackedEntity {
  @Prop({ type: Types.ObjectId, required: true })
  projectId: Types.ObjectId;

  /** The contributing association (a partner of the project when it was recorded). */
  @Prop({ type: Types.ObjectId, required: true })
  associationId: Types.ObjectId;

  @Prop({ type: String, enum: CONTRIBUTION_KINDS, required: true })
  kind: ContributionKind;

  @Prop({ required: true })
  description: string;

  @Prop({ required: true })
  quantity: number;

  @Prop({ required: true })
  unit: string;

  /** Given by the recorder; null: computed when read (hours at the project's rate, money at face value). */
  @Prop({ type: Number, default: null })
  valueEuros: number | null;

  /** A material item given for good (account 860/875) rather than lent. */
  @Prop({ default: false })
  gift: boolean;

  @Prop({ type: String, enum: CONTRIBUTION_STATUSES, required: true })
  status: ContributionStatus;

  /** A calendar day (YYYY-MM-DD); null: undated. */
  @Prop({ type: String, default: null })
  date: string | null;

  /** Who recorded it; null once that account is erased (the association's contribution stays). */
  @Prop({ type: Types.ObjectId, default: null })
  recordedBy: Types.ObjectId | null;

  @Prop({ default: 1 })
  version: number;

  createdAt: Date;
  updatedAt: Date;
}

export type ContributionDocument = HydratedDocument<Contribution>;
export const ContributionSchema = SchemaFactory.createForClass(Contribution);
ContributionSchema.index({ projectId: 1, date: 1 });
ContributionSchema.index({ recordedBy: 1 });
indexPendingActivity(ContributionSchema);
