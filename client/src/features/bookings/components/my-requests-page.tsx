import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { SelectField } from '@/components/ui/fields';
import { EmptyState, FormAlert, Loading, QueryBoundary } from '@/components/ui/feedback';
import { useMyAssociations } from '@/features/associations/api/associations';
import { useAssociationNames } from '@/features/resources/api/association-names';
import { useResourceNames } from '../api/resource-names';
import { useMyRequests } from '../api/inbox';
import { useBookingAction } from '../api/booking-actions';
import { useCancelSeries } from '../api/cancel-series';
import { BOOKING_STATUSES } from '../api/types';
import { ActionOutcome } from './action-outcome';
import { BookingSummary } from './booking-summary';
import { BookingsTabs } from './bookings-tabs';
import '@/features/resources/components/resources.css';

/** "Mes demandes": what my associations asked for, with its status; pending and approved ones can be cancelled. */
export default function MyRequestsPage() {
  const { t } = useTranslation();
  const associations = useMyAssociations();
  const requests = useMyRequests((associations.data ?? []).map((association) => association.id));
  const [status, setStatus] = useState('');
  const action = useBookingAction();
  const series = useCancelSeries();
  const [done, setDone] = useState<{ text: string; at: number } | null>(null);
  const shown = requests.data.filter((booking) => !status || booking.status === status);
  const names = useAssociationNames(shown.map((booking) => booking.requesterAssociationId));
  const resourceName = useResourceNames(shown.map((booking) => booking.resourceId));

  return (
    <Page title={t('bookings.title')}>
      <BookingsTabs />
      <h2>{t('bookings.mine')}</h2>
      <QueryBoundary query={associations}>
        {() =>
          requests.isPending && associations.data!.length > 0 ? (
            <Loading />
          ) : requests.error ? (
            <FormAlert error={requests.error} />
          ) : requests.data.length === 0 ? (
            <EmptyState title={t('bookings.mineEmptyTitle')} action={<Link to="/resources">{t('nav.resources')}</Link>}>
              <p>{t('bookings.mineEmptyBody')}</p>
            </EmptyState>
          ) : (
            <>
              <form className="filters booking-filters" onSubmit={(event) => event.preventDefault()}>
                <SelectField label={t('bookings.statusFilter')} value={status} onChange={(event) => setStatus(event.target.value)}>
                  <option value="">{t('bookings.allStatuses')}</option>
                  {BOOKING_STATUSES.map((option) => (
                    <option key={option} value={option}>
                      {t(`bookings.status.${option}`)}
                    </option>
                  ))}
                </SelectField>
              </form>
              {done && !action.error && !series.error && <ActionOutcome stamp={done}>{done.text}</ActionOutcome>}
              <FormAlert error={action.error ?? series.error} />
              <ul className="booking-list" aria-live="polite">
                {shown.map((booking) => (
                  <BookingSummary
                    key={booking.id}
                    booking={booking}
                    resourceName={resourceName(booking.resourceId)}
                    associationLine={t('bookings.onBehalfOfValue', { name: names(booking.requesterAssociationId) })}
                  >
                    {(booking.status === 'pending' || booking.status === 'approved') && (
                      <div className="actions">
                        <ConfirmButton
                          question={t('bookings.cancelQuestion')}
                          busy={action.isPending && action.variables?.bookingId === booking.id}
                          onConfirm={() =>
                            action.mutate(
                              { bookingId: booking.id, action: 'cancel' },
                              { onSuccess: () => setDone({ text: t('bookings.done.cancel'), at: Date.now() }) },
                            )
                          }
                        >
                          {t('bookings.cancel')}
                        </ConfirmButton>
                        {booking.seriesId && (
                          <ConfirmButton
                            question={t('bookings.cancelSeriesQuestion')}
                            busy={series.isPending && series.variables?.seriesId === booking.seriesId}
                            onConfirm={() =>
                              series.mutate(
                                { seriesId: booking.seriesId!, from: booking.start },
                                { onSuccess: (page) => setDone({ text: t('bookings.seriesCancelled', { count: page.items.length }), at: Date.now() }) },
                              )
                            }
                          >
                            {t('bookings.cancelSeries')}
                          </ConfirmButton>
                        )}
                      </div>
                    )}
                  </BookingSummary>
                ))}
              </ul>
            </>
          )
        }
      </QueryBoundary>
    </Page>
  );
}
