import type { ContributionKind, ContributionStatus } from '@maillage/contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/fields';
import { FormAlert, fieldErrorsOf } from '@/components/ui/feedback';
import { isApiError } from '@/lib/api-client';
import { CONTRIBUTION_KINDS, type Contribution, type ContributionInput } from '../api/contributions';

const DEFAULT_UNITS: Record<ContributionKind, string> = { volunteer_hours: 'h', money: 'EUR', material: '', premises: 'h', service: 'h' };

/** Records a pledge (or what was delivered) for one of the associations I may record for, or edits one. */
export function ContributionForm({
  initial,
  associations,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  initial?: Contribution;
  /** id and name of each association I may record for; only for creation */
  associations: { id: string; name: string }[];
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (input: ContributionInput) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ContributionKind>(initial?.kind ?? 'volunteer_hours');
  const [unit, setUnit] = useState(initial?.unit ?? DEFAULT_UNITS.volunteer_hours);
  const fieldError = fieldErrorsOf(error);

  const chooseKind = (next: ContributionKind) => {
    // the unit follows the kind while the recorder has not typed one of their own
    if (unit === DEFAULT_UNITS[kind]) setUnit(DEFAULT_UNITS[next]);
    setKind(next);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const value = text('valueEuros').replace(',', '.');
    onSubmit({
      associationId: initial?.associationId ?? text('associationId'),
      kind,
      description: text('description'),
      quantity: Number(text('quantity').replace(',', '.')),
      unit: unit.trim(),
      valueEuros: value ? Number(value) : null,
      gift: kind === 'material' && form.get('gift') === 'on',
      status: text('status') as ContributionStatus,
      date: text('date') || null,
    });
  };

  return (
    <form onSubmit={submit} className="form contribution-form" noValidate>
      {isApiError(error, 409) ? null : <FormAlert error={error} />}
      {!initial && (
        <SelectField label={t('contributions.form.association')} name="associationId" defaultValue={associations[0]?.id} error={fieldError('associationId')}>
          {associations.map((association) => (
            <option key={association.id} value={association.id}>
              {association.name}
            </option>
          ))}
        </SelectField>
      )}
      <div className="form__row">
        <SelectField label={t('contributions.form.kind')} name="kind" value={kind} onChange={(event) => chooseKind(event.target.value as ContributionKind)}>
          {CONTRIBUTION_KINDS.map((option) => (
            <option key={option} value={option}>
              {t(`contributions.kinds.${option}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('contributions.form.status')} name="status" defaultValue={initial?.status ?? 'pledged'}>
          <option value="pledged">{t('contributions.statuses.pledged')}</option>
          <option value="delivered">{t('contributions.statuses.delivered')}</option>
        </SelectField>
      </div>
      <TextField
        label={t('contributions.form.description')}
        hint={t('contributions.form.descriptionHint')}
        name="description"
        defaultValue={initial?.description}
        required
        maxLength={300}
        error={fieldError('description')}
      />
      <div className="form__row contribution-form__numbers">
        <TextField
          label={t('contributions.form.quantity')}
          name="quantity"
          inputMode="decimal"
          required
          defaultValue={initial?.quantity ?? ''}
          error={fieldError('quantity')}
        />
        <TextField
          label={t('contributions.form.unit')}
          hint={t('contributions.form.unitHint')}
          name="unit"
          required
          maxLength={40}
          value={unit}
          onChange={(event) => setUnit(event.target.value)}
          error={fieldError('unit')}
        />
        <TextField
          label={t('contributions.form.value')}
          hint={t('contributions.form.valueHint')}
          name="valueEuros"
          inputMode="decimal"
          defaultValue={initial?.valuation.method === 'given' ? initial.valueEuros : ''}
          error={fieldError('valueEuros')}
        />
        <TextField label={t('contributions.form.date')} name="date" type="date" defaultValue={initial?.date ?? ''} error={fieldError('date')} />
      </div>
      {kind === 'material' && (
        <label className="checkbox">
          <input type="checkbox" name="gift" defaultChecked={initial?.gift ?? false} />
          {t('contributions.form.gift')}
        </label>
      )}
      <div className="actions">
        <Button type="submit" busy={busy}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}
