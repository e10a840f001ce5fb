// The booking rules the server words in English, in the reader's language; anything else goes through
// the app's general field-message translation.
import i18n from '@/i18n';
import { isApiError } from '@/lib/api-client';
import { translateFieldMessage } from '@/components/ui/feedback';

const BOOKING_MESSAGES: [RegExp, string][] = [
  [/outside the opening hours/i, 'bookings.outsideOpening'],
  [/at least 15 minutes/i, 'bookings.tooShort'],
  [/at most 90 days/i, 'bookings.tooLong'],
  [/must be after start/i, 'bookings.endBeforeStart'],
  [/more than \d+ occurrences/i, 'bookings.tooManyOccurrences'],
  [/not an active partner/i, 'bookings.notPartner'],
];

export function bookingFieldMessage(message: string): string {
  const known = BOOKING_MESSAGES.find(([pattern]) => pattern.test(message));
  return known ? i18n.t(known[1]) : translateFieldMessage(message);
}

/** The translated message of a field (or of any field under it, e.g. recurrence.until). */
export function bookingFieldError(error: unknown, field: string): string | undefined {
  if (!isApiError(error, 400)) return undefined;
  const found = error.problem.errors?.find((item) => item.field === field || item.field.startsWith(`${field}.`));
  return found && bookingFieldMessage(found.message);
}
