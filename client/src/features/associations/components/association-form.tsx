import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextAreaField, TextField } from '@/components/ui/fields';
import { Button } from '@/components/ui/button';
import { FormAlert, fieldErrorsOf } from '@/components/ui/feedback';
import type { Association, AssociationInput } from '../api/associations';

export function AssociationForm({
  initial,
  submitLabel,
  busy,
  error,
  onSubmit,
}: {
  initial?: Association;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (input: AssociationInput) => void;
}) {
  const { t } = useTranslation();
  const fieldError = fieldErrorsOf(error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // an emptied field is cleared with null on edit; on creation it is just left out
    const optional = (name: string) => String(form.get(name) ?? '').trim() || (initial ? null : undefined);
    onSubmit({
      name: String(form.get('name')).trim(),
      description: optional('description'),
      city: optional('city'),
      neighbourhood: optional('neighbourhood'),
      contactEmail: optional('contactEmail'),
    });
  };
  return (
    <form onSubmit={submit} className="form" noValidate>
      <FormAlert error={error} />
      <TextField label={t('associations.name')} name="name" defaultValue={initial?.name} required error={fieldError('name')} />
      <TextAreaField
        label={t('associations.description')}
        name="description"
        defaultValue={initial?.description ?? undefined}
        error={fieldError('description')}
      />
      <div className="form__row">
        <TextField label={t('associations.city')} name="city" defaultValue={initial?.city ?? undefined} error={fieldError('city')} />
        <TextField
          label={t('associations.neighbourhood')}
          name="neighbourhood"
          defaultValue={initial?.neighbourhood ?? undefined}
          error={fieldError('neighbourhood')}
        />
      </div>
      <TextField
        label={t('associations.contactEmail')}
        name="contactEmail"
        type="email"
        defaultValue={initial?.contactEmail ?? undefined}
        error={fieldError('contactEmail')}
      />
      <Button type="submit" busy={busy}>
        {submitLabel}
      </Button>
    </form>
  );
}
