import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

export const RESOURCE_KINDS = ['premise', 'equipment', 'vehicle'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export const RESOURCE_SHARINGS = ['private', 'partners', 'network'] as const;
export type ResourceSharing = (typeof RESOURCE_SHARINGS)[number];
export const RESOURCE_VALUATION_PERIODS = ['hour', 'day'] as const;
export type ResourceValuationPeriod = (typeof RESOURCE_VALUATION_PERIODS)[number];
export const RESOURCE_STATUSES = ['active', 'archived'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

/** One weekly opening slot, in Europe/Paris wall-clock time; day 0 = Sunday … 6 = Saturday. */
@Schema({ _id: false })
export class OpeningSlot {
  @Prop({ required: true })
  day: number;

  @Prop({ required: true })
  opens: string;

  @Prop({ required: true })
  closes: string;
}
export const OpeningSlotSchema = SchemaFactory.createForClass(OpeningSlot);

@Schema({ timestamps: true, collection: 'resources' })
export class Resource {
  @Prop({ type: Types.ObjectId, required: true })
  associationId: Types.ObjectId;

  @Prop({ type: String, enum: RESOURCE_KINDS, required: true })
  kind: ResourceKind;

  @Prop({ required: true })
  name: string;

  /** Lower-cased, accent-free name, description and address for the catalogue search. */
  @Prop({ required: true })
  searchText: string;

  @Prop()
  description?: string;

  /** How many identical units can be lent at once (premises: always 1). */
  @Prop({ required: true, default: 1 })
  quantity: number;

  /** How many people fit (premises, vehicles). */
  @Prop()
  capacity?: number;

  @Prop()
  address?: string;

  /** The owner lets events' public pages show the address (open doors); otherwise only the name. */
  @Prop({ default: false })
  addressIsPublic: boolean;

  @Prop()
  storagePlace?: string;

  /** House rules shown before booking. */
  @Prop()
  rules?: string;

  @Prop({ default: false })
  stepFreeAccess: boolean;

  @Prop()
  accessibilityNotes?: string;

  @Prop({ type: String, enum: RESOURCE_SHARINGS, required: true })
  sharing: ResourceSharing;

  @Prop({ default: true })
  requiresApproval: boolean;

  /** Empty: bookable at any time. */
  @Prop({ type: [OpeningSlotSchema], default: [] })
  openingHours: OpeningSlot[];

  /** What lending it is worth, for the contributions of the projects it serves; null: not valued. */
  @Prop({
    type: { euros: { type: Number, required: true }, per: { type: String, enum: RESOURCE_VALUATION_PERIODS, required: true } },
    default: null,
    _id: false,
  })
  valuation?: { euros: number; per: ResourceValuationPeriod } | null;

  @Prop({ type: String, enum: RESOURCE_STATUSES, default: 'active' })
  status: ResourceStatus;

  /** Optimistic concurrency for PATCH. */
  @Prop({ default: 1 })
  version: number;

  @Prop({ type: Types.ObjectId })
  createdBy?: Types.ObjectId | null;

  createdAt: Date;
  updatedAt: Date;
}

export type ResourceDocument = HydratedDocument<Resource>;
export const ResourceSchema = SchemaFactory.createForClass(Resource);
ResourceSchema.index({ associationId: 1, status: 1 });
ResourceSchema.index({ sharing: 1, status: 1 });
