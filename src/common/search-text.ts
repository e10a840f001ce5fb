/** Letters NFD leaves whole, spelled as people type them without the ligature. */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ł: 'l', ø: 'o', đ: 'd' };

/**
 * Lower-case, accent-free, single-spaced text: what the directory and the catalogue store and search,
 * because FerretDB has neither collations nor text indexes. "Cœur d'Ôlot" → "coeur d'olot".
 */
export function normalizeSearchText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[œæßłøđ]/g, (letter) => LIGATURES[letter])
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** The stored search text of several fields (name, city, description…): any of them finds it. */
export function searchTextOf(...parts: (string | undefined | null)[]): string {
  return normalizeSearchText(parts.filter(Boolean).join(' '));
}

/** A literal regular expression source for `text` (a search must never be a pattern). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
