import { ShiftGuests } from '@/features/open-doors/components/shift-guests';
import type { ShiftView } from '@maillage/contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FormAlert, Notice } from '@/components/ui/feedback';
import { isApiError } from '@/lib/api-client';
import { useSession } from '@/lib/session';
import { formatRange } from '@/features/calendar/paris-time';
import { signedUpCount, useDeleteShift, useShiftSignup, useUpdateShift } from '../api/shifts';
import { eventFieldError } from '../api/field-messages';
import { ShiftForm } from './shift-form';

/**
 * One shift: "3 / 5 bénévoles" with a bar, who is signed up (and for which association), my sign-up
 * or withdrawal (choosing the association when I am in several partners), and, for the event's
 * editors, edit and delete. The counts follow other people's sign-ups live through the cache.
 */
export function ShiftCard({
  shift,
  canEdit,
  myAssociations,
  associationNames,
}: {
  shift: ShiftView;
  canEdit: boolean;
  /** my associations that are active partners of the project */
  myAssociations: { id: string; name: string }[];
  associationNames: Map<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const me = useSession()?.user.id;
  const [editing, setEditing] = useState(false);
  const [forAssociation, setForAssociation] = useState(myAssociations[0]?.id ?? '');
  const [said, setSaid] = useState<'signedUp' | 'withdrawn' | null>(null);
  const { signUp, withdraw } = useShiftSignup(shift.id);
  const update = useUpdateShift(shift.id);
  const remove = useDeleteShift(shift);
  const taken = signedUpCount(shift);
  const full = shift.remaining <= 0;
  const mine = shift.volunteers.some((volunteer) => volunteer.userId === me);
  const selectId = `shift-${shift.id}-association`;
  const signUpError = signUp.error && !(isApiError(signUp.error, 409) || eventFieldError(signUp.error, 'associationId')) ? signUp.error : null;

  if (editing)
    return (
      <li className="card shift-card">
        <ShiftForm
          shift={shift}
          defaults={shift}
          title={t('events.shifts.editTitle', { label: shift.label })}
          submitLabel={t('events.shifts.save')}
          busy={update.isPending}
          error={update.error}
          onSubmit={(input) => update.mutate({ ...input }, { onSuccess: () => setEditing(false) })}
          onCancel={() => setEditing(false)}
        />
      </li>
    );

  return (
    <li className={`card shift-card${full ? ' shift-card--full' : ''}`}>
      <div className="shift-card__head">
        <h3 className="shift-card__label">{shift.label}</h3>
        <p className="shift-card__when">{formatRange(shift.start, shift.end, i18n.language)}</p>
      </div>
      <p className="shift-card__count">
        <strong>{t('events.shifts.count', { taken, needed: shift.needed })}</strong>{' '}
        {full ? (
          <span className="badge badge--ok">{t('events.shifts.full')}</span>
        ) : (
          <span className="muted">{t('events.shifts.missing', { count: shift.remaining })}</span>
        )}
      </p>
      <div className="shift-card__meter" aria-hidden="true">
        <span style={{ width: `${Math.min(100, (taken / Math.max(1, shift.needed)) * 100)}%` }} />
      </div>
      <div className="shift-card__volunteers">
        <span className="shift-card__volunteers-title">{t('events.shifts.volunteers')}</span>{' '}
        {shift.volunteers.length === 0 ? (
          <span className="muted">{t('events.shifts.noVolunteer')}</span>
        ) : (
          <ul className="shift-card__people">
            {shift.volunteers.map((volunteer) => (
              <li key={volunteer.userId}>
                {volunteer.userId === me ? `${volunteer.displayName} (${t('events.shifts.you')})` : volunteer.displayName || t('common.unknown')}
                {volunteer.associationId && associationNames.get(volunteer.associationId) && (
                  <span className="muted"> — {associationNames.get(volunteer.associationId)}</span>
                )}
              </li>
            ))}
          </ul>
        )}
        <ShiftGuests shift={shift} canRemove={canEdit} />
      </div>

      <div className="actions shift-card__actions">
        {mine ? (
          <Button
            variant="secondary"
            busy={withdraw.isPending}
            onClick={() => {
              setSaid(null);
              withdraw.mutate(undefined, { onSuccess: () => setSaid('withdrawn') });
            }}
          >
            {t('events.shifts.withdraw')}
          </Button>
        ) : (
          !full &&
          myAssociations.length > 0 && (
            <>
              {myAssociations.length > 1 && (
                <span className="inline-field">
                  <label htmlFor={selectId}>{t('events.shifts.signUpFor')}</label>
                  <select id={selectId} value={forAssociation} onChange={(change) => setForAssociation(change.target.value)}>
                    {myAssociations.map((association) => (
                      <option key={association.id} value={association.id}>
                        {association.name}
                      </option>
                    ))}
                  </select>
                </span>
              )}
              <Button
                busy={signUp.isPending}
                onClick={() => {
                  setSaid(null);
                  signUp.mutate(myAssociations.length > 1 ? forAssociation : undefined, { onSuccess: () => setSaid('signedUp') });
                }}
              >
                {t('events.shifts.signUp')}
              </Button>
            </>
          )
        )}
        {canEdit && (
          <>
            <Button variant="ghost" aria-label={t('events.shifts.editLabel', { label: shift.label })} onClick={() => setEditing(true)}>
              {t('events.shifts.edit')}
            </Button>
            <ConfirmButton question={t('events.shifts.deleteQuestion')} busy={remove.isPending} onConfirm={() => remove.mutate()}>
              <span aria-hidden="true">{t('events.shifts.delete')}</span>
              <span className="visually-hidden">{t('events.shifts.deleteLabel', { label: shift.label })}</span>
            </ConfirmButton>
          </>
        )}
      </div>
      {said && !signUp.isPending && !withdraw.isPending && (
        <Notice tone="success">{said === 'signedUp' ? t('events.shifts.signedUp') : t('events.shifts.withdrawn')}</Notice>
      )}
      {isApiError(signUp.error, 409) && <Notice tone="warning">{t('events.shifts.fullNow')}</Notice>}
      {eventFieldError(signUp.error, 'associationId') && <p className="field__error">{eventFieldError(signUp.error, 'associationId')}</p>}
      {signUpError && <FormAlert error={signUpError} />}
      {withdraw.error && <FormAlert error={withdraw.error} />}
      {remove.error && <FormAlert error={remove.error} />}
    </li>
  );
}
