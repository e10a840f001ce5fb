import type { BookingView, BusySlotView } from '@maillage/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getAll } from '@/lib/api-client';
import { resourceKeys } from './keys';

/**
 * GET /api/resources/:id/bookings?from&to: bookings overlapping [from, to). Members of the owner and of the
 * requesting association get whole bookings; everyone else gets busy slots (approved or lent) only.
 */
export const getResourceBookings = (id: string, from: string, to: string, signal?: AbortSignal) =>
  getAll<BookingView | BusySlotView>(`/resources/${id}/bookings`, { from, to }, signal);

export const resourceBookingsQueryOptions = (id: string, from: string, to: string) =>
  queryOptions({
    queryKey: resourceKeys.bookings(id, from, to),
    queryFn: ({ signal }) => getResourceBookings(id, from, to, signal),
  });

export const useResourceBookings = (id: string, from: string, to: string) => useQuery(resourceBookingsQueryOptions(id, from, to));
