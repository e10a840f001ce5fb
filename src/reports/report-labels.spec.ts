import { periodLabel } from './report-labels';

describe(periodLabel.name, () => {
  it('prints the bounds that were asked for', () => {
    expect(periodLabel('2026-06-01', '2026-06-30')).toBe('du 1er juin 2026 au 30 juin 2026');
    expect(periodLabel('2026-06-01', null)).toBe('depuis le 1er juin 2026');
    expect(periodLabel(null, '2026-06-30')).toBe('jusqu’au 30 juin 2026');
  });

  it('without bounds, says the whole action and the days its items fall on', () => {
    expect(periodLabel(null, null)).toBe('depuis le début de l’action');
    expect(periodLabel(null, null, ['2026-06-20', null, '2026-03-01', '2026-04-11'])).toBe(
      'depuis le début de l’action (apports datés du 1er mars 2026 au 20 juin 2026)',
    );
    expect(periodLabel(null, null, ['2026-06-20'])).toBe('depuis le début de l’action (apports datés du 20 juin 2026)');
  });
});
