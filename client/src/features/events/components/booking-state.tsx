import type { EventView } from '@maillage/contract';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

const TONES: Record<string, string> = {
  pending: 'warning',
  approved: 'ok',
  checked_out: 'ok',
  returned: 'ok',
  rejected: 'removed',
  cancelled: 'removed',
};

/** "Salle des fêtes — en attente de l'accord…": the premise and its booking state, as the server last said. */
export function BookingState({ event, link = false }: { event: EventView; link?: boolean }) {
  const { t } = useTranslation();
  if (!event.resourceId) return null;
  const status = event.booking?.status;
  const name = event.resourceName ?? t('events.premise');
  return (
    <span className="booking-state">
      {link ? <Link to={`/resources/${event.resourceId}`}>{name}</Link> : name}{' '}
      <span className={`badge badge--${status ? (TONES[status] ?? 'accent') : 'removed'}`}>
        <span className="visually-hidden">{t('events.booking.label')} </span>
        {status ? t(`events.booking.${status}`, { defaultValue: status }) : t('events.booking.none')}
      </span>
    </span>
  );
}
