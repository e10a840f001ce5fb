import type { AgendaItem } from '@maillage/contract';
import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { EmptyState, Notice, QueryBoundary } from '@/components/ui/feedback';
import { formatDayLabel, formatParisTime, parisClock } from '@/features/calendar/paris-time';
import { useMyAssociations } from '@/features/associations/api/associations';
import { useAgenda } from '../api/agenda';
import { groupAgenda } from '../api/group';
import { SubscribeCard } from './subscribe-card';
import './agenda.css';

/** "Mon agenda": what concerns me in the coming weeks, day by day, and how to have it on my phone. */
export default function AgendaPage() {
  const { t } = useTranslation();
  const agenda = useAgenda();
  return (
    <Page title={t('agenda.title')}>
      <p className="lead">{t('agenda.intro')}</p>
      <div className="agenda-layout">
        <section className="agenda-layout__items" aria-labelledby="agenda-upcoming">
          <h2 id="agenda-upcoming" className="visually-hidden">
            {t('agenda.upcoming')}
          </h2>
          <QueryBoundary query={agenda}>{() => <AgendaList items={agenda.data!.items} truncated={agenda.data!.truncated} />}</QueryBoundary>
        </section>
        <div className="agenda-layout__subscribe">
          <SubscribeCard />
        </div>
      </div>
    </Page>
  );
}

function AgendaList({ items, truncated }: { items: AgendaItem[]; truncated: boolean }) {
  const { t, i18n } = useTranslation();
  const groups = useMemo(() => groupAgenda(items, new Date()), [items]);
  const thisYear = parisClock(new Date()).year;
  if (!groups.overdue.length && !groups.days.length) return <EmptyState title={t('agenda.empty')}>{t('agenda.emptyHint')}</EmptyState>;
  return (
    <>
      {truncated && <Notice tone="warning">{t('agenda.truncated')}</Notice>}
      {groups.overdue.length > 0 && (
        <div className="agenda-day agenda-day--overdue">
          <h3 className="agenda-day__title">{t('agenda.overdue')}</h3>
          <ul className="agenda-day__items">
            {groups.overdue.map((item) => (
              <AgendaEntry key={`${item.kind}-${item.id}`} item={item} showDay />
            ))}
          </ul>
        </div>
      )}
      {groups.days.map((day) => (
        <div key={day.key} className="agenda-day">
          <h3 className="agenda-day__title">{formatDayLabel(day.date, i18n.language, { year: parisClock(day.date).year !== thisYear })}</h3>
          <ul className="agenda-day__items">
            {day.items.map((item) => (
              <AgendaEntry key={`${item.kind}-${item.id}`} item={item} />
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

function AgendaEntry({ item, showDay = false }: { item: AgendaItem; showDay?: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const associations = useMyAssociations();
  const nameOf = (id: string | null) => (id ? associations.data?.find((association) => association.id === id)?.name : undefined);
  const when =
    item.kind === 'task'
      ? showDay
        ? formatDayLabel(item.start, locale, { weekday: 'short', month: 'short' })
        : t('agenda.allDay')
      : `${formatParisTime(item.start, locale)} – ${formatParisTime(item.end, locale)}`;

  let title: ReactNode;
  const details: (string | null | undefined)[] = [item.projectTitle];
  if (item.kind === 'shift') {
    title = <Link to={`/projects/${item.projectId}/events/${item.eventId}`}>{`${item.label} — ${item.eventTitle}`}</Link>;
    details.push(item.location, nameOf(item.associationId) && t('agenda.shiftFor', { association: nameOf(item.associationId) }));
    details.push(t('events.shifts.count', { taken: item.needed - item.remaining, needed: item.needed }));
  } else if (item.kind === 'task') {
    title = <Link to={`/projects/${item.projectId}/tasks/${item.id}`}>{item.title}</Link>;
    details.push(
      item.assignedToMe
        ? t('agenda.assignedToMe')
        : nameOf(item.assigneeAssociationId) && t('agenda.assignedTo', { association: nameOf(item.assigneeAssociationId) }),
      t(`taskStatus.${item.status}`),
    );
  } else {
    title = <Link to={`/resources/${item.resourceId}`}>{item.resourceName}</Link>;
    details.push(
      t(`bookings.status.${item.status}`),
      nameOf(item.requesterAssociationId) && t('agenda.requestedBy', { association: nameOf(item.requesterAssociationId) }),
    );
  }

  return (
    <li className={`agenda-entry agenda-entry--${item.kind}${item.kind === 'booking' ? ` calendar-item--${item.status}` : ''}`}>
      <span className="agenda-entry__when">{when}</span>
      <span className="agenda-entry__body">
        <span className="agenda-entry__kind">{t(`agenda.kinds.${item.kind}`)}</span>
        <span className="agenda-entry__title">{title}</span>
        <span className="agenda-entry__details">{details.filter(Boolean).join(' · ')}</span>
      </span>
    </li>
  );
}
