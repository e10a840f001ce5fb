// The event and shift rules the server words in English, in the reader's language; anything else goes
// through the app's general field-message translation.
import i18n from '@/i18n';
import { isApiError } from '@/lib/api-client';
import { translateFieldMessage } from '@/components/ui/feedback';

const EVENT_MESSAGES: [RegExp, string][] = [
  [/at most 90 days/i, 'events.form.tooLong'],
  [/at most 24 hours/i, 'events.shifts.tooLong'],
  [/48 hours (before|after)/i, 'events.shifts.farFromEvent'],
  [/volunteers already signed up/i, 'events.shifts.belowSignedUp'],
  [/must be (after start|before end)/i, 'events.form.endBeforeStart'],
  [/not a resource you can book/i, 'events.form.premiseUnavailable'],
  [/one of your associations that is an active partner/i, 'events.shifts.notMine'],
];

export function eventFieldMessage(message: string): string {
  const known = EVENT_MESSAGES.find(([pattern]) => pattern.test(message));
  return known ? i18n.t(known[1]) : translateFieldMessage(message);
}

/** The translated message of a field of a refused event or shift request. */
export function eventFieldError(error: unknown, field: string): string | undefined {
  if (!isApiError(error, 400)) return undefined;
  const found = error.problem.errors?.find((item) => item.field === field);
  return found && eventFieldMessage(found.message);
}

/** A 400 whose field errors the form shows beside its fields (other errors get the general alert). */
export const hasFieldErrors = (error: unknown, fields: string[]) =>
  isApiError(error, 400) && (error.problem.errors ?? []).some((item) => fields.includes(item.field));
