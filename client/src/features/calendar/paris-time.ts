// Wall-clock time in Europe/Paris, whatever the reader's device zone: a hall in Lyon opens at 18:00
// Paris time even for a volunteer whose phone is set to another zone.
import { DEFAULT_TIME_ZONE } from '@/lib/dates';

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: DEFAULT_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
});
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The Paris wall clock of an instant, with its weekday (0 = Sunday). */
export function parisClock(instant: Date | string): WallClock & { weekday: number } {
  const parts = Object.fromEntries(partsFormat.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday),
  };
}

/** The instant at which Paris clocks show this wall-clock time (the later one in the autumn overlap). */
export function parisInstant(clock: WallClock): Date {
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute);
  let guess = asUtc;
  // Two rounds settle the offset, including across a daylight-saving change.
  for (let round = 0; round < 2; round++) {
    const shown = parisClock(new Date(guess));
    const shownAsUtc = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute);
    guess += asUtc - shownAsUtc;
  }
  return new Date(guess);
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The value of an <input type="datetime-local"> showing this instant in Paris time. */
export function toParisInputValue(instant: Date | string | null | undefined): string {
  if (!instant) return '';
  const clock = parisClock(instant);
  return `${clock.year}-${pad(clock.month)}-${pad(clock.day)}T${pad(clock.hour)}:${pad(clock.minute)}`;
}

/** An <input type="datetime-local"> value read as Paris time, as an ISO instant; undefined when empty or invalid. */
export function fromParisInputValue(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  return parisInstant({ year, month, day, hour, minute }).toISOString();
}

/** Midnight (Paris) of the Monday of the week holding this instant. */
export function startOfParisWeek(instant: Date | string): Date {
  const clock = parisClock(instant);
  const back = (clock.weekday + 6) % 7;
  const monday = new Date(Date.UTC(clock.year, clock.month - 1, clock.day - back));
  return parisInstant({ year: monday.getUTCFullYear(), month: monday.getUTCMonth() + 1, day: monday.getUTCDate(), hour: 0, minute: 0 });
}

/** Midnight (Paris) `days` calendar days after the Paris day of `instant`. */
export function addParisDays(instant: Date | string, days: number): Date {
  const clock = parisClock(instant);
  const target = new Date(Date.UTC(clock.year, clock.month - 1, clock.day + days));
  return parisInstant({ year: target.getUTCFullYear(), month: target.getUTCMonth() + 1, day: target.getUTCDate(), hour: 0, minute: 0 });
}

/** "mardi 1er juin" in French (as French people write the first of the month), "Tuesday, June 1" in English. */
export function formatDayLabel(
  instant: Date | string,
  locale: string,
  options: { weekday?: 'long' | 'short'; month?: 'long' | 'short'; year?: boolean } = {},
): string {
  const format = new Intl.DateTimeFormat(locale, {
    timeZone: DEFAULT_TIME_ZONE,
    weekday: options.weekday ?? 'long',
    day: 'numeric',
    month: options.month ?? 'long',
    ...(options.year ? { year: 'numeric' } : {}),
  });
  if (!locale.startsWith('fr')) return format.format(new Date(instant));
  return format
    .formatToParts(new Date(instant))
    .map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

/** "18:00" in Paris time. */
export function formatParisTime(instant: Date | string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: DEFAULT_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

/** "mardi 1er juin, 18:00 – 20:00", or across days "mardi 1er juin 18:00 – jeudi 3 juin 10:00". */
export function formatRange(start: string, end: string, locale: string): string {
  const a = parisClock(start);
  const b = parisClock(end);
  const sameDay = a.year === b.year && a.month === b.month && a.day === b.day;
  if (sameDay) return `${formatDayLabel(start, locale)}, ${formatParisTime(start, locale)} – ${formatParisTime(end, locale)}`;
  return `${formatDayLabel(start, locale)} ${formatParisTime(start, locale)} – ${formatDayLabel(end, locale)} ${formatParisTime(end, locale)}`;
}
