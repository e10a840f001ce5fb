import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLiveNotifications, useUnreadCount } from '../api/notifications';

/** The header's bell: the unread count, live, and the way to the list. */
export function NotificationBell() {
  const { t } = useTranslation();
  useLiveNotifications();
  const unread = useUnreadCount().data ?? 0;
  return (
    <NavLink to="/notifications" className="bell" aria-label={unread ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell')}>
      <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="22" height="22">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {unread > 0 && (
        <span className="bell__count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </NavLink>
  );
}
