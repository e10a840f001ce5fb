import type { EventView } from '@maillage/contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryClient } from '@/lib/query-client';
import { eventKeys } from '@/features/events/api/keys';

/** PATCH /api/events/:eventId {public}: opens or closes the event's public page (the address stays the same). */
export const setEventPublic = (eventId: string, open: boolean) => api.patch<EventView>(`/events/${eventId}`, { public: open });

export function useSetEventPublic(event: Pick<EventView, 'id' | 'projectId'>, onChange?: (event: EventView) => void) {
  return useMutation({
    mutationFn: (open: boolean) => setEventPublic(event.id, open),
    onSuccess: (updated) => {
      onChange?.(updated);
      void queryClient.invalidateQueries({ queryKey: eventKeys.all(event.projectId) });
    },
  });
}

/** The public page's address, on this server. */
export const publicPageUrl = (slug: string) => `${window.location.origin}/e/${slug}`;

/** Downloads GET /api/events/:eventId/poster.pdf (a fetch: the route needs the Bearer token). */
export async function downloadPoster(eventId: string): Promise<void> {
  const response = await api.raw('GET', `/events/${eventId}/poster.pdf`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = 'affiche.pdf';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
