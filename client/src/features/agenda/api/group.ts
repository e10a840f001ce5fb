// Puts "Mon agenda" in the order a volunteer reads it: overdue tasks first, then each coming day
// with what happens on it. Past shifts and bookings drop out; something under way shows today.
import type { AgendaItem, AgendaTask } from '@maillage/contract';
import { addParisDays } from '@/features/calendar/paris-time';
import { parisDayKey } from '@/features/calendar/month';

export interface AgendaDay {
  key: string;
  /** Paris midnight */
  date: Date;
  items: AgendaItem[];
}

export interface AgendaGroups {
  overdue: AgendaTask[];
  days: AgendaDay[];
}

const KIND_ORDER: Record<AgendaItem['kind'], number> = { shift: 0, booking: 1, task: 2 };

export function groupAgenda(items: AgendaItem[], now: Date): AgendaGroups {
  const today = addParisDays(now, 0);
  const overdue: AgendaTask[] = [];
  const days = new Map<string, AgendaDay>();
  for (const item of items) {
    if (item.kind === 'task') {
      if (Date.parse(item.start) < today.getTime()) {
        overdue.push(item);
        continue;
      }
    } else if (Date.parse(item.end) <= now.getTime()) {
      continue;
    }
    const shownOn = new Date(Math.max(Date.parse(item.start), today.getTime()));
    const key = parisDayKey(shownOn);
    if (!days.has(key)) days.set(key, { key, date: addParisDays(shownOn, 0), items: [] });
    days.get(key)!.items.push(item);
  }
  const sorted = [...days.values()].sort((a, b) => a.key.localeCompare(b.key));
  for (const day of sorted) {
    // timed items by time; a task's due date is a day, so it comes after that day's timed items
    day.items.sort(
      (a, b) =>
        Number(a.kind === 'task') - Number(b.kind === 'task') ||
        a.start.localeCompare(b.start) ||
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
        a.id.localeCompare(b.id),
    );
  }
  overdue.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  return { overdue, days: sorted };
}

/** "webcal://…": the feed URL as phones subscribe to it (the https one is for Google Calendar). */
export const webcalUrl = (feedUrl: string) => feedUrl.replace(/^https?:\/\//i, 'webcal://');
