import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

@Schema({ timestamps: true, collection: 'users' })
export class User {
  /** Stored trimmed and lower-cased; the unique index makes concurrent sign-ups safe. */
  @Prop({ required: true, unique: true })
  email: string;

  @Prop({ required: true })
  passwordHash: string;

  @Prop({ required: true })
  displayName: string;

  @Prop({ type: String, enum: LOCALES, default: 'fr' })
  locale: Locale;

  /** SHA-256 of the personal iCalendar feed token; the token itself is shown, never stored. */
  @Prop({ type: String, index: { unique: true, sparse: true } })
  calendarTokenHash?: string;

  /** Kept readable so GET /api/me can show the feed URL; rotating it replaces both. */
  @Prop({ type: String })
  calendarToken?: string;

  createdAt: Date;
  updatedAt: Date;
}

export type UserDocument = HydratedDocument<User>;
export const UserSchema = SchemaFactory.createForClass(User);
