// The funders' report's list of shared decisions and their outcomes ("Décisions partagées").
import type { DecisionOutcome } from '@maillage/contract';
import { Model, Types } from 'mongoose';
import { inPeriod, parisDay } from '../contributions/derived-contributions.service';
import { Decision } from '../decisions/schemas/decision.schema';
import { longDay } from './report-labels';

export interface ReportDecision {
  title: string;
  closedAt: string;
  outcome: DecisionOutcome;
}

/** The project's decisions closed within the period (by their closing day in Paris), oldest first. */
export async function closedDecisionsOf(
  decisions: Model<Decision>,
  projectId: Types.ObjectId,
  period: { from?: string; to?: string },
): Promise<ReportDecision[]> {
  const rows = await decisions.find({ projectId, status: 'closed' }, { title: 1, closedAt: 1, outcome: 1 }).sort({ closedAt: 1 }).limit(500).lean();
  return rows
    .filter((row) => row.closedAt && row.outcome && inPeriod(parisDay(row.closedAt), period))
    .map((row) => ({ title: row.title, closedAt: row.closedAt!.toISOString(), outcome: { ...row.outcome!, option: row.outcome!.option ?? null } }));
}

export function outcomeLabel(outcome: DecisionOutcome): string {
  if (outcome.result === 'adopted') return 'Adoptée';
  if (outcome.result === 'rejected') return 'Rejetée';
  if (outcome.result === 'no_quorum') return 'Quorum non atteint';
  if (outcome.result === 'chosen') return `Choix : ${outcome.option ?? ''}`;
  return 'Égalité';
}

/** One table row per decision: title, closing day, outcome, voices cast out of the electorate. */
export const decisionRows = (decisions: ReportDecision[]): string[][] =>
  decisions.map((decision) => [
    decision.title,
    longDay(decision.closedAt),
    outcomeLabel(decision.outcome),
    `${decision.outcome.voters} / ${decision.outcome.electorate}`,
  ]);
