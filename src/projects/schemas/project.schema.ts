import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { signalAccessWrites } from '../../common/access/access-writes';
import { indexPendingActivity, TrackedEntity } from '../../activity/schemas/pending-activity.schema';

export const PROJECT_STATUSES = ['draft', 'active', 'completed', 'archived'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

@Schema({ _id: false })
export class Charter {
  @Prop({ required: true })
  version: number;

  @Prop({ required: true })
  text: string;

  @Prop({ required: true })
  updatedAt: Date;

  @Prop({ type: Types.ObjectId })
  updatedBy?: Types.ObjectId;

  /** The decision that adopted this version, when there was one. */
  @Prop({ type: Types.ObjectId, default: null })
  decisionId?: Types.ObjectId | null;
}
export const CharterSchema = SchemaFactory.createForClass(Charter);

@Schema({ timestamps: true, collection: 'projects' })
export class Project extends TrackedEntity {
  @Prop({ required: true })
  title: string;

  @Prop()
  description?: string;

  @Prop({ type: Types.ObjectId, required: true, index: true })
  coordinatorAssociationId: Types.ObjectId;

  @Prop({ type: String, enum: PROJECT_STATUSES, default: 'draft' })
  status: ProjectStatus;

  @Prop()
  startDate?: Date;

  @Prop()
  endDate?: Date;

  @Prop({ type: CharterSchema, required: true })
  charter: Charter;

  @Prop({ type: Types.ObjectId })
  createdBy?: Types.ObjectId;

  /** How volunteer time is valued in the project's contributions; absent: the default rate (valuation.ts). */
  @Prop({ type: { volunteerHourlyRateEuros: { type: Number, default: null } }, default: null, _id: false })
  valuation?: { volunteerHourlyRateEuros: number | null } | null;

  /** Optimistic concurrency for PATCH. */
  @Prop({ default: 1 })
  version: number;

  createdAt: Date;
  updatedAt: Date;
}

export type ProjectDocument = HydratedDocument<Project>;
export const ProjectSchema = SchemaFactory.createForClass(Project);
// Access checks remember a project (its status decides writes) until the access mark moves.
signalAccessWrites(ProjectSchema);
// Account export and erasure find what a user created or last edited.
ProjectSchema.index({ createdBy: 1 });
ProjectSchema.index({ 'charter.updatedBy': 1 });
indexPendingActivity(ProjectSchema);
