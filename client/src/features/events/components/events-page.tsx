import type { EventView } from '@maillage/contract';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { EmptyState, QueryBoundary } from '@/components/ui/feedback';
import { formatParisTime, formatRange } from '@/features/calendar/paris-time';
import { startOfParisMonth } from '@/features/calendar/month';
import { MonthCalendar } from '@/features/calendar/month-calendar';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import { useEvents } from '../api/events';
import { BookingState } from './booking-state';
import './events.css';

type View = 'list' | 'calendar';

/** The project's events: upcoming ones as cards (past ones folded away), or a month calendar. */
export default function EventsPage() {
  const { t } = useTranslation();
  const { project } = useWorkspace();
  const events = useEvents(project.id);
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'calendar' ? 'calendar' : 'list';
  const newEvent = (
    <Link className="button button--primary" to={`/projects/${project.id}/events/new`}>
      {t('events.create')}
    </Link>
  );

  return (
    <Page title={t('events.title')} actions={project.status !== 'archived' && newEvent}>
      <div className="events__views" role="group" aria-label={t('events.views.label')}>
        {(['list', 'calendar'] as const).map((option) => (
          <Button
            key={option}
            variant={view === option ? 'primary' : 'ghost'}
            aria-pressed={view === option}
            onClick={() => setParams(option === 'list' ? {} : { view: option }, { replace: true })}
          >
            {t(`events.views.${option}`)}
          </Button>
        ))}
      </div>
      <QueryBoundary query={events}>
        {() => (view === 'list' ? <EventList events={events.data!} projectId={project.id} /> : <EventMonth events={events.data!} projectId={project.id} />)}
      </QueryBoundary>
    </Page>
  );
}

function EventList({ events, projectId }: { events: EventView[]; projectId: string }) {
  const { t } = useTranslation();
  const now = new Date().toISOString();
  const upcoming = events.filter((event) => event.end > now);
  const past = events.filter((event) => event.end <= now).reverse();
  if (!events.length) return <EmptyState title={t('events.empty')}>{t('events.emptyHint')}</EmptyState>;
  return (
    <>
      <section aria-labelledby="events-upcoming">
        <h2 id="events-upcoming">{t('events.upcoming')}</h2>
        {upcoming.length ? <EventCards events={upcoming} projectId={projectId} /> : <p className="muted">{t('events.empty')}</p>}
      </section>
      {past.length > 0 && (
        <details className="events__past">
          <summary>{t('events.past', { count: past.length })}</summary>
          <EventCards events={past} projectId={projectId} />
        </details>
      )}
    </>
  );
}

function EventCards({ events, projectId }: { events: EventView[]; projectId: string }) {
  const { i18n } = useTranslation();
  return (
    <ul className="card-list event-cards">
      {events.map((event) => (
        <li key={event.id} className="card event-card">
          <h3 className="event-card__title">
            <Link to={`/projects/${projectId}/events/${event.id}`}>{event.title}</Link>
          </h3>
          <p className="event-card__when">{formatRange(event.start, event.end, i18n.language)}</p>
          {(event.location || event.resourceId) && (
            <p className="event-card__where">
              {event.location}
              {event.location && event.resourceId && ' · '}
              {event.resourceId && <BookingState event={event} />}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

function EventMonth({ events, projectId }: { events: EventView[]; projectId: string }) {
  const { t, i18n } = useTranslation();
  // opens on the month of the next event (or this month when none is ahead)
  const [month, setMonth] = useState(() => startOfParisMonth(events.find((event) => event.end > new Date().toISOString())?.start ?? new Date()));
  return (
    <MonthCalendar
      items={events}
      month={month}
      onMonthChange={setMonth}
      emptyText={t('events.emptyMonth')}
      viewSwitch={false}
      tone={(event) => (event.booking?.status === 'pending' ? 'pending' : 'approved')}
      renderItem={(event) => (
        <Link to={`/projects/${projectId}/events/${event.id}`}>
          <span className="event-month__time">{formatParisTime(event.start, i18n.language)}</span> {event.title}
        </Link>
      )}
    />
  );
}
