import { describe, expect, it } from 'vitest';
import { formatDateTime, fromDateInputValue, toDateInputValue } from './dates';

describe('dates', () => {
  it('shows instants in Paris time by default, in the reader language', () => {
    expect(formatDateTime('2026-07-14T20:30:00.000Z', 'fr')).toMatch(/14 juil\. 2026.*22:30/);
    expect(formatDateTime('2026-07-14T20:30:00.000Z', 'en')).toMatch(/Jul 14, 2026.*10:30/);
  });

  it('round-trips a date input value', () => {
    expect(toDateInputValue(fromDateInputValue('2026-03-29'))).toBe('2026-03-29');
    expect(fromDateInputValue('')).toBeUndefined();
  });
});
