import type { ShiftView } from '@maillage/contract';
import { useId, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/feedback';
import type { ShiftInput } from '../api/shifts';
import { eventFieldError, hasFieldErrors } from '../api/field-messages';
import { ParisRangeFields, useParisRange } from './paris-range-fields';

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
  const range = useParisRange(shift?.start ?? defaults.start, shift?.end ?? defaults.end);

  const submit = (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const form = new FormData(formEvent.currentTarget);
    const times = range.read();
    if (!times) return;
    onSubmit({ label: String(form.get('label') ?? '').trim(), ...times, needed: Number(form.get('needed')) || 1 });
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
      <ParisRangeFields range={range} labels={{ start: t('events.shifts.start'), end: t('events.shifts.end') }} fieldError={fieldError} />
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
