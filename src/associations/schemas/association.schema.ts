import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

@Schema({ timestamps: true, collection: 'associations' })
export class Association {
  @Prop({ required: true })
  name: string;

  /** Lower-cased, accent-free name and city for the directory search. */
  @Prop({ required: true, index: true })
  searchText: string;

  @Prop()
  description?: string;

  @Prop({ index: true })
  city?: string;

  @Prop()
  neighbourhood?: string;

  @Prop()
  contactEmail?: string;

  @Prop({ type: Types.ObjectId })
  createdBy?: Types.ObjectId;

  createdAt: Date;
  updatedAt: Date;
}

export type AssociationDocument = HydratedDocument<Association>;
export const AssociationSchema = SchemaFactory.createForClass(Association);
