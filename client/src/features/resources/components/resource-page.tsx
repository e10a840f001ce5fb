import type { BookingView, BusySlotView, ResourceView } from '@maillage/contract';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { QueryBoundary } from '@/components/ui/feedback';
import { PlainMarkdown } from '@/components/ui/plain-markdown';
import { myRoleIn, useMyAssociations } from '@/features/associations/api/associations';
import { addParisDays, startOfParisWeek } from '@/features/calendar/paris-time';
import { WeekCalendar } from '@/features/calendar/week-calendar';
import { BookingForm } from '@/features/bookings/components/booking-form';
import { isFullBooking } from '@/features/bookings/api/types';
import { useResource } from '../api/resource';
import { useResourceBookings } from '../api/resource-bookings';
import { useAssociationNames } from '../api/association-names';
import { OpeningHoursList } from './opening-hours-field';
import { formatEuros } from '@/features/contributions/api/format';
import './resources.css';

export default function ResourcePage() {
  const { resourceId = '' } = useParams();
  const resource = useResource(resourceId);
  return <QueryBoundary query={resource}>{() => <ResourceDetails resource={resource.data!} />}</QueryBoundary>;
}

function ResourceDetails({ resource }: { resource: ResourceView }) {
  const { t, i18n } = useTranslation();
  const associations = useMyAssociations();
  const isOwnerAdmin = associations.data?.some((association) => association.id === resource.associationId && myRoleIn(association) === 'admin');
  const [weekStart, setWeekStart] = useState(() => startOfParisWeek(new Date()));
  const from = weekStart.toISOString();
  const to = useMemo(() => addParisDays(weekStart, 7).toISOString(), [weekStart]);
  const bookings = useResourceBookings(resource.id, from, to);
  const names = useAssociationNames([
    resource.associationId,
    ...(bookings.data ?? []).map((item) => (isFullBooking(item) ? item.requesterAssociationId : null)),
  ]);
  const place = resource.kind === 'premise' ? resource.address : resource.storagePlace;
  const [picked, setPicked] = useState<Date>();

  const describe = (item: BookingView | BusySlotView) => {
    const quantity = resource.quantity > 1 ? ` · ${t('resources.quantityValue', { count: item.quantity })}` : '';
    if (!isFullBooking(item)) return `${t('resources.busy')}${quantity}`;
    return `${t(`bookings.status.${item.status}`)} — ${names(item.requesterAssociationId)}${quantity}`;
  };

  return (
    <Page
      title={resource.name}
      actions={
        isOwnerAdmin && (
          <Link className="button button--secondary" to={`/resources/${resource.id}/edit`}>
            {t('resources.edit')}
          </Link>
        )
      }
    >
      <p>
        <Link to="/resources">{t('resources.backToCatalogue')}</Link>
      </p>
      <div className="resource-layout">
        <div className="resource-layout__details">
          <section className="card" aria-labelledby="resource-details">
            <h2 id="resource-details">{t('resources.details')}</h2>
            <dl className="facts resource-facts">
              <div className="facts__pair">
                <dt>{t('resources.kind')}</dt>
                <dd>
                  {t(`resources.kinds.${resource.kind}`)}
                  {resource.status === 'archived' && <span className="badge">{t('resources.archived')}</span>}
                </dd>
              </div>
              <div className="facts__pair">
                <dt>{t('resources.owner')}</dt>
                <dd>
                  <Link to={`/associations/${resource.associationId}`}>{names(resource.associationId)}</Link>
                </dd>
              </div>
              {place && (
                <div className="facts__pair">
                  <dt>{resource.kind === 'premise' ? t('resources.address') : t('resources.storagePlace')}</dt>
                  <dd>{place}</dd>
                </div>
              )}
              {resource.kind !== 'premise' && (
                <div className="facts__pair">
                  <dt>{t('resources.quantity')}</dt>
                  <dd>{t('resources.quantityValue', { count: resource.quantity })}</dd>
                </div>
              )}
              {resource.capacity && (
                <div className="facts__pair">
                  <dt>{t('resources.capacity')}</dt>
                  <dd>{t('resources.capacityValue', { count: resource.capacity })}</dd>
                </div>
              )}
              <div className="facts__pair">
                <dt>{t('resources.sharing')}</dt>
                <dd>{t(`resources.sharings.${resource.sharing}`)}</dd>
              </div>
              <div className="facts__pair">
                <dt>{t('resources.approval')}</dt>
                <dd>{resource.requiresApproval ? t('resources.approvalNeeded') : t('resources.approvalNotNeeded')}</dd>
              </div>
              {resource.kind === 'premise' && (
                <div className="facts__pair">
                  <dt>{t('resources.accessibility')}</dt>
                  <dd>
                    {resource.stepFreeAccess ? t('resources.stepFree') : t('resources.notStepFree')}
                    {resource.accessibilityNotes && <span className="prewrap">{` — ${resource.accessibilityNotes}`}</span>}
                  </dd>
                </div>
              )}
              {resource.valuation && (
                <div className="facts__pair">
                  <dt>{t('contributions.resourceValuation.shown')}</dt>
                  <dd>
                    {formatEuros(resource.valuation.euros, i18n.language)} / {t(`contributions.resourceValuation.${resource.valuation.per}`)}
                  </dd>
                </div>
              )}
            </dl>
            {resource.description && (
              <>
                <h3>{t('resources.description')}</h3>
                <p className="prewrap">{resource.description}</p>
              </>
            )}
            {resource.rules && (
              <>
                <h3>{t('resources.rules')}</h3>
                <PlainMarkdown source={resource.rules} headingBase={4} />
              </>
            )}
            <h3>{t('resources.openingHours')}</h3>
            <OpeningHoursList slots={resource.openingHours} />
          </section>
        </div>
        <div className="resource-layout__calendar">
          <WeekCalendar
            items={bookings.data ?? []}
            weekStart={weekStart}
            onWeekChange={setWeekStart}
            describe={describe}
            tone={(item) => (isFullBooking(item) ? item.status : 'busy')}
            busy={bookings.isFetching}
            onPickSlot={resource.status === 'active' ? setPicked : undefined}
          />
        </div>
        {resource.status === 'active' && (
          <section className="card resource-layout__form" aria-labelledby="book-heading">
            <h2 id="book-heading">{t('bookings.formTitle')}</h2>
            <BookingForm resource={resource} headingId="book-heading" picked={picked} />
          </section>
        )}
      </div>
    </Page>
  );
}
