import type { BookingView, SeriesResult } from '@maillage/contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryClient } from '@/lib/query-client';
import type { BookingRequest } from './types';

/**
 * POST /api/resources/:id/bookings → the booking (pending, or approved where no approval is needed), or
 * with `recurrence` the series; 409 with `conflicts` when the range is not free.
 */
export const requestBooking = (resourceId: string, input: BookingRequest) => api.post<BookingView | SeriesResult>(`/resources/${resourceId}/bookings`, input);

export const isSeriesResult = (value: BookingView | SeriesResult): value is SeriesResult => 'seriesId' in value && 'items' in value;

export function useRequestBooking(resourceId: string) {
  return useMutation({
    mutationFn: (input: BookingRequest) => requestBooking(resourceId, input),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['resources', resourceId, 'bookings'] });
      void queryClient.invalidateQueries({ queryKey: ['bookings'] });
      void queryClient.invalidateQueries({ queryKey: ['resources', 'catalogue'] });
    },
  });
}
