import type { ContributionValuation } from '@maillage/contract';
import type { ContributionKind } from './schemas/contribution.schema';

/** The SMIC horaire brut of 2026: the floor many associations value volunteer hours at (some use a loaded rate). */
export const DEFAULT_VOLUNTEER_HOURLY_RATE_EUROS = 12.02;

/** Units that mean hours, as recorders type them. */
const HOUR_UNITS = new Set(['h', 'hour', 'hours', 'heure', 'heures']);

export const roundCents = (euros: number): number => Math.round(euros * 100) / 100;

/** The project's volunteer hourly rate (its own, or the default). */
export function volunteerRateOf(project: { valuation?: { volunteerHourlyRateEuros?: number | null } | null }): number {
  return project.valuation?.volunteerHourlyRateEuros ?? DEFAULT_VOLUNTEER_HOURLY_RATE_EUROS;
}

/**
 * The value of a manual item and how it was found: the given value; else money at its amount,
 * volunteer hours at the project's rate; else nothing yet (0, method none) until someone values it.
 */
export function valueManual(
  item: { kind: ContributionKind; quantity: number; unit: string; valueEuros: number | null },
  volunteerRate: number,
): { valueEuros: number; valuation: ContributionValuation } {
  if (item.valueEuros !== null && item.valueEuros !== undefined) {
    return { valueEuros: item.valueEuros, valuation: { method: 'given', rateEuros: null, per: null } };
  }
  if (item.kind === 'money') return { valueEuros: roundCents(item.quantity), valuation: { method: 'amount', rateEuros: null, per: null } };
  if (item.kind === 'volunteer_hours' && HOUR_UNITS.has(item.unit.toLowerCase())) {
    return { valueEuros: roundCents(item.quantity * volunteerRate), valuation: { method: 'rate', rateEuros: volunteerRate, per: 'hour' } };
  }
  return { valueEuros: 0, valuation: { method: 'none', rateEuros: null, per: null } };
}
