import type { BookingView } from '@maillage/contract';
import { describe, expect, it } from 'vitest';
import { inboxSections } from './owner-inbox-page';

const booking = (id: string, status: BookingView['status'], start: string, overdue = false) =>
  ({ id, status, start, end: start.replace('T10', 'T12'), overdue }) as BookingView;

describe(inboxSections.name, () => {
  it('puts overdue loans first, then requests to decide, hand-overs and loans, each by date', () => {
    const sections = inboxSections([
      booking('lent', 'checked_out', '2026-06-05T10:00:00Z'),
      booking('late', 'checked_out', '2026-05-01T10:00:00Z', true),
      booking('ask2', 'pending', '2026-06-09T10:00:00Z'),
      booking('ask1', 'pending', '2026-06-02T10:00:00Z'),
      booking('ok', 'approved', '2026-06-03T10:00:00Z'),
    ]);
    expect(sections.map(({ section, items }) => [section, items.map((item) => item.id)])).toEqual([
      ['overdue', ['late']],
      ['toApprove', ['ask1', 'ask2']],
      ['upcoming', ['ok']],
      ['lent', ['lent']],
    ]);
  });
});
