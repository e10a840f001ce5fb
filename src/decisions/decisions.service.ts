import type { DecisionView } from '@maillage/contract';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { appendedData, Completed, newOperation, PendingActivityService, TrackedRow } from '../activity/pending-activity.service';
import { AccessService } from '../common/access/access.service';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, conflict, forbidden } from '../common/errors/problem.exception';
import { oid } from '../common/ids';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination/pagination';
import { UserDataRegistry } from '../users/user-data.registry';
import { DecisionClosing } from './decision-closing.service';
import { choicesOf } from './decision-outcome';
import { DecisionRow, DecisionViews, sameId, VoteRow, voteView } from './decision-views';
import { CastVoteDto, CreateDecisionDto, DecisionListQueryDto, MAX_OPEN_MS, MIN_OPEN_MS } from './dto/decision.dto';
import { Decision, DecisionClaim, DecisionTally, DecisionVote } from './schemas/decision.schema';

/** What a vote replaced, to put back if the vote lost its race with the closing. */
type PreviousVote = Pick<DecisionVote, 'choice' | 'comment' | 'castBy' | 'castAt' | 'opId'> | null;

/** Proposals put to a project's active partners, one voice per association (see DecisionClosing for the end). */
@Injectable()
export class DecisionsService implements OnModuleInit {
  constructor(
    @InjectModel(Decision.name) private readonly decisions: Model<Decision>,
    @InjectModel(DecisionVote.name) private readonly votes: Model<DecisionVote>,
    @InjectModel(DecisionClaim.name) private readonly claims: Model<DecisionClaim>,
    @InjectModel(DecisionTally.name) private readonly tallies: Model<DecisionTally>,
    private readonly access: AccessService,
    private readonly pending: PendingActivityService,
    private readonly views: DecisionViews,
    private readonly closing: DecisionClosing,
    private readonly registry: UserDataRegistry,
  ) {}

  onModuleInit(): void {
    const decisionOnly = async (row: DecisionRow) => ({ decision: await this.views.viewOf(row) });
    this.pending.register<Decision>({
      model: this.decisions,
      projectOf: (row) => row.projectId,
      build: { 'decision.opened': decisionOnly, 'decision.closed': decisionOnly, 'decision.withdrawn': decisionOnly },
    });
    this.pending.register<DecisionVote>({
      model: this.votes,
      projectOf: (row) => row.projectId,
      build: {
        // The fence of DecisionClosing: a vote that the closing did not count is undone, unlogged.
        'decision.voted': async (row, operation) => {
          if (!(await this.closing.counted(row.decisionId, operation.opId))) {
            await this.undoVote(row, operation.opId, (operation.detail?.previous as PreviousVote) ?? null);
            return null;
          }
          const decision = await this.decisions.findById(row.decisionId).lean<DecisionRow>();
          return { decision: await this.views.viewOf(decision!), vote: voteView(row) };
        },
      },
    });
    this.registry.register({ name: 'decisions', export: (userId) => this.exportUserData(userId), erase: (userId) => this.eraseUserData(userId) });
  }

  /** An admin of an active partner opens a decision; the active partners now are its electorate. */
  async create(user: AuthUser, projectId: string, input: CreateDecisionDto): Promise<DecisionView> {
    const grant = await this.access.requireProject(user.id, projectId, 'project.write');
    if (!grant.adminAssociationIds.length) throw forbidden('Only an admin of a partner association can propose a decision');
    const options = input.options ?? [];
    if (input.kind === 'choice' && options.length < 2) throw badRequest('options', 'a choice needs 2 to 10 options');
    if (input.kind !== 'choice' && options.length) throw badRequest('options', `must be left out for a ${input.kind} decision`);
    if (new Set(options.map((option) => option.toLocaleLowerCase('fr'))).size !== options.length) throw badRequest('options', 'must be distinct');
    const closesAt = new Date(input.closesAt);
    const ahead = closesAt.getTime() - Date.now();
    if (ahead < MIN_OPEN_MS) throw badRequest('closesAt', 'must be in the future');
    if (ahead > MAX_OPEN_MS) throw badRequest('closesAt', 'must be at most a year ahead');
    const electorate = (await this.access.activePartnerIds(grant.project._id)).map(oid);
    const fields = {
      projectId: grant.project._id,
      title: input.title,
      body: input.body?.trim() || null,
      kind: input.kind,
      options,
      closesAt,
      status: 'open',
      electorate,
      createdBy: oid(user.id),
    };
    const done = await this.pending.insert(this.decisions, fields, newOperation('decision.opened', user.id));
    this.closing.schedule(done.row);
    return appendedData(done, 'decision');
  }

  /**
   * Open decisions first (soonest to close first), then the others (latest ended first). A project
   * holds tens of decisions, so they are sorted here and paged by position.
   */
  async list(user: AuthUser, projectId: string, query: DecisionListQueryDto): Promise<Page<DecisionView>> {
    const grant = await this.access.requireProject(user.id, projectId, 'project.read');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = decodeCursor<{ p: number }>(query.cursor)?.p ?? 0;
    const rows = await this.decisions.find({ projectId: grant.project._id, ...(query.status ? { status: query.status } : {}) }).lean<DecisionRow[]>();
    const rank = (row: DecisionRow) => (row.status === 'open' ? row.closesAt.getTime() : Number.MAX_SAFE_INTEGER - (row.closedAt?.getTime() ?? 0) / 2);
    rows.sort((a, b) =>
      (a.status === 'open') !== (b.status === 'open') ? (a.status === 'open' ? -1 : 1) : rank(a) - rank(b) || String(a._id).localeCompare(String(b._id)),
    );
    const slice = rows.slice(offset, offset + limit + 1);
    const views = await this.views.viewsOf(slice);
    return toPage(views, limit, () => ({ p: offset + limit }));
  }

  async get(user: AuthUser, decisionId: string): Promise<DecisionView> {
    const { child } = await this.access.requireProjectChild(user.id, this.decisions, decisionId, 'project.read', 'Decision');
    return this.views.viewOf(await this.settled(child));
  }

  /**
   * An admin votes for an electorate association; voting again replaces its vote while open. The vote
   * is one document per (decision, association): inserted the first time (the unique index makes
   * racing first votes one document, the losers then replace it), replaced afterwards — last write wins.
   */
  async vote(user: AuthUser, decisionId: string, input: CastVoteDto): Promise<DecisionView> {
    const { child: decision, grant } = await this.access.requireProjectChild(user.id, this.decisions, decisionId, 'project.write', 'Decision');
    this.access.requireAssociationAdminIn(grant, input.associationId, 'vote for it', { invited: false });
    if (!decision.electorate.some((id) => sameId(id, input.associationId))) {
      throw forbidden('This association was not an active partner when the decision opened: it has no voice in it');
    }
    if (!choicesOf(decision).includes(input.choice)) throw badRequest('choice', `must be one of: ${choicesOf(decision).join(', ')}`);
    const comment = input.comment?.trim() || null;
    if (input.choice === 'objection' && !comment) throw badRequest('comment', 'an objection needs a comment saying why');
    await this.requireOpen(decision);

    const operation = newOperation('decision.voted', user.id);
    const key = { decisionId: decision._id, associationId: oid(input.associationId) };
    const cast = { choice: input.choice, comment, castBy: oid(user.id), castAt: operation.at, opId: operation.opId };
    let done: Completed<DecisionVote> | null = null;
    const previous = await this.votes.findOne(key).lean<VoteRow>();
    if (!previous) {
      try {
        done = await this.pending.insert(this.votes, { ...key, projectId: decision.projectId, ...cast }, { ...operation, detail: { previous: null } });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    if (!done) {
      const replaced: PreviousVote = previous ?? (await this.votes.findOne(key).lean<VoteRow>());
      const kept = replaced && { choice: replaced.choice, comment: replaced.comment, castBy: replaced.castBy, castAt: replaced.castAt, opId: replaced.opId };
      done = await this.pending.update(this.votes, key, { $set: cast }, { ...operation, detail: { previous: kept } });
    }
    if (!done?.activity) throw await this.ended(await this.settled(decision));
    return appendedData(done, 'decision');
  }

  /** The author or a coordinator admin closes it before `closesAt`. */
  async close(user: AuthUser, decisionId: string): Promise<DecisionView> {
    const { child: decision, grant } = await this.access.requireProjectChild(user.id, this.decisions, decisionId, 'project.write', 'Decision');
    if (!grant.isCoordinatorAdmin && !sameId(decision.createdBy ?? '', user.id)) {
      throw forbidden('Only its author or an admin of the coordinating association can close a decision');
    }
    return this.end(decision, 'close', user.id);
  }

  /** Its author withdraws it while open: no outcome. */
  async withdraw(user: AuthUser, decisionId: string): Promise<DecisionView> {
    const { child: decision } = await this.access.requireProjectChild(user.id, this.decisions, decisionId, 'project.write', 'Decision');
    if (!sameId(decision.createdBy ?? '', user.id)) throw forbidden('Only its author can withdraw a decision');
    return this.end(decision, 'withdraw', user.id);
  }

  private async end(decision: DecisionRow, action: 'close' | 'withdraw', userId: string): Promise<DecisionView> {
    await this.requireOpen(decision);
    const won = await this.closing.claim(decision._id, action, userId);
    const ended = await this.closing.finish(decision._id);
    // Someone (or the scheduler) ended it first: this request changed nothing.
    if (!won) throw await this.ended(ended ?? decision);
    return this.views.viewOf(ended!);
  }

  /** 409 with the current decision unless it is open; one past its closesAt (or being closed) is closed now. */
  private async requireOpen(decision: DecisionRow): Promise<void> {
    if (decision.status !== 'open') throw await this.ended(await this.settled(decision));
    const due = decision.closesAt.getTime() <= Date.now();
    if (due || (await this.closing.isClaimed(decision._id))) {
      if (due) await this.closing.closeAtDeadline(decision._id);
      throw await this.ended(await this.settled(decision));
    }
  }

  /** The decision as it stands, with a closing under way finished first. */
  private async settled(decision: DecisionRow): Promise<DecisionRow> {
    if (decision.status === 'open') return (await this.closing.finish(decision._id)) ?? decision;
    return decision;
  }

  /** The 409 of any change to a decision that is no longer open, carrying it as it is. */
  private async ended(decision: DecisionRow) {
    const current = await this.views.viewOf(decision);
    return conflict(`This decision is ${decision.status}: votes and changes are over`, { code: 'decision_ended', current });
  }

  private async undoVote(row: TrackedRow<DecisionVote>, opId: Types.ObjectId, previous: PreviousVote): Promise<void> {
    const mine = { _id: row._id, opId };
    if (previous) await this.votes.updateOne(mine, { $set: previous });
    else await this.votes.deleteOne(mine);
  }

  private async exportUserData(userId: string) {
    const proposed = await this.decisions
      .find({ createdBy: oid(userId) })
      .sort({ createdAt: 1 })
      .lean<DecisionRow[]>();
    const cast = await this.votes
      .find({ castBy: oid(userId) })
      .sort({ castAt: 1 })
      .lean<VoteRow[]>();
    return { proposed: await this.views.viewsOf(proposed), votes: cast.map((row) => ({ decisionId: String(row.decisionId), ...voteView(row) })) };
  }

  /**
   * The association's voice stays (its choice and comment); only who cast it, who proposed and who
   * closed are forgotten. Ended decisions never change otherwise, so their copies are rewritten read
   * then write without a race.
   */
  private async eraseUserData(userId: string): Promise<void> {
    const id = oid(userId);
    await this.decisions.updateMany({ createdBy: id }, { $set: { createdBy: null } }, { timestamps: false });
    await this.decisions.updateMany({ closedBy: id }, { $set: { closedBy: null } }, { timestamps: false });
    await this.votes.updateMany({ castBy: id }, { $set: { castBy: null } });
    await this.claims.updateMany({ by: id }, { $set: { by: null } });
    const forget = <T extends { castBy: Types.ObjectId | null }>(votes: T[]) =>
      votes.map((vote) => (vote.castBy && vote.castBy.equals(id) ? { ...vote, castBy: null } : vote));
    for (const row of await this.decisions.find({ 'votes.castBy': id }, { votes: 1 }).lean<DecisionRow[]>()) {
      await this.decisions.updateOne({ _id: row._id }, { $set: { votes: forget(row.votes ?? []) } }, { timestamps: false });
    }
    for (const row of await this.tallies.find({ 'votes.castBy': id }, { votes: 1 }).lean<DecisionTally[]>()) {
      await this.tallies.updateOne({ _id: row._id }, { $set: { votes: forget(row.votes) } });
    }
  }
}
