import type { AgendaBooking, AgendaShift, AgendaTask } from '@maillage/contract';
import { describe, expect, it } from 'vitest';
import { fromParisInputValue } from '@/features/calendar/paris-time';
import { groupAgenda, webcalUrl } from './group';

const paris = (value: string) => fromParisInputValue(value)!;
const base = { projectId: 'p', projectTitle: 'Fête du quartier' };
const shift = (id: string, start: string, end: string): AgendaShift => ({
  ...base,
  kind: 'shift',
  id,
  start: paris(start),
  end: paris(end),
  label: 'Buvette',
  eventId: 'e',
  eventTitle: 'Fête',
  location: null,
  needed: 3,
  remaining: 1,
  associationId: null,
});
const task = (id: string, due: string): AgendaTask => ({
  ...base,
  kind: 'task',
  id,
  start: paris(due),
  title: 'Affiches',
  status: 'todo',
  assigneeAssociationId: null,
  assignedToMe: true,
});
const booking = (id: string, start: string, end: string): AgendaBooking => ({
  ...base,
  kind: 'booking',
  id,
  start: paris(start),
  end: paris(end),
  status: 'approved',
  resourceId: 'r',
  resourceName: 'Salle',
  requesterAssociationId: 'a',
  quantity: 1,
});

describe(groupAgenda.name, () => {
  const now = new Date(paris('2026-06-01T15:00')); // Monday 1 June, 15:00 in Paris

  it('puts overdue tasks first, drops what is over, and shows something under way today', () => {
    const groups = groupAgenda(
      [
        task('late', '2026-05-28T14:00'),
        shift('over', '2026-06-01T09:00', '2026-06-01T11:00'),
        booking('running', '2026-05-31T10:00', '2026-06-02T10:00'),
        task('today', '2026-06-01T14:00'),
        shift('tonight', '2026-06-01T18:00', '2026-06-01T20:00'),
        booking('tuesday', '2026-06-02T18:00', '2026-06-02T22:00'),
      ],
      now,
    );
    expect(groups.overdue.map((item) => item.id)).toEqual(['late']);
    expect(groups.days.map((day) => [day.key, day.items.map((item) => item.id)])).toEqual([
      ['2026-06-01', ['running', 'tonight', 'today']],
      ['2026-06-02', ['tuesday']],
    ]);
    expect(groups.days[0].date.toISOString()).toBe(paris('2026-06-01T00:00'));
  });

  it('groups by the Paris day, not the UTC one', () => {
    // 00:30 in Paris on 3 June is still 2 June in UTC
    const groups = groupAgenda([shift('night', '2026-06-03T00:30', '2026-06-03T02:00')], now);
    expect(groups.days.map((day) => day.key)).toEqual(['2026-06-03']);
  });

  it('has nothing to show for an empty agenda', () => {
    expect(groupAgenda([], now)).toEqual({ overdue: [], days: [] });
  });
});

describe(webcalUrl.name, () => {
  it('swaps the scheme for webcal', () => {
    expect(webcalUrl('https://maillage.example/api/calendar/abc.ics')).toBe('webcal://maillage.example/api/calendar/abc.ics');
    expect(webcalUrl('http://localhost:3000/api/calendar/abc.ics')).toBe('webcal://localhost:3000/api/calendar/abc.ics');
  });
});
