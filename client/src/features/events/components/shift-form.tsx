import type { ShiftView } from '@maillage/contract';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/feedback';
import { fromParisInputValue, toParisInputValue } from '@/features/calendar/paris-time';
import type { ShiftInput } from '../api/shifts';
import { eventFieldError, hasFieldErrors } from '../api/field-messages';

const FIELDS = ['label', 'start', 'end', 'needed'];

/** Label, times (Paris) and how many volunteers; a new shift starts with the event's times. */
export function ShiftForm({
  shift,
  defaults,
  title,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  shift?: ShiftView;
  defaults: { start: string; end: string };
  title: string;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (input: ShiftInput) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [start, setStart] = useState(toParisInputValue(shift?.start ?? defaults.start));
  const [end, setEnd] = useState(toParisInputValue(shift?.end ?? defaults.end));
  const [localError, setLocalError] = useState<string | null>(null);

  const submit = (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const form = new FormData(formEvent.currentTarget);
    const startIso = fromParisInputValue(start);
    const endIso = fromParisInputValue(end);
    if (!startIso || !endIso || endIso <= startIso) {
      setLocalError(t('events.form.endBeforeStart'));
      return;
    }
    setLocalError(null);
    onSubmit({ label: String(form.get('label') ?? '').trim(), start: startIso, end: endIso, needed: Number(form.get('needed')) || 1 });
  };
  const fieldError = (field: string) => eventFieldError(error, field);

  return (
    <form className="form shift-form" onSubmit={submit} noValidate aria-labelledby={headingId}>
      <h3 id={headingId} className="shift-form__title">
        {title}
      </h3>
      <TextField
        label={t('events.shifts.label')}
        hint={t('events.shifts.labelHint')}
        name="label"
        required
        maxLength={120}
        defaultValue={shift?.label}
        error={fieldError('label')}
      />
      <div className="form__row event-form__times">
        <TextField
          label={t('events.shifts.start')}
          type="datetime-local"
          name="start"
          required
          value={start}
          onChange={(change) => setStart(change.target.value)}
          error={fieldError('start')}
        />
        <TextField
          label={t('events.shifts.end')}
          type="datetime-local"
          name="end"
          required
          min={start || undefined}
          value={end}
          onChange={(change) => setEnd(change.target.value)}
          error={localError ?? fieldError('end')}
        />
      </div>
      <TextField
        label={t('events.shifts.needed')}
        type="number"
        name="needed"
        inputMode="numeric"
        min={Math.max(1, shift ? shift.needed - shift.remaining : 1)}
        max={1000}
        required
        defaultValue={shift?.needed ?? 2}
        error={fieldError('needed')}
      />
      {error && !hasFieldErrors(error, FIELDS) ? <FormAlert error={error} /> : null}
      <div className="actions">
        <Button type="submit" busy={busy}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            {t('events.form.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}
