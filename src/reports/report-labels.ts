import type { ContributionKind, ContributionSource, ContributionStatus, ContributionView } from '@maillage/contract';
import { IN_KIND_ACCOUNTS } from './summary';

/** The report speaks French: it is what an association hands to its funder. */
export const KIND_LABELS: Record<ContributionKind, string> = {
  money: 'Numéraire',
  volunteer_hours: 'Bénévolat',
  material: 'Matériel',
  premises: 'Locaux',
  service: 'Prestation',
};
export const STATUS_LABELS: Record<ContributionStatus, string> = { pledged: 'Promis', delivered: 'Réalisé' };
export const SOURCE_LABELS: Record<ContributionSource, string> = { manual: 'Saisi', booking: 'Réservation', shift: 'Créneau bénévole' };

/** The pair of class 8 accounts an in-kind item belongs to ('' for money). */
export function accountOf(item: ContributionView): string {
  const pair = IN_KIND_ACCOUNTS.find((row) => row.holds(item));
  return pair ? `${pair.account}/${pair.counterpart}` : '';
}

/** 1234.5 → "1234,50": the decimal comma French spreadsheets read as a number. */
export const decimalComma = (value: number, digits = 2): string => value.toFixed(digits).replace('.', ',');

const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
// The PDF's standard fonts have no narrow no-break space (U+202F): a no-break space looks the same.
const printable = (text: string) => text.replace(/\u202f/g, '\u00a0');
export const euros = (value: number): string => printable(EUROS.format(value));
export const number = (value: number): string => printable(NUMBER.format(value));

const DAY = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
/** "2026-06-20" (a calendar day) or an instant → "20 juin 2026". */
export const longDay = (value: string | Date): string =>
  DAY.format(typeof value === 'string' && value.length === 10 ? new Date(`${value}T12:00:00Z`) : new Date(value)).replace(/^1 /, '1er ');
export const clock = (value: string | Date): string => TIME.format(new Date(value));

/**
 * The period as the report's reader should understand it. Without bounds the report holds the whole
 * action, so it says so and gives the days its items actually fall on (never made-up bounds).
 */
export function periodLabel(from: string | null, to: string | null, itemDays: (string | null)[] = []): string {
  if (from && to) return `du ${longDay(from)} au ${longDay(to)}`;
  if (from) return `depuis le ${longDay(from)}`;
  if (to) return `jusqu’au ${longDay(to)}`;
  const days = itemDays.filter((day): day is string => !!day).sort();
  if (!days.length) return 'depuis le début de l’action';
  const [first, last] = [days[0], days[days.length - 1]];
  return first === last
    ? `depuis le début de l’action (apports datés du ${longDay(first)})`
    : `depuis le début de l’action (apports datés du ${longDay(first)} au ${longDay(last)})`;
}
