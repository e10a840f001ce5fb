import { DEFAULT_TIME_ZONE, toDateInputValue } from '@/lib/dates';

/**
 * A due day as people write it on a card: "1er juin", "12 juin", with the year only when it is not
 * this year ("3 janv. 2027"); "Jun 1" in English.
 */
export function formatDueDay(iso: string, locale: string, now = new Date()): string {
  const date = new Date(iso);
  const sameYear = toDateInputValue(iso).slice(0, 4) === toDateInputValue(now.toISOString()).slice(0, 4);
  const format = new Intl.DateTimeFormat(locale, {
    timeZone: DEFAULT_TIME_ZONE,
    day: 'numeric',
    month: sameYear ? 'long' : 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
  if (!locale.startsWith('fr')) return format.format(date);
  return format
    .formatToParts(date)
    .map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

/** Due before today (Paris): a task still open past its day. */
export function isOverdue(iso: string, now = new Date()): boolean {
  return toDateInputValue(iso) < toDateInputValue(now.toISOString());
}

/** "AD" for Amina Diallo, "K" for Karim: what an avatar shows. */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/[\s-]+/)
    .filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => [...word][0]?.toUpperCase() ?? '').join('');
}

// dark enough for white initials (contrast ≥ 4.5:1)
const AVATAR_COLOURS = ['#1f4e79', '#8a3b12', '#1e6b3a', '#6b2c91', '#a4161a', '#0f5e66', '#35581c', '#7a2e5a'];

/** The same person gets the same colour on every card. */
export function avatarColour(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return AVATAR_COLOURS[hash % AVATAR_COLOURS.length];
}
