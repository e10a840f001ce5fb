// Dates are stored in UTC and shown in the reader's language, in the Paris time zone unless told otherwise.
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

export function formatDate(iso: string | null | undefined, locale: string, timeZone = DEFAULT_TIME_ZONE): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(new Date(iso));
}

export function formatDateTime(iso: string | null | undefined, locale: string, timeZone = DEFAULT_TIME_ZONE): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

export function formatTime(iso: string, locale: string, timeZone = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** The yyyy-mm-dd a date input shows for a stored instant, read in the given time zone. */
export function toDateInputValue(iso: string | null | undefined, timeZone = DEFAULT_TIME_ZONE): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

/** A date input's yyyy-mm-dd as an ISO instant: noon UTC, so the day is the same in every European zone. */
export function fromDateInputValue(value: string): string | undefined {
  return value ? new Date(`${value}T12:00:00.000Z`).toISOString() : undefined;
}
