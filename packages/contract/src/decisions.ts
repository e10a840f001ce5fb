// Decisions with one voice per association (GET /api/decisions/:id and the decision.* activities).

export type DecisionKind = 'consent' | 'yes_no' | 'choice';
export type DecisionStatus = 'open' | 'closed' | 'withdrawn';
/** consent: `consent|objection`; yes_no: `yes|no|abstain`; choice: one of the decision's options. */
export type DecisionChoice = string;

/** One association's voice, as cast last (while open) by one of its admins. */
export interface DecisionVoteView {
  associationId: string;
  choice: DecisionChoice;
  comment: string | null;
  /** Null once that account is erased. */
  castBy: string | null;
  castAt: string;
}

/**
 * Fixed at closing. consent: `adopted` unless an objection stands (`rejected`); yes_no: `adopted`,
 * `rejected` or `no_quorum` (more than half of the electorate must vote); choice: `chosen` (`option`
 * says which) or `tie`.
 */
export interface DecisionOutcome {
  result: 'adopted' | 'rejected' | 'no_quorum' | 'chosen' | 'tie';
  /** The chosen option (choice only). */
  option: string | null;
  /** Votes per choice. */
  counts: Record<string, number>;
  /** How many associations voted, and how many could. */
  voters: number;
  electorate: number;
}

export interface DecisionView {
  id: string;
  projectId: string;
  title: string;
  body: string | null;
  kind: DecisionKind;
  /** choice: 2–10 labels; empty for the other kinds. */
  options: string[];
  closesAt: string;
  status: DecisionStatus;
  /** The active partners when it opened: one voice each. */
  electorate: string[];
  votes: DecisionVoteView[];
  /** Electorate associations that have not voted. */
  missing: string[];
  /** Null while open and when withdrawn. */
  outcome: DecisionOutcome | null;
  createdBy: string | null;
  createdAt: string;
  /** When it closed or was withdrawn. */
  closedAt: string | null;
  /** Who closed it early or withdrew it; null when it closed at `closesAt` (or the account is erased). */
  closedBy: string | null;
}
