import { parseInstant } from './instant';

describe('parseInstant', () => {
  it('accepts UTC and offset times with seconds, in 2000–2099', () => {
    expect(parseInstant('2026-06-20T12:00:00Z')?.toISOString()).toBe('2026-06-20T12:00:00.000Z');
    expect(parseInstant('2026-06-20T14:00:00.250+02:00')?.toISOString()).toBe('2026-06-20T12:00:00.250Z');
    expect(parseInstant('2000-01-01T00:00:00Z')).toBeDefined();
    expect(parseInstant('2099-12-31T23:59:59Z')).toBeDefined();
  });

  it('refuses local times, dates alone, missing seconds, other years and days that do not exist', () => {
    for (const value of [
      '2026-06-20T12:00:00',
      '2026-06-20',
      '2026-06-20T12:00Z',
      '1970-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '2026-02-30T10:00:00Z',
      '2026-13-01T10:00:00Z',
      20260620,
      null,
    ]) {
      expect({ value, parsed: parseInstant(value) }).toEqual({ value, parsed: undefined });
    }
  });
});
