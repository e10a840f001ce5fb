import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextAreaField, TextField } from '@/components/ui/fields';
import { Button } from '@/components/ui/button';
import { FormAlert, fieldErrorsOf } from '@/components/ui/feedback';
import { fromDateInputValue } from '@/lib/dates';
import type { Association } from '@/features/associations/api/associations';
import type { ProjectInput } from '../api/projects';

export function ProjectForm({
  associations,
  busy,
  error,
  onSubmit,
}: {
  associations: Association[];
  busy: boolean;
  error: unknown;
  onSubmit: (input: ProjectInput) => void;
}) {
  const { t } = useTranslation();
  const fieldError = fieldErrorsOf(error);
  const [coordinatorId, setCoordinatorId] = useState(associations[0]?.id ?? '');
  const coordinatorName = associations.find((association) => association.id === coordinatorId)?.name ?? '';
  const signingNoteId = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onSubmit({
      title: String(form.get('title')).trim(),
      description: String(form.get('description') ?? '').trim() || undefined,
      coordinatorAssociationId: String(form.get('coordinatorAssociationId')),
      startDate: fromDateInputValue(String(form.get('startDate') ?? '')),
      endDate: fromDateInputValue(String(form.get('endDate') ?? '')),
    });
  };
  return (
    <form onSubmit={submit} className="form" noValidate>
      <FormAlert error={error} />
      <TextField label={t('projects.titleField')} name="title" required error={fieldError('title')} />
      <TextAreaField label={t('projects.description')} name="description" error={fieldError('description')} />
      <SelectField
        label={t('projects.coordinator')}
        name="coordinatorAssociationId"
        value={coordinatorId}
        onChange={(event) => setCoordinatorId(event.target.value)}
        hint={t('projects.coordinatorHint')}
        error={fieldError('coordinatorAssociationId')}
      >
        {associations.map((association) => (
          <option key={association.id} value={association.id}>
            {association.name}
          </option>
        ))}
      </SelectField>
      <div className="form__row">
        <TextField label={t('projects.startDate')} name="startDate" type="date" error={fieldError('startDate')} />
        <TextField label={t('projects.endDate')} name="endDate" type="date" error={fieldError('endDate')} />
      </div>
      <p id={signingNoteId} className="signing-note">
        {t('signing.onCreate', { association: coordinatorName })}
      </p>
      <Button type="submit" busy={busy} aria-describedby={signingNoteId}>
        {t('projects.create')}
      </Button>
    </form>
  );
}
