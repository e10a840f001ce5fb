import type { BookingView } from '@maillage/contract';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDayLabel, formatRange } from '@/features/calendar/paris-time';

/** One booking as a card: what, when, who, its status and what happened to it. */
export function BookingSummary({
  booking,
  resourceName,
  associationLine,
  children,
}: {
  booking: BookingView;
  resourceName: string;
  /** "Demandée par : …" or "Au nom de : …" */
  associationLine: string;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const tone = booking.overdue ? 'overdue' : booking.status;
  return (
    <li className={`booking-card booking-card--${tone}`}>
      <h3>
        <Link to={`/resources/${booking.resourceId}`}>{resourceName}</Link>
      </h3>
      <p>
        <span className={`badge badge--${booking.status}`}>{t(`bookings.status.${booking.status}`)}</span>
        {booking.overdue && <span className="badge badge--overdue">{t('bookings.overdue')}</span>}
        {booking.seriesId && <span className="badge">{t('bookings.occurrences')}</span>}
      </p>
      <p>
        {/* an early return shortens `end`: the range asked for stays what the volunteer recognises */}
        <strong>{formatRange(booking.start, booking.status === 'returned' ? (booking.requestedEnd ?? booking.end) : booking.end, locale)}</strong>
        {booking.quantity > 1 && ` · ×${booking.quantity}`}
      </p>
      <p className="muted">{associationLine}</p>
      {booking.note && <p className="prewrap">{t('bookings.noteValue', { note: booking.note })}</p>}
      {booking.overdue && <p className="field__error">{t('bookings.overdueSince', { date: formatDayLabel(booking.end, locale) })}</p>}
      {booking.rejectionReason && <p>{t('bookings.rejectionReason', { reason: booking.rejectionReason })}</p>}
      {booking.returnCondition && (
        <p>
          {t('bookings.returnedAs', {
            date: formatDayLabel(booking.returnedAt ?? booking.end, locale),
            condition: t(`bookings.conditions.${booking.returnCondition}`),
          })}
        </p>
      )}
      {booking.returnNote && <p className="prewrap">{t('bookings.returnNoteValue', { note: booking.returnNote })}</p>}
      {children}
    </li>
  );
}
