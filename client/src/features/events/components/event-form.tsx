import type { EventView } from '@maillage/contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { SelectField, TextAreaField, TextField } from '@/components/ui/fields';
import { FormAlert } from '@/components/ui/feedback';
import { useCatalogue } from '@/features/resources/api/catalogue';
import { explainConflict } from '@/features/bookings/api/conflict';
import { ConflictExplanation } from '@/features/bookings/components/conflict-explanation';
import type { EventInput } from '../api/events';
import { eventFieldError, hasFieldErrors } from '../api/field-messages';
import { ParisRangeFields, useParisRange } from './paris-range-fields';

const FIELDS = ['title', 'description', 'start', 'end', 'location', 'resourceId', 'requesterAssociationId'];
const NO_FILTERS = { q: '', kind: 'premise' };

/**
 * Title, description, times (Paris), place and an optional premise to book among those my associations
 * can see. With several of my associations in the project, which one organizes it (create only: the
 * organizer stays). A premise that is taken answers 409 with the bookings in the way, shown in words.
 */
export function EventForm({
  event,
  organizers,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  event?: EventView;
  /** my active partner associations, when I must pick one (create) */
  organizers?: { id: string; name: string }[];
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (input: EventInput) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const premises = useCatalogue(NO_FILTERS);
  const range = useParisRange(event?.start, event?.end);
  // controlled: the catalogue arrives after the first render, and an uncontrolled select would then
  // fall back to "none" and drop the event's premise on save
  const [resourceId, setResourceId] = useState(event?.resourceId ?? '');
  const [sent, setSent] = useState<{ start: string; end: string } | null>(null);

  const submit = (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const form = new FormData(formEvent.currentTarget);
    const times = range.read();
    if (!times) return;
    setSent(times);
    const organizer = form.get('requesterAssociationId');
    onSubmit({
      title: String(form.get('title') ?? '').trim(),
      description: String(form.get('description') ?? ''),
      ...times,
      location: String(form.get('location') ?? '').trim() || null,
      // an edit sends the premise only when it changed: the same one again would book it again
      ...(event ? (resourceId !== (event.resourceId ?? '') ? { resourceId: resourceId || null } : {}) : resourceId ? { resourceId } : {}),
      ...(organizer ? { requesterAssociationId: String(organizer) } : {}),
    });
  };

  const fieldError = (field: string) => eventFieldError(error, field);
  const conflict = sent && explainConflict(error, { ...sent, resourceQuantity: 1 });
  const otherError = error && !conflict && !hasFieldErrors(error, FIELDS) ? error : null;
  const options = premises.data?.items ?? [];
  // the event's own premise stays listed even if the catalogue no longer shows it
  const keepsCurrent = event?.resourceId && !options.some((resource) => resource.id === event.resourceId);

  return (
    <form className="form event-form" onSubmit={submit} noValidate>
      <TextField label={t('events.form.title')} name="title" required maxLength={200} defaultValue={event?.title} error={fieldError('title')} />
      <ParisRangeFields
        range={range}
        labels={{ start: t('events.form.start'), end: t('events.form.end') }}
        hint={t('events.form.parisTime')}
        fieldError={fieldError}
      />
      <TextField
        label={t('events.form.location')}
        hint={t('events.form.locationHint')}
        name="location"
        maxLength={300}
        defaultValue={event?.location ?? ''}
        error={fieldError('location')}
      />
      <SelectField
        label={t('events.form.premise')}
        hint={t('events.form.premiseHint')}
        name="resourceId"
        value={resourceId}
        onChange={(change) => setResourceId(change.target.value)}
        error={fieldError('resourceId')}
      >
        <option value="">{t('events.form.noPremise')}</option>
        {keepsCurrent && <option value={event.resourceId!}>{event.resourceName ?? event.resourceId}</option>}
        {options.map((resource) => (
          <option key={resource.id} value={resource.id}>
            {resource.name}
          </option>
        ))}
      </SelectField>
      {organizers && organizers.length > 1 && (
        <SelectField label={t('events.form.organizer')} name="requesterAssociationId" error={fieldError('requesterAssociationId')}>
          {organizers.map((organizer) => (
            <option key={organizer.id} value={organizer.id}>
              {organizer.name}
            </option>
          ))}
        </SelectField>
      )}
      <TextAreaField
        label={t('events.form.description')}
        name="description"
        rows={5}
        maxLength={5000}
        defaultValue={event?.description ?? ''}
        error={fieldError('description')}
      />
      {conflict && (
        <ConflictExplanation explanation={conflict} wanted={1}>
          <p className="alert__detail">{t('events.form.premiseTaken')}</p>
        </ConflictExplanation>
      )}
      {otherError && <FormAlert error={otherError} />}
      <div className="actions">
        <Button type="submit" busy={busy}>
          {submitLabel}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          {t('events.form.cancel')}
        </Button>
      </div>
    </form>
  );
}
