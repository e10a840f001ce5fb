import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { NotificationView } from '@maillage/contract';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { EmptyState, FormAlert, QueryBoundary } from '@/components/ui/feedback';
import { formatDateTime } from '@/lib/dates';
import { useMarkRead, useNotifications } from '../api/notifications';

export default function NotificationsPage() {
  const { t } = useTranslation();
  const [onlyUnread, setOnlyUnread] = useState(false);
  const notifications = useNotifications(onlyUnread);
  const markRead = useMarkRead();
  const unreadCount = notifications.data?.unreadCount ?? 0;

  return (
    <Page
      title={t('notifications.title')}
      actions={
        <Button variant="secondary" disabled={!unreadCount} busy={markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
          {t('notifications.markAllRead')}
        </Button>
      }
    >
      <FormAlert error={markRead.error} />
      <label className="checkbox">
        <input type="checkbox" checked={onlyUnread} onChange={(event) => setOnlyUnread(event.target.checked)} /> {t('notifications.onlyUnread')}
      </label>
      <QueryBoundary query={notifications}>
        {() =>
          notifications.data!.items.length === 0 ? (
            <EmptyState title={onlyUnread ? t('notifications.allRead') : t('notifications.empty')} />
          ) : (
            <ol className="notifications">
              {notifications.data!.items.map((item) => (
                <NotificationItem key={item.id} item={item} onRead={() => markRead.mutate({ ids: [item.id] })} />
              ))}
            </ol>
          )
        }
      </QueryBoundary>
    </Page>
  );
}

function NotificationItem({ item, onRead }: { item: NotificationView; onRead: () => void }) {
  const { t, i18n } = useTranslation();
  const unread = !item.readAt;
  return (
    <li className={`notification${unread ? ' notification--unread' : ''}`}>
      <p className="notification__title">
        {unread && <span className="visually-hidden">{t('notifications.unread')} : </span>}
        <Link to={item.link} onClick={() => unread && onRead()}>
          {item.title}
        </Link>
      </p>
      <p className="notification__body">{item.body}</p>
      <p className="notification__meta muted">
        <time dateTime={item.createdAt}>{formatDateTime(item.createdAt, i18n.language)}</time>
        {unread && (
          <button type="button" className="link-button" onClick={onRead}>
            {t('notifications.markRead')}
          </button>
        )}
      </p>
    </li>
  );
}
