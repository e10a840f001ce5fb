import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { NotificationPage, NotificationPush, NotificationSettings } from '@maillage/contract';
import { api } from '@/lib/api-client';
import { queryClient } from '@/lib/query-client';
import { useSession } from '@/lib/session';
import { getSocket } from '@/lib/socket';

export const notificationKeys = {
  all: ['notifications'] as const,
  unreadCount: ['notifications', 'unread-count'] as const,
  list: (onlyUnread: boolean) => ['notifications', 'list', onlyUnread] as const,
  settings: ['notifications', 'settings'] as const,
};

const LIST_SIZE = 100;

export const useUnreadCount = () =>
  useQuery({
    queryKey: notificationKeys.unreadCount,
    queryFn: async ({ signal }) => (await api.get<NotificationPage>('/notifications', { query: { unread: true, limit: 1 }, signal })).unreadCount,
  });

export const useNotifications = (onlyUnread: boolean) =>
  useQuery({
    queryKey: notificationKeys.list(onlyUnread),
    queryFn: ({ signal }) => api.get<NotificationPage>('/notifications', { query: { ...(onlyUnread ? { unread: true } : {}), limit: LIST_SIZE }, signal }),
  });

export function useMarkRead() {
  return useMutation({
    mutationFn: (input: { ids: string[] } | { all: true }) => api.post<{ unreadCount: number }>('/notifications/read', input),
    onSuccess: ({ unreadCount }) => {
      queryClient.setQueryData(notificationKeys.unreadCount, unreadCount);
      void queryClient.invalidateQueries({ queryKey: ['notifications', 'list'] });
    },
  });
}

export const useNotificationSettings = () =>
  useQuery({ queryKey: notificationKeys.settings, queryFn: ({ signal }) => api.get<NotificationSettings>('/me/notification-settings', { signal }) });

export function useSaveNotificationSettings() {
  return useMutation({
    mutationFn: (settings: NotificationSettings) => api.put<NotificationSettings>('/me/notification-settings', settings),
    onSuccess: (settings) => queryClient.setQueryData(notificationKeys.settings, settings),
  });
}

/** The server pushes each new notification: the count is set from it and the lists are refreshed (no polling). */
export function useLiveNotifications(): void {
  const signedIn = Boolean(useSession());
  useEffect(() => {
    if (!signedIn) return;
    const socket = getSocket();
    if (!socket.connected) socket.connect();
    const onNotification = (push: NotificationPush) => {
      queryClient.setQueryData(notificationKeys.unreadCount, push.unreadCount);
      void queryClient.invalidateQueries({ queryKey: ['notifications', 'list'] });
    };
    // Whatever came while disconnected is counted again on reconnection.
    const onConnect = () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    socket.on('notification', onNotification);
    socket.on('connect', onConnect);
    return () => {
      socket.off('notification', onNotification);
      socket.off('connect', onConnect);
    };
  }, [signedIn]);
}
