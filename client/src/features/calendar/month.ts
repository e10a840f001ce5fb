// A Monday-first month grid in Paris wall-clock time, and which days each time range touches, so a
// month view can list an evening event on its day and a weekend event on each of its days.
import { addParisDays, parisClock, parisInstant, startOfParisWeek } from './paris-time';
import type { TimeRange } from './week';

/** "2026-06-01": the Paris calendar day of an instant, a stable key for maps and React. */
export function parisDayKey(instant: Date | string): string {
  const clock = parisClock(instant);
  return `${clock.year}-${String(clock.month).padStart(2, '0')}-${String(clock.day).padStart(2, '0')}`;
}

/** Midnight (Paris) of the first day of the month holding this instant. */
export function startOfParisMonth(instant: Date | string): Date {
  const clock = parisClock(instant);
  return parisInstant({ year: clock.year, month: clock.month, day: 1, hour: 0, minute: 0 });
}

/** Midnight (Paris) of the first day of the month `months` after the month of `monthStart`. */
export function addParisMonths(monthStart: Date, months: number): Date {
  const clock = parisClock(monthStart);
  const target = new Date(Date.UTC(clock.year, clock.month - 1 + months, 1));
  return parisInstant({ year: target.getUTCFullYear(), month: target.getUTCMonth() + 1, day: 1, hour: 0, minute: 0 });
}

export interface MonthDay {
  /** Paris midnight */
  date: Date;
  key: string;
  /** 1–31 */
  dayOfMonth: number;
  /** false for the days of the previous and next months that fill the first and last weeks */
  inMonth: boolean;
}

/** The weeks (Monday to Sunday) that cover the month: 4 to 6 rows of 7 days. */
export function monthWeeks(monthStart: Date): MonthDay[][] {
  const month = parisClock(monthStart).month;
  const nextMonth = addParisMonths(monthStart, 1).getTime();
  const weeks: MonthDay[][] = [];
  for (let weekStart = startOfParisWeek(monthStart); weekStart.getTime() < nextMonth; weekStart = addParisDays(weekStart, 7)) {
    weeks.push(
      Array.from({ length: 7 }, (_, index) => {
        const date = addParisDays(weekStart, index);
        const clock = parisClock(date);
        return { date, key: parisDayKey(date), dayOfMonth: clock.day, inMonth: clock.month === month };
      }),
    );
  }
  return weeks;
}

/**
 * The items on each day, by day key, each list sorted by start: a range is on every day it touches
 * (its end is exclusive, so an event ending at midnight is not on the next day).
 */
export function itemsByDay<T extends TimeRange>(items: T[], days: { date: Date; key: string }[]): Map<string, T[]> {
  const byDay = new Map<string, T[]>(days.map((day) => [day.key, []]));
  const sorted = [...items].sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
  for (const day of days) {
    const dayStart = day.date.getTime();
    const dayEnd = addParisDays(day.date, 1).getTime();
    for (const item of sorted) {
      const start = Date.parse(item.start);
      const end = Math.max(Date.parse(item.end), start + 1);
      if (start < dayEnd && end > dayStart) byDay.get(day.key)!.push(item);
    }
  }
  return byDay;
}
