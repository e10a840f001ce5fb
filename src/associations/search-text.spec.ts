import { associationSearchText, escapeRegExp, normalizeSearchText } from './search-text';

describe('normalizeSearchText', () => {
  it('drops case and accents and spells ligatures out', () => {
    expect(normalizeSearchText('  Cœur   d’Ôlot ÉTÉ ')).toBe("coeur d'olot ete");
  });

  it('builds the stored text from the name and the city', () => {
    expect(associationSearchText('Les Amis du Vélo', 'Saint-Étienne')).toBe('les amis du velo saint-etienne');
    expect(associationSearchText('Solo', undefined)).toBe('solo');
  });
});

describe('escapeRegExp', () => {
  it('makes every special character literal', () => {
    const text = 'a.b*c(d)[e]^$|?+{f}\\g';
    expect(new RegExp(escapeRegExp(text)).test(`x${text}y`)).toBe(true);
    expect(new RegExp(escapeRegExp('a.b')).test('axb')).toBe(false);
  });
});
