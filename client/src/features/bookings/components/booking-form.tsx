import type { BookingView, ResourceView, SeriesResult } from '@maillage/contract';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { SelectField, TextAreaField, TextField } from '@/components/ui/fields';
import { FormAlert, Loading, Notice } from '@/components/ui/feedback';
import { isApiError } from '@/lib/api-client';
import { useMyAssociations } from '@/features/associations/api/associations';
import { useProjects } from '@/features/projects/api/projects';
import { formatRange, fromParisInputValue, toParisInputValue } from '@/features/calendar/paris-time';
import { resourceBookingsQueryOptions } from '@/features/resources/api/resource-bookings';
import { explainConflict, nextFreeStarts } from '../api/conflict';
import { bookingFieldError } from '../api/field-messages';
import { isSeriesResult, useRequestBooking } from '../api/request-booking';
import type { BookingRequest } from '../api/types';

const SUGGESTION_WINDOW_MS = 14 * 24 * 3600_000;
import { ConflictExplanation } from './conflict-explanation';

/** Start, end, quantity, on behalf of which association, optional project, optional weekly series. */
export function BookingForm({
  resource,
  headingId,
  picked,
}: {
  resource: ResourceView;
  headingId: string;
  /** a start picked on the calendar */ picked?: Date;
}) {
  const { t, i18n } = useTranslation();
  const associations = useMyAssociations();
  const projects = useProjects();
  const request = useRequestBooking(resource.id);
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [repeat, setRepeat] = useState(false);
  const [sent, setSent] = useState<BookingRequest | null>(null);
  const [result, setResult] = useState<BookingView | SeriesResult | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const startField = useRef<HTMLDivElement>(null);

  // A half hour picked on the calendar fills one hour from there (set while rendering, as React
  // advises for state derived from a prop), and the effect brings the form into view.
  const [filledFrom, setFilledFrom] = useState<Date | undefined>(undefined);
  if (picked && picked !== filledFrom) {
    setFilledFrom(picked);
    setStart(toParisInputValue(picked));
    setEnd(toParisInputValue(new Date(picked.getTime() + 60 * 60_000)));
  }
  useEffect(() => {
    if (!picked) return;
    const input = startField.current?.querySelector('input');
    input?.focus({ preventScroll: true });
    input?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
  }, [picked]);

  const activeProjects = (projects.data?.items ?? []).filter((project) => project.status === 'active' || project.status === 'draft');

  const send = (input: BookingRequest) => {
    setSent(input);
    setResult(null);
    request.mutate(input, { onSuccess: setResult });
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const startIso = fromParisInputValue(start);
    const endIso = fromParisInputValue(end);
    if (!startIso || !endIso || endIso <= startIso) {
      setLocalError(t('bookings.endBeforeStart'));
      return;
    }
    setLocalError(null);
    const until = String(form.get('until') ?? '');
    send({
      start: startIso,
      end: endIso,
      quantity: Number(form.get('quantity') ?? 1) || 1,
      requesterAssociationId: String(form.get('requesterAssociationId')),
      projectId: String(form.get('projectId') ?? '') || undefined,
      note: String(form.get('note') ?? '').trim() || undefined,
      ...(repeat && until ? { recurrence: { frequency: 'weekly' as const, until, onConflict: 'fail' as const } } : {}),
    });
  };

  const explanation = sent && explainConflict(request.error, { start: sent.start, end: sent.end, resourceQuantity: resource.quantity });
  // After a refusal, the bookings of the next two weeks give the next starts where the request fits.
  const around = useQuery({
    ...resourceBookingsQueryOptions(resource.id, sent?.start ?? '', new Date(Date.parse(sent?.start ?? '0') + SUGGESTION_WINDOW_MS).toISOString()),
    enabled: explanation?.kind === 'single',
  });
  const suggestions =
    explanation?.kind === 'single' && sent && around.data
      ? nextFreeStarts(around.data, { start: sent.start, end: sent.end, quantity: sent.quantity ?? 1, resourceQuantity: resource.quantity })
      : [];
  const applySuggestion = (slot: { start: string; end: string }) => {
    setStart(toParisInputValue(slot.start));
    setEnd(toParisInputValue(slot.end));
    request.reset();
    startField.current?.querySelector('input')?.focus();
  };
  const otherError = request.error && !explanation && !(isApiError(request.error, 400) && request.error.problem.errors?.length) ? request.error : null;
  const fieldError = (field: string) => bookingFieldError(request.error, field);

  // The form needs the associations it may request for: sent before they arrive, the request would
  // name none (and a date typed meanwhile would be lost to a 400).
  if (associations.isPending) return <Loading />;
  if (associations.data && associations.data.length === 0) return <p>{t('bookings.noAssociation')}</p>;

  return (
    <form className="form booking-form" onSubmit={submit} noValidate aria-labelledby={headingId}>
      {resource.rules && <p className="muted">{t('bookings.rulesReminder')}</p>}
      {resource.requiresApproval && <p className="muted">{t('bookings.approvalReminder')}</p>}
      <div className="form__row" ref={startField}>
        <TextField
          label={t('bookings.start')}
          hint={t('bookings.parisTime')}
          type="datetime-local"
          name="start"
          required
          value={start}
          onChange={(event) => setStart(event.target.value)}
          error={fieldError('start')}
        />
        <TextField
          label={t('bookings.end')}
          type="datetime-local"
          name="end"
          required
          min={start || undefined}
          value={end}
          onChange={(event) => setEnd(event.target.value)}
          error={localError ?? fieldError('end')}
        />
      </div>
      {resource.quantity > 1 && (
        <TextField
          label={t('bookings.quantity')}
          hint={t('bookings.quantityHint', { count: resource.quantity })}
          type="number"
          name="quantity"
          min={1}
          max={resource.quantity}
          defaultValue={1}
          inputMode="numeric"
          error={fieldError('quantity')}
        />
      )}
      <div className="form__row">
        <SelectField label={t('bookings.onBehalfOf')} name="requesterAssociationId" error={fieldError('requesterAssociationId')}>
          {(associations.data ?? []).map((association) => (
            <option key={association.id} value={association.id}>
              {association.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('bookings.project')} name="projectId" defaultValue="" error={fieldError('projectId')}>
          <option value="">{t('bookings.noProject')}</option>
          {activeProjects.map((project) => (
            <option key={project.id} value={project.id}>
              {project.title}
            </option>
          ))}
        </SelectField>
      </div>
      <TextAreaField label={t('bookings.note')} name="note" rows={2} maxLength={2000} />
      <fieldset className="checkbox-group">
        <legend className="visually-hidden">{t('bookings.repeat')}</legend>
        <label className="checkbox">
          <input type="checkbox" checked={repeat} onChange={(event) => setRepeat(event.target.checked)} />
          {t('bookings.repeat')}
        </label>
        {repeat && (
          <TextField label={t('bookings.until')} type="date" name="until" required min={start.slice(0, 10) || undefined} error={fieldError('recurrence')} />
        )}
      </fieldset>

      {explanation && (
        <ConflictExplanation explanation={explanation} wanted={sent?.quantity ?? 1}>
          {explanation.kind === 'series' && sent?.recurrence ? (
            <div className="actions">
              <Button variant="primary" busy={request.isPending} onClick={() => send({ ...sent, recurrence: { ...sent.recurrence!, onConflict: 'skip' } })}>
                {t('bookings.skipAndBook')}
              </Button>
            </div>
          ) : suggestions.length > 0 ? (
            <>
              <p className="alert__detail">{t('bookings.nextFree')}</p>
              <div className="actions">
                {suggestions.map((slot) => (
                  <Button key={slot.start} variant="secondary" onClick={() => applySuggestion(slot)}>
                    {formatRange(slot.start, slot.end, i18n.language)}
                  </Button>
                ))}
              </div>
            </>
          ) : undefined}
        </ConflictExplanation>
      )}
      {otherError && <FormAlert error={otherError} />}
      {result && <BookedNotice result={result} />}
      <div className="actions">
        <Button type="submit" busy={request.isPending}>
          {resource.requiresApproval ? t('bookings.submitRequest') : t('bookings.submitBook')}
        </Button>
      </div>
    </form>
  );
}

function BookedNotice({ result }: { result: BookingView | SeriesResult }) {
  const { t } = useTranslation();
  return (
    <Notice tone="success">
      {isSeriesResult(result) ? (
        <>
          <p>{t('bookings.seriesBooked', { count: result.items.length })}</p>
          {result.conflicts.length > 0 && <p>{t('bookings.seriesSkipped', { count: result.conflicts.length })}</p>}
        </>
      ) : (
        <p>{result.status === 'pending' ? t('bookings.sentPending') : t('bookings.sentApproved')}</p>
      )}
      <p>
        <Link to="/bookings">{t('bookings.seeMine')}</Link>
      </p>
    </Notice>
  );
}
