/** Letters NFD leaves whole, spelled as people type them without the ligature. */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ł: 'l', ø: 'o', đ: 'd' };

/**
 * Lower-case, accent-free, single-spaced text: what the directory stores and searches, because
 * FerretDB has neither collations nor text indexes. "Cœur d'Ôlot" → "coeur d'olot".
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

/** The text to store for an association: its name and its city, so either finds it. */
export function associationSearchText(name: string, city?: string | null): string {
  return normalizeSearchText([name, city].filter(Boolean).join(' '));
}

/** A literal regular expression source for `text` (a search must never be a pattern). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
