import { describe, expect, it } from 'vitest';
import { computationOf, formatCalendarDay, formatEuros } from './format';

describe(formatCalendarDay.name, () => {
  it('writes the first of the month as French people do', () => {
    expect(formatCalendarDay('2026-06-01', 'fr-FR')).toBe('1er juin 2026');
    expect(formatCalendarDay('2026-06-20', 'fr-FR')).toBe('20 juin 2026');
    expect(formatCalendarDay('2026-06-01', 'en')).toBe('June 1, 2026');
  });
});

describe(computationOf.name, () => {
  it('says the rate and the quantity of a rated item', () => {
    const computation = computationOf({ quantity: 4, valuation: { method: 'rate', rateEuros: 12.02, per: 'hour' } }, 'fr-FR');
    expect(computation.key).toBe('contributions.computed.rate_hour');
    expect(computation.values).toEqual({ quantity: '4', rate: formatEuros(12.02, 'fr-FR') });
  });

  it('names the other methods', () => {
    expect(computationOf({ quantity: 1, valuation: { method: 'none', rateEuros: null, per: null } }, 'fr').key).toBe('contributions.computed.none');
    expect(computationOf({ quantity: 1, valuation: { method: 'rate', rateEuros: 30, per: 'day' } }, 'fr').key).toBe('contributions.computed.rate_day');
  });
});
