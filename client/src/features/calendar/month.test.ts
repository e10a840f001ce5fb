import { describe, expect, it } from 'vitest';
import { fromParisInputValue } from './paris-time';
import { addParisMonths, itemsByDay, monthWeeks, parisDayKey, startOfParisMonth } from './month';

const paris = (value: string) => fromParisInputValue(value)!;

describe(monthWeeks.name, () => {
  it('covers June 2026 with Monday-first weeks, the first week starting on Monday 1 June', () => {
    const weeks = monthWeeks(startOfParisMonth(paris('2026-06-15T12:00')));
    expect(weeks).toHaveLength(5);
    expect(weeks[0].map((day) => day.key)).toEqual(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07']);
    expect(weeks[4].map((day) => [day.dayOfMonth, day.inMonth])).toEqual([
      [29, true],
      [30, true],
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [5, false],
    ]);
  });

  it('fills the first week with the previous month and crosses the spring clock change', () => {
    // March 2026 starts on a Sunday; clocks go forward on Sunday 29 March
    const weeks = monthWeeks(startOfParisMonth(paris('2026-03-10T12:00')));
    expect(weeks).toHaveLength(6);
    expect(weeks[0][0]).toMatchObject({ key: '2026-02-23', inMonth: false });
    expect(weeks[0][6]).toMatchObject({ key: '2026-03-01', inMonth: true });
    expect(weeks[4].map((day) => day.key)).toContain('2026-03-29');
    expect(weeks[5][0].key).toBe('2026-03-30');
    expect(weeks[5][0].date.toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('moves by month across a year end', () => {
    const december = startOfParisMonth(paris('2026-12-31T23:30'));
    expect(parisDayKey(december)).toBe('2026-12-01');
    expect(parisDayKey(addParisMonths(december, 1))).toBe('2027-01-01');
    expect(parisDayKey(addParisMonths(december, -12))).toBe('2025-12-01');
  });
});

describe(itemsByDay.name, () => {
  const days = monthWeeks(startOfParisMonth(paris('2026-06-15T12:00'))).flat();

  it('puts an item on every Paris day it touches, sorted by start, and none past an end at midnight', () => {
    const byDay = itemsByDay(
      [
        { id: 'weekend', start: paris('2026-06-13T10:00'), end: paris('2026-06-15T00:00') },
        { id: 'evening', start: paris('2026-06-13T20:00'), end: paris('2026-06-13T23:00') },
        { id: 'late', start: paris('2026-06-01T23:30'), end: paris('2026-06-02T00:30') },
      ],
      days,
    );
    expect(byDay.get('2026-06-13')!.map((item) => item.id)).toEqual(['weekend', 'evening']);
    expect(byDay.get('2026-06-14')!.map((item) => item.id)).toEqual(['weekend']);
    expect(byDay.get('2026-06-15')).toEqual([]);
    expect(byDay.get('2026-06-01')!.map((item) => item.id)).toEqual(['late']);
    expect(byDay.get('2026-06-02')!.map((item) => item.id)).toEqual(['late']);
  });

  it('keeps an instant item (start = end) on its day', () => {
    const byDay = itemsByDay([{ id: 'due', start: paris('2026-06-05T12:00'), end: paris('2026-06-05T12:00') }], days);
    expect(byDay.get('2026-06-05')!.map((item) => item.id)).toEqual(['due']);
  });
});
