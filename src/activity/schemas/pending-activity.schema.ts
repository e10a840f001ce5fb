import { Prop, Schema as NestSchema, SchemaFactory } from '@nestjs/mongoose';
import { Schema, Types } from 'mongoose';
import { ActivityFacts } from './activity-facts';

/**
 * The activity an entity write still owes, stored IN the written document by the same single-document
 * write. Its `opId` becomes the activity's `_id`, so appending it twice stores it once. See
 * PendingActivityService for the protocol.
 */
@NestSchema({ _id: false, versionKey: false })
export class PendingActivity extends ActivityFacts {
  @Prop({ type: Types.ObjectId, required: true })
  opId: Types.ObjectId;

  /** Facts of the operation that the document does not keep (which fields changed, the previous value…). */
  @Prop({ type: Object, default: null })
  detail: Record<string, unknown> | null;

  /** The operation deletes the document: it is hidden from readers until the activity is appended. */
  @Prop({ default: false })
  removes: boolean;

  /** Further activities of the same operation, with the same data, appended after it (each once). */
  @Prop({ type: [{ _id: false, opId: { type: Types.ObjectId, required: true }, type: { type: String, required: true } }], default: undefined })
  followUps?: { opId: Types.ObjectId; type: string }[];
}

export const PendingActivitySchema = SchemaFactory.createForClass(PendingActivity);

/** The prop of a tracked entity (TrackedEntity declares it). */
export const PENDING_ACTIVITY_PROP = { type: PendingActivitySchema, default: null } as const;

/**
 * What every entity written together with its activity inherits: the operation its last write may
 * still owe (see PendingActivityService). Not a schema of its own.
 */
export abstract class TrackedEntity {
  /** Set while the activity of the document's last write is not yet appended. */
  @Prop(PENDING_ACTIVITY_PROP)
  pendingActivity?: PendingActivity | null;
}

/** Lets the start-up sweep find unfinished operations without scanning (on MongoDB; FerretDB v1 scans anyway). */
export function indexPendingActivity(schema: Schema): void {
  schema.index({ 'pendingActivity.opId': 1 });
}

/** A filter term matching documents with no unfinished operation (missing and null alike). */
export const NO_PENDING_ACTIVITY = { pendingActivity: null } as const;

/** A filter term hiding documents whose deletion is under way. */
export const NOT_BEING_REMOVED = { 'pendingActivity.removes': { $ne: true } } as const;

/** Whether a document's deletion is under way: readers treat it as gone already. */
export function isBeingRemoved(row: object): boolean {
  return (row as { pendingActivity?: { removes?: boolean } | null }).pendingActivity?.removes === true;
}
