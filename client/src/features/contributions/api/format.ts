// How the "Apports" screens write euros, quantities and calendar days, in the reader's language.
import type { ContributionView } from '@maillage/contract';

export const formatEuros = (value: number, locale: string): string => new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(value);

export const formatQuantity = (value: number, locale: string): string => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);

export const formatShare = (fraction: number, locale: string): string =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);

/** "2026-06-01" → "1er juin 2026" in French (as French people write the first), "June 1, 2026" in English. */
export function formatCalendarDay(day: string, locale: string): string {
  const format = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
  const instant = new Date(`${day}T12:00:00Z`);
  if (!locale.startsWith('fr')) return format.format(instant);
  return format
    .formatToParts(instant)
    .map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

/** The i18n key and values saying how an item's value was found ("4 h × 12,02 € de l’heure"). */
export function computationOf(item: Pick<ContributionView, 'valuation' | 'quantity'>, locale: string): { key: string; values: Record<string, string> } {
  const { method, rateEuros, per } = item.valuation;
  if (method === 'rate' && rateEuros !== null) {
    return {
      key: `contributions.computed.rate_${per ?? 'hour'}`,
      values: { quantity: formatQuantity(item.quantity, locale), rate: formatEuros(rateEuros, locale) },
    };
  }
  return { key: `contributions.computed.${method}`, values: {} };
}
