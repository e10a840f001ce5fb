import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

@Schema({ timestamps: true, collection: 'associations' })
export class Association {
  @Prop({ required: true })
  name: string;

  /** Lower-cased, accent-free name and city for the directory search. */
  @Prop({ required: true, index: true })
  searchText: string;

  /** The normalized name: the directory's sort order (FerretDB has no collation). */
  @Prop({ required: true })
  sortKey: string;

  @Prop()
  description?: string;

  @Prop({ index: true })
  city?: string;

  /** The normalized city, so the `city` filter ignores case and accents. */
  @Prop({ index: true })
  cityKey?: string;

  @Prop()
  neighbourhood?: string;

  @Prop()
  contactEmail?: string;

  @Prop({ type: Types.ObjectId })
  createdBy?: Types.ObjectId | null;

  /**
   * How many admin memberships there are, at most (never more than the real count): demoting or
   * removing an admin first takes a seat with a conditional decrement (`adminCount > 1`), so two
   * racing demotions cannot both pass and leave the association without an admin. Promotions add
   * the seat after the membership changed.
   */
  @Prop({ required: true, default: 0, min: 0 })
  adminCount: number;

  /** Incremented by every profile change; a PATCH may send it to refuse a stale write. */
  @Prop({ required: true, default: 1 })
  version: number;

  createdAt: Date;
  updatedAt: Date;
}

export type AssociationDocument = HydratedDocument<Association>;
export const AssociationSchema = SchemaFactory.createForClass(Association);
AssociationSchema.index({ sortKey: 1, _id: 1 });
