import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FormAlert } from '@/components/ui/feedback';
import { isApiError } from '@/lib/api-client';
import { useDeleteContribution, useUpdateContribution, type Contribution } from '../api/contributions';
import { computationOf, formatCalendarDay, formatEuros, formatQuantity } from '../api/format';
import { ContributionForm } from './contribution-form';

/** One contribution: what, how much, its value and how it was found, where it comes from; manual ones can be edited. */
export function ContributionItem({ projectId, item, canEdit }: { projectId: string; item: Contribution; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [editing, setEditing] = useState(false);
  const update = useUpdateContribution(projectId);
  const remove = useDeleteContribution(projectId);
  const computation = computationOf(item, locale);
  const failure = update.error ?? remove.error;
  const stale = isApiError(failure, 409) ? (failure.problem.current as Contribution | undefined) : undefined;

  if (editing)
    return (
      <li className="card contribution">
        <h4 className="contribution__heading">{t('contributions.form.edit')}</h4>
        <ContributionForm
          initial={item}
          associations={[]}
          submitLabel={t('common.save')}
          busy={update.isPending}
          error={update.error}
          onCancel={() => setEditing(false)}
          onSubmit={({ associationId: _associationId, ...patch }) =>
            update.mutate(
              { contribution: item, patch },
              { onSuccess: () => setEditing(false), onError: (error) => isApiError(error, 409) && setEditing(false) },
            )
          }
        />
      </li>
    );

  return (
    <li className={`card contribution contribution--${item.status}`}>
      <div className="contribution__main">
        <p className="contribution__title">
          <span className="badge">{t(`contributions.kinds.${item.kind}`)}</span>{' '}
          <span className={`badge badge--${item.status === 'delivered' ? 'ok' : 'warning'}`}>{t(`contributions.statuses.${item.status}`)}</span>{' '}
          <strong>{item.source === 'manual' ? item.description : t(`contributions.origin.${item.source}`, { description: item.description })}</strong>
        </p>
        <p className="contribution__value">
          <strong>{formatEuros(item.valueEuros, locale)}</strong>
          <span className="muted">
            {' '}
            {/* a rated value already says its quantity ("4 h × 12,02 €") */}
            {item.valuation.method === 'rate' ? '' : `· ${formatQuantity(item.quantity, locale)} ${item.unit} `}· {t(computation.key, computation.values)}
          </span>
        </p>
        <p className="muted contribution__meta">
          {item.date ? formatCalendarDay(item.date, locale) : t('contributions.undated')}
          {' · '}
          {item.source === 'manual' ? t('contributions.origin.manual') : t('contributions.derivedHint')}
          {item.gift ? ` · ${t('contributions.form.gift')}` : ''}
        </p>
      </div>
      {stale && (
        <div className="alert alert--warning" role="alert">
          <p>{t('contributions.stale')}</p>
        </div>
      )}
      {failure && !stale ? <FormAlert error={failure} /> : null}
      {canEdit && item.source === 'manual' && (
        <div className="actions">
          {item.status === 'pledged' && (
            <Button variant="secondary" busy={update.isPending} onClick={() => update.mutate({ contribution: item, patch: { status: 'delivered' } })}>
              {t('contributions.markDelivered')}
            </Button>
          )}
          <Button variant="ghost" onClick={() => setEditing(true)}>
            {t('common.edit')}
          </Button>
          <ConfirmButton question={t('contributions.deleteConfirm')} busy={remove.isPending} onConfirm={() => remove.mutate(item)}>
            {t('contributions.delete')}
          </ConfirmButton>
        </div>
      )}
    </li>
  );
}
