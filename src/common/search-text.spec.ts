import { escapeRegExp, normalizeSearchText, searchTextOf } from './search-text';

describe('normalizeSearchText', () => {
  it('drops case and accents and spells ligatures out', () => {
    expect(normalizeSearchText('  Cœur   d’Ôlot ÉTÉ ')).toBe("coeur d'olot ete");
  });

  it('builds the stored text from several fields, skipping missing ones', () => {
    expect(searchTextOf('Les Amis du Vélo', 'Saint-Étienne')).toBe('les amis du velo saint-etienne');
    expect(searchTextOf('Solo', undefined, null)).toBe('solo');
  });
});

describe('escapeRegExp', () => {
  it('makes every special character literal', () => {
    const text = 'a.b*c(d)[e]^$|?+{f}\\g';
    expect(new RegExp(escapeRegExp(text)).test(`x${text}y`)).toBe(true);
    expect(new RegExp(escapeRegExp('a.b')).test('axb')).toBe(false);
  });
});
