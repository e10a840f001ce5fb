import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { PendingActivityService } from '../activity/pending-activity.service';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { oid } from '../common/ids';
import { outcomeOf } from './decision-outcome';
import { DecisionRow, VoteRow } from './decision-views';
import { CountedVote, Decision, DecisionClaim, DecisionTally, DecisionVote } from './schemas/decision.schema';

/** Every instance looks for due decisions this often (and at start); a decision due sooner gets a timer. */
export const CLOSING_SCAN_MS = 15_000;

/**
 * Ends a decision exactly once — closed at `closesAt` by whichever instance is up (or on the next
 * start), closed early by a person, or withdrawn — without transactions, and without trusting a
 * conditional update to be atomic (FerretDB v1 reads then writes; two instances can both match).
 *
 * 1. Claim: insert DecisionClaim with `_id` = the decision's id. The unique `_id` lets exactly one
 *    claim stand; it fixes the action (close or withdraw), who, when, and the activity's opId.
 * 2. Tally (close only): read the votes, compute the outcome, insert DecisionTally with `_id` = the
 *    decision's id. Finishers racing here may read different votes; only the first insert stands.
 * 3. Copy claim and tally into the decision (status, votes, outcome) with the claim's opId as its
 *    pending activity: every finisher writes the same values and the same opId, so however many
 *    race, the decision reads the same and `decision.closed` is appended once.
 *
 * Votes are fenced by the claim: a vote checks for a claim after writing itself (see the
 * decision.voted builder). If none exists then, every tally reads after that write and counts it;
 * if one exists, the vote stands only if the tally that stood counted it, and is undone otherwise.
 * A crash after 1 or 2 leaves a claim on an open decision: the scan finishes it.
 */
@Injectable()
export class DecisionClosing implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DecisionClosing.name);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private scanTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @InjectModel(Decision.name) private readonly decisions: Model<Decision>,
    @InjectModel(DecisionVote.name) private readonly votes: Model<DecisionVote>,
    @InjectModel(DecisionClaim.name) private readonly claims: Model<DecisionClaim>,
    @InjectModel(DecisionTally.name) private readonly tallies: Model<DecisionTally>,
    private readonly pending: PendingActivityService,
  ) {}

  onApplicationBootstrap(): void {
    // Closes what came due while the app was down; in the background, as the pending sweep does.
    void this.scan();
    this.scanTimer = setInterval(() => void this.scan(), CLOSING_SCAN_MS);
    this.scanTimer.unref();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearInterval(this.scanTimer);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Closes due decisions, finishes claimed ones, and sets timers for those due before the next scan. */
  async scan(): Promise<void> {
    try {
      const open = await this.decisions.find({ status: 'open' }, { closesAt: 1 }).lean<Pick<DecisionRow, '_id' | 'closesAt'>[]>();
      if (!open.length) return;
      const claimed = new Set((await this.claims.find({ _id: { $in: open.map((row) => row._id) } }, { _id: 1 }).lean()).map((row) => String(row._id)));
      for (const row of open) {
        if (claimed.has(String(row._id)) || row.closesAt.getTime() <= Date.now()) await this.closeAtDeadline(row._id, !claimed.has(String(row._id)));
        else this.schedule(row);
      }
    } catch (error) {
      this.logger.warn(`Scan of due decisions failed: ${(error as Error).message}`);
    }
  }

  /** A timer for a decision due before the next scan (this instance's own, or one the scan found). */
  schedule(decision: { _id: Types.ObjectId; closesAt: Date }): void {
    const key = String(decision._id);
    const delay = decision.closesAt.getTime() - Date.now();
    if (this.stopped || this.timers.has(key) || delay > CLOSING_SCAN_MS * 2) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        void this.closeAtDeadline(decision._id).catch((error: Error) => this.logger.warn(`Closing decision ${key} failed: ${error.message}`));
      },
      Math.max(0, delay),
    );
    timer.unref();
    this.timers.set(key, timer);
  }

  /** The scheduler's close at `closesAt` (no actor); finishes an existing claim instead when there is one. */
  async closeAtDeadline(decisionId: Types.ObjectId, claim = true): Promise<void> {
    if (claim) await this.claim(decisionId, 'close', null);
    await this.finish(decisionId);
  }

  /** Step 1: whether this claim is the one that stands. */
  async claim(decisionId: Types.ObjectId, action: 'close' | 'withdraw', by: string | null): Promise<boolean> {
    try {
      await this.claims.create({ _id: decisionId, action, by: by ? oid(by) : null, at: new Date(), opId: new Types.ObjectId() });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async isClaimed(decisionId: Types.ObjectId): Promise<boolean> {
    return !!(await this.claims.exists({ _id: decisionId }));
  }

  /** Steps 2 and 3, idempotent: the decision as it ends (unchanged when nothing claimed it). */
  async finish(decisionId: Types.ObjectId): Promise<DecisionRow | null> {
    const claim = await this.claims.findById(decisionId).lean<DecisionClaim>();
    let decision = await this.decisions.findById(decisionId).lean<DecisionRow>();
    if (!claim || !decision) return decision;
    if (decision.status === 'open') {
      const ended =
        claim.action === 'withdraw'
          ? { status: 'withdrawn', closedAt: claim.at, closedBy: claim.by }
          : { status: 'closed', closedAt: claim.at, closedBy: claim.by, ...(await this.tally(decision)) };
      const type = claim.action === 'withdraw' ? 'decision.withdrawn' : 'decision.closed';
      const operation = { opId: claim.opId, type, actorId: claim.by, at: claim.at, detail: null, removes: false };
      const done = await this.pending.update(this.decisions, { _id: decisionId, status: 'open' }, { $set: ended }, operation);
      if (done) return done.row;
      decision = await this.decisions.findById(decisionId).lean<DecisionRow>();
    }
    // Another finisher wrote it; its activity may still be owed (a crash in between).
    if (decision?.pendingActivity) await this.pending.settle(this.decisions, decision);
    return decision;
  }

  /** Step 2: the tally that stands, inserted by this call or an earlier one. */
  async tally(decision: DecisionRow): Promise<Pick<DecisionTally, 'votes' | 'outcome'>> {
    const existing = await this.tallies.findById(decision._id).lean<DecisionTally>();
    if (existing) return existing;
    const electorate = decision.electorate.map(String);
    const rows = (await this.votes.find({ decisionId: decision._id }).lean<VoteRow[]>()).filter((row) => electorate.includes(String(row.associationId)));
    const votes: CountedVote[] = rows.map(({ associationId, choice, comment, castBy, castAt, opId }) => ({
      associationId,
      choice,
      comment,
      castBy,
      castAt,
      opId,
    }));
    const outcome = outcomeOf(
      decision,
      votes.map((vote) => vote.choice),
      electorate.length,
    );
    try {
      await this.tallies.create({ _id: decision._id, votes, outcome });
      return { votes, outcome };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.tallies.findById(decision._id).lean<DecisionTally>())!;
    }
  }

  /** Whether the tally that stands counted the vote written by `opId` (the decision was being closed). */
  async counted(decisionId: Types.ObjectId, opId: Types.ObjectId): Promise<boolean> {
    const claim = await this.claims.findById(decisionId).lean<DecisionClaim>();
    if (!claim) return true;
    if (claim.action === 'withdraw') return false;
    const decision = await this.finish(decisionId);
    return !!decision?.votes?.some((vote) => String(vote.opId) === String(opId));
  }
}
