import type { EventView } from '@maillage/contract';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Notice, QueryBoundary } from '@/components/ui/feedback';
import { isApiError } from '@/lib/api-client';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import { useCreateEvent, useEvent, useUpdateEvent } from '../api/events';
import { storeEvent } from '../api/event-cache';
import { eventKeys } from '../api/keys';
import { queryClient } from '@/lib/query-client';
import { EventForm } from './event-form';
import './events.css';

/** /projects/:projectId/events/new: any member of an active partner creates an event for one of their associations. */
export default function CreateEventPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { project, myActivePartnerIds, associationNames } = useWorkspace();
  const create = useCreateEvent(project.id);
  const organizers = myActivePartnerIds.map((id) => ({ id, name: associationNames.get(id) ?? id }));
  const list = `/projects/${project.id}/events`;
  return (
    <Page title={t('events.createTitle')}>
      <EventForm
        organizers={organizers}
        submitLabel={t('events.form.create')}
        busy={create.isPending}
        error={create.error}
        onSubmit={(input) => create.mutate(input, { onSuccess: (event) => navigate(`${list}/${event.id}`) })}
        onCancel={() => navigate(list)}
      />
    </Page>
  );
}

/** /projects/:projectId/events/:eventId/edit: a stale version answers 409 with the current one, which the form then shows. */
export function EditEventPage() {
  const { project } = useWorkspace();
  const { eventId = '' } = useParams();
  const event = useEvent(project.id, eventId);
  return <QueryBoundary query={event}>{() => <EditEvent event={event.data!} />}</QueryBoundary>;
}

function EditEvent({ event }: { event: EventView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const update = useUpdateEvent(event.id);
  const page = `/projects/${event.projectId}/events/${event.id}`;
  const stale = isApiError(update.error, 409) && update.error.problem.code === 'stale_version';
  return (
    <Page title={t('events.editTitle', { title: event.title })}>
      {stale && <Notice tone="warning">{t('events.stale')}</Notice>}
      {/* keyed by version: after a stale edit the fields start again from the current version */}
      <EventForm
        key={event.version}
        event={event}
        submitLabel={t('events.form.save')}
        busy={update.isPending}
        error={stale ? null : update.error}
        onSubmit={(input) =>
          update.mutate(
            { ...input, version: event.version },
            {
              onSuccess: () => navigate(page),
              onError: (error) => {
                if (isApiError(error, 409) && error.problem.current && typeof error.problem.current === 'object') {
                  const current = error.problem.current as EventView;
                  queryClient.setQueryData(eventKeys.detail(event.projectId, event.id), current);
                  storeEvent(queryClient, current);
                }
              },
            },
          )
        }
        onCancel={() => navigate(page)}
      />
    </Page>
  );
}
