import type { OpeningSlot, ResourceKind, ResourceView } from '@maillage/contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { SelectField, TextAreaField, TextField } from '@/components/ui/fields';
import { FormAlert, fieldErrorsOf, translateFieldError } from '@/components/ui/feedback';
import { isApiError } from '@/lib/api-client';
import type { Association } from '@/features/associations/api/associations';
import { RESOURCE_KINDS, RESOURCE_SHARINGS, type ResourceInput } from '../api/types';
import { OpeningHoursField } from './opening-hours-field';

export interface ResourceFormValue {
  associationId: string;
  input: ResourceInput;
}

/** Creates (with the association picker) or edits a resource; a stale edit shows the current version. */
export function ResourceForm({
  initial,
  associations,
  submitLabel,
  busy,
  error,
  onSubmit,
}: {
  initial?: ResourceView;
  /** the associations I administer; only for creation */
  associations?: Association[];
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (value: ResourceFormValue) => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ResourceKind>(initial?.kind ?? 'premise');
  const [slots, setSlots] = useState<OpeningSlot[]>(initial?.openingHours ?? []);
  const fieldError = fieldErrorsOf(error);
  const slotsProblem = isApiError(error, 400) ? error.problem.errors?.find((item) => item.field.startsWith('openingHours')) : undefined;
  const slotsError = slotsProblem && translateFieldError(slotsProblem);
  const staleOrBooked = isApiError(error, 409) ? (error.problem.code === 'booking_conflict' ? t('resources.quantityBooked') : t('resources.stale')) : null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const optionalText = (name: string) => text(name) || undefined;
    const optionalNumber = (name: string) => (text(name) ? Number(text(name)) : undefined);
    onSubmit({
      associationId: initial?.associationId ?? text('associationId'),
      input: {
        kind,
        name: text('name'),
        description: initial ? text('description') : optionalText('description'),
        quantity: kind === 'premise' ? 1 : (optionalNumber('quantity') ?? 1),
        capacity: optionalNumber('capacity'),
        address: initial ? text('address') : optionalText('address'),
        ...(kind === 'premise' ? { addressIsPublic: form.get('addressIsPublic') === 'on' } : {}),
        storagePlace: initial ? text('storagePlace') : optionalText('storagePlace'),
        rules: initial ? text('rules') : optionalText('rules'),
        stepFreeAccess: form.get('stepFreeAccess') === 'on',
        accessibilityNotes: initial ? text('accessibilityNotes') : optionalText('accessibilityNotes'),
        sharing: text('sharing') as ResourceInput['sharing'],
        requiresApproval: form.get('requiresApproval') === 'on',
        openingHours: slots,
        valuation: text('valuationEuros')
          ? { euros: Number(text('valuationEuros').replace(',', '.')), per: text('valuationPer') as 'hour' | 'day' }
          : initial
            ? null
            : undefined,
      },
    });
  };

  return (
    <form onSubmit={submit} className="form resource-form" noValidate>
      {staleOrBooked ? (
        <div className="alert alert--warning" role="alert">
          <p>{staleOrBooked}</p>
        </div>
      ) : (
        <FormAlert error={error} />
      )}
      {!initial && associations && (
        <SelectField label={t('resources.owner')} name="associationId" defaultValue={associations[0]?.id}>
          {associations.map((association) => (
            <option key={association.id} value={association.id}>
              {association.name}
            </option>
          ))}
        </SelectField>
      )}
      <div className="form__row">
        <SelectField
          label={t('resources.kind')}
          name="kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as ResourceKind)}
          error={fieldError('kind')}
        >
          {RESOURCE_KINDS.map((option) => (
            <option key={option} value={option}>
              {t(`resources.kinds.${option}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('resources.name')} name="name" defaultValue={initial?.name} required maxLength={120} error={fieldError('name')} />
      </div>
      <TextAreaField label={t('resources.description')} name="description" defaultValue={initial?.description ?? ''} error={fieldError('description')} />
      <div className="form__row">
        {kind !== 'premise' && (
          <TextField
            label={t('resources.quantity')}
            hint={t('resources.quantityHint')}
            name="quantity"
            type="number"
            min={1}
            inputMode="numeric"
            defaultValue={initial?.quantity ?? 1}
            error={fieldError('quantity')}
          />
        )}
        {kind !== 'equipment' && (
          <TextField
            label={t('resources.capacity')}
            name="capacity"
            type="number"
            min={1}
            inputMode="numeric"
            defaultValue={initial?.capacity ?? ''}
            error={fieldError('capacity')}
          />
        )}
      </div>
      {kind === 'premise' ? (
        <TextField
          label={t('resources.address')}
          name="address"
          defaultValue={initial?.address ?? ''}
          autoComplete="street-address"
          error={fieldError('address')}
        />
      ) : (
        <TextField
          label={t('resources.storagePlace')}
          hint={t('resources.storagePlaceHint')}
          name="storagePlace"
          defaultValue={initial?.storagePlace ?? ''}
          error={fieldError('storagePlace')}
        />
      )}
      <TextAreaField
        label={t('resources.rules')}
        hint={t('resources.rulesHint')}
        name="rules"
        defaultValue={initial?.rules ?? ''}
        error={fieldError('rules')}
      />
      {kind === 'premise' && (
        <>
          <label className="checkbox">
            <input type="checkbox" name="addressIsPublic" defaultChecked={initial?.addressIsPublic ?? false} />
            {t('openDoors.addressIsPublic')}
          </label>
          <label className="checkbox">
            <input type="checkbox" name="stepFreeAccess" defaultChecked={initial?.stepFreeAccess ?? false} />
            {t('resources.stepFreeAccess')}
          </label>
          <TextAreaField label={t('resources.accessibilityNotes')} name="accessibilityNotes" rows={2} defaultValue={initial?.accessibilityNotes ?? ''} />
        </>
      )}
      <fieldset className="checkbox-group">
        <legend>{t('resources.sharing')}</legend>
        {RESOURCE_SHARINGS.map((sharing) => (
          <label key={sharing} className="checkbox">
            <input type="radio" name="sharing" value={sharing} defaultChecked={(initial?.sharing ?? 'partners') === sharing} />
            {t(`resources.sharings.${sharing}`)}
          </label>
        ))}
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" name="requiresApproval" defaultChecked={initial?.requiresApproval ?? true} />
        {t('resources.requiresApproval')}
      </label>
      <OpeningHoursField value={slots} onChange={setSlots} error={slotsError} />
      <fieldset className="checkbox-group">
        <legend>{t('contributions.resourceValuation.legend')}</legend>
        <p className="field__hint">{t('contributions.resourceValuation.hint')}</p>
        <div className="form__row">
          <TextField
            label={t('contributions.resourceValuation.euros')}
            name="valuationEuros"
            inputMode="decimal"
            defaultValue={initial?.valuation?.euros ?? ''}
            error={fieldError('valuation.euros') ?? fieldError('valuation')}
          />
          <SelectField
            label={t('contributions.resourceValuation.per')}
            name="valuationPer"
            defaultValue={initial?.valuation?.per ?? (kind === 'premise' ? 'hour' : 'day')}
          >
            <option value="hour">{t('contributions.resourceValuation.hour')}</option>
            <option value="day">{t('contributions.resourceValuation.day')}</option>
          </SelectField>
        </div>
      </fieldset>
      <div className="actions">
        <Button type="submit" busy={busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
