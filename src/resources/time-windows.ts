/** Time arithmetic for bookings: Europe/Paris wall-clock time, opening hours, peak usage. */

export const TIME_ZONE = 'Europe/Paris';
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
export const MIN_BOOKING_MS = 15 * MINUTE;
export const MAX_BOOKING_MS = 90 * DAY;

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type DayName = (typeof DAY_NAMES)[number];

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  weekday: 'short',
});

export function parisWallTime(instant: Date): WallTime {
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: DAY_NAMES.indexOf(parts.weekday.toLowerCase().slice(0, 3) as DayName),
  };
}

/** The instant at which Paris clocks show this wall time (the earlier one when ambiguous). */
export function parisInstant(wall: Omit<WallTime, 'weekday'>): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  let guess = asUtc;
  for (let i = 0; i < 3; i++) {
    const seen = parisWallTime(new Date(guess));
    const seenAsUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute, seen.second);
    guess += asUtc - seenAsUtc;
  }
  return new Date(guess);
}

/** The same wall-clock time `days` later in Paris, so a weekly 19:00 stays at 19:00 across DST. */
export function addParisDays(instant: Date, days: number): Date {
  const wall = parisWallTime(instant);
  const shifted = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return parisInstant({ ...wall, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() });
}

export function dayNumber(day: number | string): number {
  return typeof day === 'number' ? day : DAY_NAMES.indexOf(day.toLowerCase() as DayName);
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** A slot closing at "00:00" closes at the end of its day. */
const closingMinutesOf = (hhmm: string) => minutesOf(hhmm) || 24 * 60;

/**
 * Which bound of [start, end) falls outside the weekly opening hours, or null when the range fits
 * inside one opening slot of one Paris day. No opening hours: always open.
 */
export function outsideOpeningHours(slots: { day: number; opens: string; closes: string }[], start: Date, end: Date): 'start' | 'end' | null {
  if (!slots.length) return null;
  const from = parisWallTime(start);
  const to = parisWallTime(end);
  const startMinute = from.hour * 60 + from.minute;
  const daySlots = slots.filter((slot) => slot.day === from.weekday && minutesOf(slot.opens) <= startMinute && startMinute < closingMinutesOf(slot.closes));
  if (!daySlots.length) return 'start';
  const sameDay = from.year === to.year && from.month === to.month && from.day === to.day;
  // An end at midnight closes the day of the start ("closes 24:00" is written as 23:59 or 00:00).
  const endMinute = sameDay
    ? to.hour * 60 + to.minute + (to.second ? 1 : 0)
    : end.getTime() - start.getTime() <= DAY && to.hour === 0 && to.minute === 0
      ? 24 * 60
      : Infinity;
  const fits = daySlots.some((slot) => endMinute <= closingMinutesOf(slot.closes));
  return fits ? null : 'end';
}

export interface Usage {
  start: Date;
  end: Date;
  quantity: number;
}

/** The highest total quantity in use at any instant of [from, to): a sweep over the boundaries. */
export function peakUsage(usages: Usage[], from: Date, to: Date): number {
  const points: [number, number][] = [];
  for (const usage of usages) {
    const start = Math.max(usage.start.getTime(), from.getTime());
    const end = Math.min(usage.end.getTime(), to.getTime());
    if (start >= end) continue;
    points.push([start, usage.quantity], [end, -usage.quantity]);
  }
  // Ranges are half-open: at equal instants, what ends frees its units before what starts takes them.
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of points) {
    current += delta;
    if (current > peak) peak = current;
  }
  return peak;
}
