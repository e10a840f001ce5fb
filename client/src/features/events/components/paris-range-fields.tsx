import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '@/components/ui/fields';
import { fromParisInputValue, toParisInputValue } from '@/features/calendar/paris-time';

/** Start and end as typed (Paris time), and `read()`: the instants, or null with the form's message. */
export function useParisRange(initialStart: string | undefined, initialEnd: string | undefined) {
  const { t } = useTranslation();
  const [start, setStart] = useState(toParisInputValue(initialStart));
  const [end, setEnd] = useState(toParisInputValue(initialEnd));
  const [error, setError] = useState<string | null>(null);
  const read = (): { start: string; end: string } | null => {
    const startIso = fromParisInputValue(start);
    const endIso = fromParisInputValue(end);
    const valid = Boolean(startIso && endIso && endIso > startIso);
    setError(valid ? null : t('events.form.endBeforeStart'));
    return valid ? { start: startIso!, end: endIso! } : null;
  };
  return { start, end, setStart, setEnd, error, read };
}

/** The two datetime-local fields of an event or a shift; the end's error is the range's own first. */
export function ParisRangeFields({
  range,
  labels,
  hint,
  fieldError,
}: {
  range: ReturnType<typeof useParisRange>;
  labels: { start: string; end: string };
  hint?: string;
  fieldError: (field: string) => string | undefined;
}) {
  return (
    <div className="form__row event-form__times">
      <TextField
        label={labels.start}
        hint={hint}
        type="datetime-local"
        name="start"
        required
        value={range.start}
        onChange={(change) => range.setStart(change.target.value)}
        error={fieldError('start')}
      />
      <TextField
        label={labels.end}
        hint={hint}
        type="datetime-local"
        name="end"
        required
        min={range.start || undefined}
        value={range.end}
        onChange={(change) => range.setEnd(change.target.value)}
        error={range.error ?? fieldError('end')}
      />
    </div>
  );
}
