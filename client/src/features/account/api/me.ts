import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import type { UserView } from '@maillage/contract';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { queryClient } from '@/lib/query-client';
import { sessionStore } from '@/lib/session';

export type Me = UserView;

export const getMe = () => api.get<Me>('/me');
export const meQueryOptions = () => queryOptions({ queryKey: queryKeys.me, queryFn: getMe });
export const useMe = () => useQuery(meQueryOptions());

export function useUpdateMe() {
  return useMutation({
    mutationFn: (patch: { displayName?: string; locale?: string }) => api.patch<Me>('/me', patch),
    onSuccess: (me) => {
      queryClient.setQueryData(queryKeys.me, me);
      const session = sessionStore.get();
      if (session) sessionStore.update({ user: { ...session.user, displayName: me.displayName, locale: me.locale } });
    },
  });
}

/** Downloads GET /api/me/export as a JSON file (a fetch, since the route needs the Bearer token). */
export async function downloadMyData(): Promise<void> {
  const response = await api.raw('GET', '/me/export');
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `maillage-export-${new Date().toISOString().slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function useDeleteMe() {
  return useMutation({
    mutationFn: () => api.delete('/me'),
    onSuccess: () => {
      sessionStore.set(null);
      queryClient.clear();
    },
  });
}

/** A new personal calendar link (the old one stops working); DELETE revokes it. */
export function useCalendarLink() {
  const setUrl = (calendarFeedUrl: string | null) => queryClient.setQueryData<Me>(queryKeys.me, (me) => (me ? { ...me, calendarFeedUrl } : me));
  const create = useMutation({
    mutationFn: () => api.post<{ calendarFeedUrl: string }>('/me/calendar-token'),
    onSuccess: ({ calendarFeedUrl }) => setUrl(calendarFeedUrl),
  });
  const revoke = useMutation({ mutationFn: () => api.delete('/me/calendar-token'), onSuccess: () => setUrl(null) });
  return { create, revoke };
}
