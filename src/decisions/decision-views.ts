import type { DecisionView, DecisionVoteView } from '@maillage/contract';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { TrackedRow } from '../activity/pending-activity.service';
import { CountedVote, Decision, DecisionVote } from './schemas/decision.schema';

export type DecisionRow = TrackedRow<Decision>;
export type VoteRow = TrackedRow<DecisionVote>;

const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : null);

export function voteView(vote: Pick<CountedVote, 'associationId' | 'choice' | 'comment' | 'castBy' | 'castAt'>): DecisionVoteView {
  return {
    associationId: String(vote.associationId),
    choice: vote.choice,
    comment: vote.comment ?? null,
    castBy: vote.castBy ? String(vote.castBy) : null,
    castAt: iso(vote.castAt)!,
  };
}

/** A decision as the API shows it: while open, its votes are read from DecisionVote; once closed, the ones counted. */
@Injectable()
export class DecisionViews {
  constructor(@InjectModel(DecisionVote.name) private readonly votes: Model<DecisionVote>) {}

  async viewOf(row: DecisionRow): Promise<DecisionView> {
    return (await this.viewsOf([row]))[0];
  }

  /** One query for the votes of every still-open decision among `rows`. */
  async viewsOf(rows: DecisionRow[]): Promise<DecisionView[]> {
    const live = rows.filter((row) => row.status !== 'closed').map((row) => row._id);
    const voteRows = live.length ? await this.votes.find({ decisionId: { $in: live } }).lean<VoteRow[]>() : [];
    const byDecision = new Map<string, VoteRow[]>();
    for (const vote of voteRows) byDecision.set(String(vote.decisionId), [...(byDecision.get(String(vote.decisionId)) ?? []), vote]);
    return rows.map((row) => this.toView(row, row.status === 'closed' ? (row.votes ?? []) : (byDecision.get(String(row._id)) ?? [])));
  }

  private toView(row: DecisionRow, votes: Pick<CountedVote, 'associationId' | 'choice' | 'comment' | 'castBy' | 'castAt'>[]): DecisionView {
    const electorate = row.electorate.map(String);
    // Only electorate associations are ever let vote; the filter keeps the view honest regardless.
    const counted = votes.filter((vote) => electorate.includes(String(vote.associationId)));
    const voted = new Set(counted.map((vote) => String(vote.associationId)));
    return {
      id: String(row._id),
      projectId: String(row.projectId),
      title: row.title,
      body: row.body ?? null,
      kind: row.kind,
      options: row.options ?? [],
      closesAt: iso(row.closesAt)!,
      status: row.status,
      electorate,
      votes: counted.map(voteView).sort((a, b) => electorate.indexOf(a.associationId) - electorate.indexOf(b.associationId)),
      missing: electorate.filter((id) => !voted.has(id)),
      outcome: row.status === 'closed' && row.outcome ? { ...row.outcome, option: row.outcome.option ?? null } : null,
      createdBy: row.createdBy ? String(row.createdBy) : null,
      createdAt: iso(row.createdAt)!,
      closedAt: iso(row.closedAt),
      closedBy: row.closedBy ? String(row.closedBy) : null,
    };
  }
}

export const sameId = (a: Types.ObjectId | string, b: Types.ObjectId | string) => String(a) === String(b);
