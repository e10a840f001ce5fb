import { describe, expect, it } from 'vitest';
import { fromParisInputValue, parisInstant, startOfParisWeek, toParisInputValue, formatDayLabel, formatRange } from './paris-time';
import { gridRows, placeInWeek, visibleHours, weekDays } from './week';

const paris = (value: string) => fromParisInputValue(value)!;

describe('Paris wall-clock time', () => {
  it('reads a datetime-local value as Paris time, in winter and in summer', () => {
    expect(paris('2026-01-13T18:00')).toBe('2026-01-13T17:00:00.000Z');
    expect(paris('2026-06-30T18:00')).toBe('2026-06-30T16:00:00.000Z');
    expect(toParisInputValue('2026-06-30T16:00:00.000Z')).toBe('2026-06-30T18:00');
  });

  it('finds the Monday midnight of a week, across the spring change', () => {
    // Sunday 29 March 2026 is the day clocks go forward
    expect(startOfParisWeek(paris('2026-03-29T12:00')).toISOString()).toBe('2026-03-22T23:00:00.000Z');
    const days = weekDays(startOfParisWeek(paris('2026-03-29T12:00')));
    expect(days.map((day) => toParisInputValue(day))).toEqual([
      '2026-03-23T00:00',
      '2026-03-24T00:00',
      '2026-03-25T00:00',
      '2026-03-26T00:00',
      '2026-03-27T00:00',
      '2026-03-28T00:00',
      '2026-03-29T00:00',
    ]);
    expect(parisInstant({ year: 2026, month: 3, day: 30, hour: 0, minute: 0 }).toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('writes the first of the month as French people do', () => {
    expect(formatDayLabel('2026-06-01T10:00:00Z', 'fr-FR')).toBe('lundi 1er juin');
    expect(formatDayLabel('2026-06-02T10:00:00Z', 'fr-FR')).toBe('mardi 2 juin');
    expect(formatDayLabel('2026-12-01T10:00:00Z', 'fr-FR', { weekday: 'short', month: 'short' })).toBe('mar. 1er déc.');
    expect(formatRange(paris('2026-06-02T18:00'), paris('2026-06-02T20:00'), 'fr-FR')).toBe('mardi 2 juin, 18:00 – 20:00');
  });
});

describe(placeInWeek.name, () => {
  const week = startOfParisWeek(paris('2026-06-03T12:00')); // Monday 1 June 2026

  it('puts a range on its Paris day and minutes', () => {
    const [monday, tuesday] = placeInWeek([{ id: 'a', start: paris('2026-06-02T18:00'), end: paris('2026-06-02T20:30') }], week);
    expect(monday).toEqual([]);
    expect(tuesday).toHaveLength(1);
    expect(tuesday[0]).toMatchObject({
      day: 1,
      startMinute: 18 * 60,
      endMinute: 20 * 60 + 30,
      lane: 0,
      lanes: 1,
      continuesBefore: false,
      continuesAfter: false,
    });
    expect(gridRows(tuesday[0], 8)).toEqual({ rowStart: 21, rowEnd: 26 });
  });

  it('splits a range over several days and ignores other weeks', () => {
    const columns = placeInWeek(
      [
        { id: 'loan', start: paris('2026-06-05T17:00'), end: paris('2026-06-08T10:00') },
        { id: 'before', start: paris('2026-05-20T10:00'), end: paris('2026-05-20T12:00') },
      ],
      week,
    );
    expect(columns.map((column) => column.length)).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect(columns[4][0]).toMatchObject({ startMinute: 17 * 60, endMinute: 1440, continuesAfter: true });
    expect(columns[6][0]).toMatchObject({ startMinute: 0, endMinute: 1440, continuesBefore: true, continuesAfter: true });
    expect(visibleHours(columns)).toEqual({ first: 0, last: 24 });
  });

  it('gives overlapping ranges side-by-side lanes and reuses a lane once free', () => {
    const [monday] = placeInWeek(
      [
        { id: 'a', start: paris('2026-06-01T09:00'), end: paris('2026-06-01T12:00') },
        { id: 'b', start: paris('2026-06-01T10:00'), end: paris('2026-06-01T11:00') },
        { id: 'c', start: paris('2026-06-01T11:00'), end: paris('2026-06-01T13:00') },
        { id: 'd', start: paris('2026-06-01T15:00'), end: paris('2026-06-01T16:00') },
      ],
      week,
    );
    const lanes = Object.fromEntries(monday.map((segment) => [segment.item.id, [segment.lane, segment.lanes]]));
    expect(lanes).toEqual({ a: [0, 2], b: [1, 2], c: [1, 2], d: [0, 1] });
  });
});
