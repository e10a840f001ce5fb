import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/fields';
import { FormAlert, Notice, fieldErrorsOf } from '@/components/ui/feedback';
import { useUpdateProject } from '@/features/projects/api/projects';
import type { ProjectView } from '@maillage/contract';
import { formatEuros } from '../api/format';

/** The project's volunteer hourly rate: everyone reads what it is and why; coordinator admins change it. */
export function VolunteerRate({ project, editable }: { project: ProjectView; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateProject(project.id);
  const [saved, setSaved] = useState(false);
  const rate = project.valuation?.volunteerHourlyRateEuros ?? 12.02;
  const fieldError = fieldErrorsOf(update.error);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = Number(String(new FormData(event.currentTarget).get('rate') ?? '').replace(',', '.'));
    setSaved(false);
    const patch: Partial<ProjectView> = { valuation: { volunteerHourlyRateEuros: value }, version: project.version };
    update.mutate(patch, { onSuccess: () => setSaved(true) });
  };

  return (
    <section aria-labelledby="volunteer-rate" className="card">
      <h2 id="volunteer-rate">{t('contributions.rate.title')}</h2>
      <p>{t('contributions.rate.current', { rate: formatEuros(rate, i18n.language) })}</p>
      <p className="muted">{t('contributions.rate.explain')}</p>
      {editable && (
        <form onSubmit={submit} className="form form--inline rate-form" noValidate>
          <FormAlert error={update.error} />
          <TextField
            label={t('contributions.rate.label')}
            name="rate"
            inputMode="decimal"
            defaultValue={rate.toLocaleString(i18n.language, { maximumFractionDigits: 2, useGrouping: false })}
            key={rate}
            error={fieldError('valuation.volunteerHourlyRateEuros')}
          />
          <Button type="submit" variant="secondary" busy={update.isPending}>
            {t('contributions.rate.save')}
          </Button>
        </form>
      )}
      {saved && <Notice tone="success">{t('contributions.rate.saved')}</Notice>}
    </section>
  );
}
