import type { EventView } from '@maillage/contract';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { EmptyState, FormAlert, Loading, QueryBoundary } from '@/components/ui/feedback';
import { isApiError } from '@/lib/api-client';
import { formatRange } from '@/features/calendar/paris-time';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import { useDeleteEvent, useEvent } from '../api/events';
import { useCreateShift, useShifts } from '../api/shifts';
import { BookingState } from './booking-state';
import { ShiftCard } from './shift-card';
import { ShiftForm } from './shift-form';
import { OpenDoorsPanel } from '@/features/open-doors/components/open-doors-panel';
import './events.css';

/** /projects/:projectId/events/:eventId: the event, its premise's booking state, and its volunteer shifts. */
export default function EventPage() {
  const { t } = useTranslation();
  const { project } = useWorkspace();
  const { eventId = '' } = useParams();
  const event = useEvent(project.id, eventId);
  if (isApiError(event.error, 404))
    return (
      <Page title={t('events.deleted')}>
        <p>
          <Link to={`/projects/${project.id}/events`}>{t('events.backToList')}</Link>
        </p>
      </Page>
    );
  return <QueryBoundary query={event}>{() => <EventDetails event={event.data!} />}</QueryBoundary>;
}

function EventDetails({ event }: { event: EventView }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const workspace = useWorkspace();
  const { project, associationNames } = workspace;
  const list = `/projects/${project.id}/events`;
  // the server's rule: members of the organizing association and the coordinator's admins
  const canEdit = project.status !== 'archived' && (workspace.isCoordinatorAdmin || workspace.myActivePartnerIds.includes(event.organizerAssociationId));
  const remove = useDeleteEvent(project.id, event.id);

  return (
    <Page
      title={event.title}
      actions={
        canEdit && (
          <Link className="button button--secondary" to={`${list}/${event.id}/edit`}>
            {t('events.edit')}
          </Link>
        )
      }
    >
      <p>
        <Link to={list}>{t('events.backToList')}</Link>
      </p>
      <div className="event-layout">
        <section className="card event-layout__details" aria-label={t('events.title')}>
          <dl className="facts event-facts">
            <div className="facts__pair">
              <dt>{t('events.when')}</dt>
              <dd>{formatRange(event.start, event.end, i18n.language)}</dd>
            </div>
            {event.location && (
              <div className="facts__pair">
                <dt>{t('events.where')}</dt>
                <dd className="prewrap">{event.location}</dd>
              </div>
            )}
            {event.resourceId && (
              <div className="facts__pair">
                <dt>{t('events.premise')}</dt>
                <dd>
                  <BookingState event={event} link />
                </dd>
              </div>
            )}
            <div className="facts__pair">
              <dt>{t('events.organizer')}</dt>
              <dd>{associationNames.get(event.organizerAssociationId) ?? t('common.unknown')}</dd>
            </div>
          </dl>
          <h2 className="event-layout__subtitle">{t('events.description')}</h2>
          {event.description ? <p className="prewrap">{event.description}</p> : <p className="muted">{t('events.noDescription')}</p>}
          {canEdit && (
            <div className="actions">
              <ConfirmButton
                question={t('events.deleteQuestion')}
                busy={remove.isPending}
                onConfirm={() => remove.mutate(undefined, { onSuccess: () => navigate(list, { replace: true }) })}
              >
                {t('events.delete')}
              </ConfirmButton>
            </div>
          )}
          {remove.error && <FormAlert error={remove.error} />}
          {canEdit && <OpenDoorsPanel event={event} />}
        </section>
        <Shifts event={event} canEdit={canEdit} />
      </div>
    </Page>
  );
}

function Shifts({ event, canEdit }: { event: EventView; canEdit: boolean }) {
  const { t } = useTranslation();
  const { project, associationNames, myActivePartnerIds } = useWorkspace();
  const shifts = useShifts(project.id, event.id);
  const create = useCreateShift(event.id);
  const [adding, setAdding] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const mine = myActivePartnerIds.map((id) => ({ id, name: associationNames.get(id) ?? id }));
  const writable = project.status !== 'archived';

  return (
    <section className="event-layout__shifts" aria-labelledby="shifts-heading">
      <h2 id="shifts-heading">{t('events.shifts.title')}</h2>
      {shifts.isPending ? (
        <Loading />
      ) : shifts.error ? (
        <FormAlert error={shifts.error} />
      ) : shifts.data.length === 0 ? (
        <EmptyState title={t('events.shifts.empty')}>{canEdit && t('events.shifts.emptyEditor')}</EmptyState>
      ) : (
        <ul className="card-list shift-cards">
          {shifts.data.map((shift) => (
            <ShiftCard key={shift.id} shift={shift} canEdit={canEdit} myAssociations={writable ? mine : []} associationNames={associationNames} />
          ))}
        </ul>
      )}
      {canEdit &&
        (adding ? (
          <div className="card">
            <ShiftForm
              key={formKey}
              defaults={event}
              title={t('events.shifts.addTitle')}
              submitLabel={t('events.shifts.create')}
              busy={create.isPending}
              error={create.error}
              onSubmit={(input) =>
                create.mutate(input, {
                  onSuccess: () => {
                    // a fresh form for the next shift: events often need several
                    setFormKey((key) => key + 1);
                    create.reset();
                  },
                })
              }
              onCancel={() => setAdding(false)}
            />
          </div>
        ) : (
          <div className="actions">
            <Button variant="secondary" onClick={() => setAdding(true)}>
              {t('events.shifts.add')}
            </Button>
          </div>
        ))}
    </section>
  );
}
