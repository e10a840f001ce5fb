import type { ContributionKind, ContributionsByKind, ContributionView, InKindRow, KindTotals, TaskStatus } from '@maillage/contract';
import { roundCents } from '../contributions/valuation';

export const KINDS: ContributionKind[] = ['money', 'volunteer_hours', 'material', 'premises', 'service'];
export const TASK_STATUSES: TaskStatus[] = ['todo', 'in_progress', 'blocked', 'done'];

/** Units that mean hours (manual volunteer hours may be counted in other units, e.g. days). */
const HOUR_UNITS = new Set(['h', 'hour', 'hours', 'heure', 'heures']);

/** The pairs of accounts of the contributions volontaires en nature, in the order of the chart. */
export const IN_KIND_ACCOUNTS: {
  account: InKindRow['account'];
  counterpart: InKindRow['counterpart'];
  label: string;
  holds: (item: ContributionView) => boolean;
}[] = [
  { account: '864', counterpart: '870', label: 'Personnel bénévole — Bénévolat', holds: (item) => item.kind === 'volunteer_hours' },
  {
    account: '861',
    counterpart: '871',
    label: 'Mise à disposition gratuite de biens — Prestations en nature',
    holds: (item) => item.kind === 'premises' || (item.kind === 'material' && !item.gift),
  },
  { account: '862', counterpart: '871', label: 'Prestations — Prestations en nature', holds: (item) => item.kind === 'service' },
  { account: '860', counterpart: '875', label: 'Secours en nature — Dons en nature', holds: (item) => item.kind === 'material' && item.gift },
];

export const emptyKinds = (): ContributionsByKind =>
  Object.fromEntries(KINDS.map((kind) => [kind, { pledged: 0, delivered: 0, valueEuros: 0 } satisfies KindTotals])) as ContributionsByKind;

/** Adds the items to `into` (euros by status and kind); answers the delivered volunteer hours. */
export function addUp(into: ContributionsByKind, items: ContributionView[]): number {
  let hours = 0;
  for (const item of items) {
    const totals = into[item.kind];
    totals[item.status] = roundCents(totals[item.status] + item.valueEuros);
    totals.valueEuros = roundCents(totals.valueEuros + item.valueEuros);
    if (item.kind === 'volunteer_hours' && item.status === 'delivered' && HOUR_UNITS.has(item.unit.toLowerCase())) hours += item.quantity;
  }
  return Math.round(hours * 100) / 100;
}

export const totalValue = (kinds: ContributionsByKind): number => roundCents(KINDS.reduce((sum, kind) => sum + kinds[kind].valueEuros, 0));

export function inKindTable(items: ContributionView[]): InKindRow[] {
  const delivered = items.filter((item) => item.status === 'delivered');
  return IN_KIND_ACCOUNTS.map(({ holds, ...row }) => ({
    ...row,
    valueEuros: roundCents(delivered.filter(holds).reduce((sum, item) => sum + item.valueEuros, 0)),
  }));
}
