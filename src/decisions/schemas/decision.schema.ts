import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { indexPendingActivity, TrackedEntity } from '../../activity/schemas/pending-activity.schema';

export const DECISION_KINDS = ['consent', 'yes_no', 'choice'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
export const DECISION_STATUSES = ['open', 'closed', 'withdrawn'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];
export const OUTCOME_RESULTS = ['adopted', 'rejected', 'no_quorum', 'chosen', 'tie'] as const;

/** A vote as fixed at closing (the tally's copy of a DecisionVote). */
@Schema({ _id: false, versionKey: false })
export class CountedVote {
  @Prop({ type: Types.ObjectId, required: true })
  associationId: Types.ObjectId;

  @Prop({ required: true })
  choice: string;

  @Prop({ type: String, default: null })
  comment: string | null;

  @Prop({ type: Types.ObjectId, default: null })
  castBy: Types.ObjectId | null;

  @Prop({ required: true })
  castAt: Date;

  /** The operation that wrote this vote: tells a voter racing the close whether it was counted. */
  @Prop({ type: Types.ObjectId, required: true })
  opId: Types.ObjectId;
}
export const CountedVoteSchema = SchemaFactory.createForClass(CountedVote);

@Schema({ _id: false, versionKey: false })
export class Outcome {
  @Prop({ type: String, enum: OUTCOME_RESULTS, required: true })
  result: (typeof OUTCOME_RESULTS)[number];

  @Prop({ type: String, default: null })
  option: string | null;

  @Prop({ type: Object, required: true })
  counts: Record<string, number>;

  @Prop({ required: true })
  voters: number;

  @Prop({ required: true })
  electorate: number;
}
export const OutcomeSchema = SchemaFactory.createForClass(Outcome);

/**
 * A proposal put to the active partners of a project, one voice per association. While open its
 * votes live in DecisionVote; at closing they are copied here (`votes`) with the outcome, both
 * taken from the DecisionTally that fixed them, and never change again.
 */
@Schema({ timestamps: true, collection: 'decisions' })
export class Decision extends TrackedEntity {
  @Prop({ type: Types.ObjectId, required: true, index: true })
  projectId: Types.ObjectId;

  @Prop({ required: true })
  title: string;

  @Prop({ type: String, default: null })
  body: string | null;

  @Prop({ type: String, enum: DECISION_KINDS, required: true })
  kind: DecisionKind;

  @Prop({ type: [String], default: [] })
  options: string[];

  @Prop({ required: true })
  closesAt: Date;

  @Prop({ type: String, enum: DECISION_STATUSES, default: 'open' })
  status: DecisionStatus;

  /** The active partners at opening: they, and only they, vote. */
  @Prop({ type: [Types.ObjectId], required: true })
  electorate: Types.ObjectId[];

  @Prop({ type: Types.ObjectId, default: null })
  createdBy: Types.ObjectId | null;

  @Prop({ type: Date, default: null })
  closedAt: Date | null;

  @Prop({ type: Types.ObjectId, default: null })
  closedBy: Types.ObjectId | null;

  /** Set at closing: the votes counted. */
  @Prop({ type: [CountedVoteSchema], default: undefined })
  votes?: CountedVote[];

  @Prop({ type: OutcomeSchema, default: null })
  outcome: Outcome | null;

  createdAt: Date;
  updatedAt: Date;
}
export const DecisionSchema = SchemaFactory.createForClass(Decision);
DecisionSchema.index({ status: 1, closesAt: 1 });
DecisionSchema.index({ createdBy: 1 });
indexPendingActivity(DecisionSchema);

/**
 * One association's current vote on an open decision: one document per (decision, association)
 * under a unique index, replaced when an admin of that association votes again.
 */
@Schema({ collection: 'decision_votes' })
export class DecisionVote extends TrackedEntity {
  @Prop({ type: Types.ObjectId, required: true })
  decisionId: Types.ObjectId;

  @Prop({ type: Types.ObjectId, required: true })
  projectId: Types.ObjectId;

  @Prop({ type: Types.ObjectId, required: true })
  associationId: Types.ObjectId;

  @Prop({ required: true })
  choice: string;

  @Prop({ type: String, default: null })
  comment: string | null;

  @Prop({ type: Types.ObjectId, default: null })
  castBy: Types.ObjectId | null;

  @Prop({ required: true })
  castAt: Date;

  /** The operation that last wrote this vote (kept after its activity is appended). */
  @Prop({ type: Types.ObjectId, required: true })
  opId: Types.ObjectId;
}
export const DecisionVoteSchema = SchemaFactory.createForClass(DecisionVote);
DecisionVoteSchema.index({ decisionId: 1, associationId: 1 }, { unique: true });
DecisionVoteSchema.index({ castBy: 1 });
indexPendingActivity(DecisionVoteSchema);

/**
 * The claim to end a decision, inserted with `_id` = the decision's id: of all who try to close or
 * withdraw it (people, and the scheduler of every instance), exactly one insert succeeds. It also
 * fences votes: a vote written before the claim exists is counted (see DecisionClosing).
 */
@Schema({ collection: 'decision_closings', versionKey: false })
export class DecisionClaim {
  @Prop({ type: Types.ObjectId, required: true })
  _id: Types.ObjectId;

  @Prop({ type: String, enum: ['close', 'withdraw'], required: true })
  action: 'close' | 'withdraw';

  /** Null: the scheduler, at closesAt. */
  @Prop({ type: Types.ObjectId, default: null })
  by: Types.ObjectId | null;

  @Prop({ required: true })
  at: Date;

  /** The id of the decision.closed / decision.withdrawn activity: whoever finishes, it is appended once. */
  @Prop({ type: Types.ObjectId, required: true })
  opId: Types.ObjectId;
}
export const DecisionClaimSchema = SchemaFactory.createForClass(DecisionClaim);
DecisionClaimSchema.index({ by: 1 });

/**
 * The votes counted and the outcome, inserted once with `_id` = the decision's id after the claim:
 * finishers that race (or take over from a crashed one) may read different votes, but only the
 * first insert stands and every one of them copies it.
 */
@Schema({ collection: 'decision_tallies', versionKey: false })
export class DecisionTally {
  @Prop({ type: Types.ObjectId, required: true })
  _id: Types.ObjectId;

  @Prop({ type: [CountedVoteSchema], required: true })
  votes: CountedVote[];

  @Prop({ type: OutcomeSchema, required: true })
  outcome: Outcome;
}
export const DecisionTallySchema = SchemaFactory.createForClass(DecisionTally);
DecisionTallySchema.index({ 'votes.castBy': 1 });
