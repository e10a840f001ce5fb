import type { DecisionKind, DecisionOutcome } from '@maillage/contract';

/** The choices an association may cast on a decision of this kind. */
export function choicesOf(decision: { kind: DecisionKind; options: string[] }): string[] {
  if (decision.kind === 'consent') return ['consent', 'objection'];
  if (decision.kind === 'yes_no') return ['yes', 'no', 'abstain'];
  return decision.options;
}

/**
 * The outcome of the votes counted at closing (one per electorate association):
 *  - consent: adopted unless an objection stands (silence consents);
 *  - yes_no: adopted when more than half of the electorate voted (abstaining counts as voting) and
 *    yes outnumbers no; rejected when it does not; no_quorum below half;
 *  - choice: the option with the most votes, or a tie (none cast counts as a tie too).
 */
export function outcomeOf(decision: { kind: DecisionKind; options: string[] }, choices: string[], electorateSize: number): DecisionOutcome {
  const counts: Record<string, number> = Object.fromEntries(choicesOf(decision).map((choice) => [choice, 0]));
  for (const choice of choices) counts[choice] = (counts[choice] ?? 0) + 1;
  const base = { option: null, counts, voters: choices.length, electorate: electorateSize };
  if (decision.kind === 'consent') return { ...base, result: counts.objection > 0 ? 'rejected' : 'adopted' };
  if (decision.kind === 'yes_no') {
    if (choices.length * 2 <= electorateSize) return { ...base, result: 'no_quorum' };
    return { ...base, result: counts.yes > counts.no ? 'adopted' : 'rejected' };
  }
  const best = Math.max(...decision.options.map((option) => counts[option]));
  const leaders = decision.options.filter((option) => counts[option] === best);
  return leaders.length === 1 ? { ...base, result: 'chosen', option: leaders[0] } : { ...base, result: 'tie' };
}
