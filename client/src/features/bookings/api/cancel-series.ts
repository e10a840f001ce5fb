import type { BookingView } from '@maillage/contract';
import { useMutation } from '@tanstack/react-query';
import { api, type Page } from '@/lib/api-client';
import { queryClient } from '@/lib/query-client';

/** POST /api/bookings/series/:seriesId/cancel {from}: cancels the occurrences starting at or after `from` that are still live. */
export const cancelSeries = (seriesId: string, from: string) => api.post<Page<BookingView>>(`/bookings/series/${seriesId}/cancel`, { from });

export function useCancelSeries() {
  return useMutation({
    mutationFn: ({ seriesId, from }: { seriesId: string; from: string }) => cancelSeries(seriesId, from),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['bookings'] });
      void queryClient.invalidateQueries({ queryKey: ['resources'] });
    },
  });
}
