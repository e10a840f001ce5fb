import type { BookingView, ReturnCondition } from '@maillage/contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { SelectField, TextAreaField } from '@/components/ui/fields';
import { EmptyState, FormAlert, Loading } from '@/components/ui/feedback';
import { isApiError } from '@/lib/api-client';
import { myRoleIn, useMyAssociations } from '@/features/associations/api/associations';
import { useAssociationNames } from '@/features/resources/api/association-names';
import { useInbox } from '../api/inbox';
import { useBookingAction, type BookingAction } from '../api/booking-actions';
import { useResourceNames } from '../api/resource-names';
import { RETURN_CONDITIONS } from '../api/types';
import { ActionOutcome } from './action-outcome';
import { BookingSummary } from './booking-summary';
import { BookingsTabs } from './bookings-tabs';
import '@/features/resources/components/resources.css';

type Section = 'overdue' | 'toApprove' | 'upcoming' | 'lent';

/** Overdue loans first, then requests to decide, approved bookings to hand over, loans to take back. */
export function inboxSections(bookings: BookingView[]): { section: Section; items: BookingView[] }[] {
  const byStart = (a: BookingView, b: BookingView) => a.start.localeCompare(b.start);
  const sections: { section: Section; items: BookingView[] }[] = [
    { section: 'overdue', items: bookings.filter((booking) => booking.status === 'checked_out' && booking.overdue).sort((a, b) => a.end.localeCompare(b.end)) },
    { section: 'toApprove', items: bookings.filter((booking) => booking.status === 'pending').sort(byStart) },
    { section: 'upcoming', items: bookings.filter((booking) => booking.status === 'approved').sort(byStart) },
    { section: 'lent', items: bookings.filter((booking) => booking.status === 'checked_out' && !booking.overdue).sort((a, b) => a.end.localeCompare(b.end)) },
  ];
  return sections.filter((entry) => entry.items.length > 0);
}

/** "À traiter": the inbox of an association I administer. */
export default function OwnerInboxPage() {
  const { t } = useTranslation();
  const associations = useMyAssociations();
  const administered = (associations.data ?? []).filter((association) => myRoleIn(association) === 'admin');
  const [chosen, setChosen] = useState<string>();
  const associationId = chosen ?? administered[0]?.id;
  const inbox = useInbox(associationId, 'owner');
  const action = useBookingAction();
  const [done, setDone] = useState<{ action: BookingAction['action']; at: number } | null>(null);
  const items = inbox.data ?? [];
  const requester = useAssociationNames(items.map((booking) => booking.requesterAssociationId));
  const resourceName = useResourceNames(items.map((booking) => booking.resourceId));

  const run = (bookingId: string, input: BookingAction) => {
    setDone(null);
    action.mutate({ bookingId, ...input }, { onSuccess: () => setDone({ action: input.action, at: Date.now() }) });
  };
  const changed = isApiError(action.error, 409) ? (action.error.problem.current as BookingView | undefined) : undefined;

  return (
    <Page title={t('bookings.title')}>
      <BookingsTabs />
      <h2>{t('bookings.inbox')}</h2>
      <p className="muted">{t('bookings.inboxIntro')}</p>
      {associations.isPending ? (
        <Loading />
      ) : administered.length === 0 ? (
        <EmptyState title={t('bookings.inboxNotAdmin')} />
      ) : (
        <>
          {administered.length > 1 && (
            <form className="filters booking-filters" onSubmit={(event) => event.preventDefault()}>
              <SelectField label={t('bookings.association')} value={associationId} onChange={(event) => setChosen(event.target.value)}>
                {administered.map((association) => (
                  <option key={association.id} value={association.id}>
                    {association.name}
                  </option>
                ))}
              </SelectField>
            </form>
          )}
          {done && !action.error && <ActionOutcome stamp={done}>{t(`bookings.done.${done.action}`)}</ActionOutcome>}
          {changed?.status ? (
            <div className="alert alert--warning" role="alert">
              <p>{t('bookings.alreadyChanged', { status: t(`bookings.status.${changed.status}`) })}</p>
            </div>
          ) : (
            <FormAlert error={action.error} />
          )}
          {inbox.isPending ? (
            <Loading />
          ) : inbox.error ? (
            <FormAlert error={inbox.error} />
          ) : items.length === 0 ? (
            <EmptyState title={t('bookings.inboxEmptyTitle')}>
              <p>{t('bookings.inboxEmptyBody')}</p>
            </EmptyState>
          ) : (
            inboxSections(items).map(({ section, items: sectionItems }) => (
              <section key={section} className="inbox-section" aria-labelledby={`inbox-${section}`}>
                <h2 id={`inbox-${section}`}>
                  {t(`bookings.${section}`)} <span className="badge">{sectionItems.length}</span>
                </h2>
                <ul className="booking-list">
                  {sectionItems.map((booking) => (
                    <BookingSummary
                      key={booking.id}
                      booking={booking}
                      resourceName={resourceName(booking.resourceId)}
                      associationLine={t('bookings.requestedBy', { name: requester(booking.requesterAssociationId) })}
                    >
                      <InboxActions
                        booking={booking}
                        busy={action.isPending && action.variables?.bookingId === booking.id}
                        onAction={(input) => run(booking.id, input)}
                      />
                    </BookingSummary>
                  ))}
                </ul>
              </section>
            ))
          )}
        </>
      )}
    </Page>
  );
}

function InboxActions({ booking, busy, onAction }: { booking: BookingView; busy: boolean; onAction: (input: BookingAction) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'reject' | 'return' | null>(null);
  const [reasonMissing, setReasonMissing] = useState(false);

  const reject = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    setReasonMissing(!reason);
    if (reason) onAction({ action: 'reject', reason });
  };
  const giveBack = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onAction({ action: 'return', condition: String(form.get('condition')) as ReturnCondition, note: String(form.get('note') ?? '').trim() || undefined });
  };

  if (booking.status === 'pending')
    return (
      <>
        <div className="actions">
          <Button busy={busy} onClick={() => onAction({ action: 'approve' })}>
            {t('bookings.approve')}
          </Button>
          <Button variant="danger" aria-expanded={open === 'reject'} onClick={() => setOpen(open === 'reject' ? null : 'reject')}>
            {t('bookings.reject')}
          </Button>
        </div>
        {open === 'reject' && (
          <form className="form" onSubmit={reject} noValidate>
            <TextAreaField
              label={t('bookings.rejectReason')}
              hint={t('bookings.rejectReasonHint')}
              name="reason"
              rows={2}
              required
              autoFocus
              error={reasonMissing ? t('fieldErrors.required') : undefined}
            />
            <ConfirmOrCancel label={t('bookings.confirmReject')} variant="danger" busy={busy} onCancel={() => setOpen(null)} />
          </form>
        )}
      </>
    );
  if (booking.status === 'approved')
    return (
      <div className="actions">
        <Button variant="secondary" busy={busy} onClick={() => onAction({ action: 'checkout' })} aria-describedby={`checkout-${booking.id}`}>
          {t('bookings.checkout')}
        </Button>
        <span id={`checkout-${booking.id}`} className="muted">
          {t('bookings.checkoutHint')}
        </span>
      </div>
    );
  if (booking.status === 'checked_out')
    return open === 'return' ? (
      <form className="form" onSubmit={giveBack}>
        <SelectField label={t('bookings.condition')} name="condition" defaultValue="good" autoFocus>
          {RETURN_CONDITIONS.map((condition) => (
            <option key={condition} value={condition}>
              {t(`bookings.conditions.${condition}`)}
            </option>
          ))}
        </SelectField>
        <TextAreaField label={t('bookings.returnNote')} name="note" rows={2} />
        <ConfirmOrCancel label={t('bookings.confirmReturn')} busy={busy} onCancel={() => setOpen(null)} />
      </form>
    ) : (
      <div className="actions">
        <Button onClick={() => setOpen('return')} aria-expanded={false}>
          {t('bookings.takeBack')}
        </Button>
      </div>
    );
  return null;
}

/** The submit and cancel buttons closing an inline form of the inbox. */
function ConfirmOrCancel({ label, variant, busy, onCancel }: { label: string; variant?: 'danger'; busy: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <Button type="submit" variant={variant} busy={busy}>
        {label}
      </Button>
      <Button variant="ghost" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
    </div>
  );
}
