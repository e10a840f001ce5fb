import type { BookingStatus, BookingView } from '@maillage/contract';
import { useQueries, useQuery } from '@tanstack/react-query';
import { getAll } from '@/lib/api-client';
import { bookingKeys } from './keys';

export type InboxSide = 'owner' | 'requester';

/**
 * GET /api/bookings?associationId&side&status: an association's inbox. Owner side without status: pending,
 * approved and checked out; requester side: everything it asked for.
 */
export const getInbox = (associationId: string, side: InboxSide, status: BookingStatus | '' = '', signal?: AbortSignal) =>
  getAll<BookingView>('/bookings', { associationId, side, status }, signal);

// Nothing pushes booking changes to this screen: a refetch on focus and after each action keeps it current.
const inboxQuery = (associationId: string, side: InboxSide, status: BookingStatus | '') => ({
  queryKey: bookingKeys.inbox(associationId, side, status),
  queryFn: ({ signal }: { signal: AbortSignal }) => getInbox(associationId, side, status, signal),
  refetchOnWindowFocus: 'always' as const,
  refetchInterval: 60_000,
});

export const useInbox = (associationId: string | undefined, side: InboxSide, status: BookingStatus | '' = '') =>
  useQuery({ ...inboxQuery(associationId ?? '', side, status), enabled: !!associationId });

/** The requests of all my associations, in date order. */
export function useMyRequests(associationIds: string[]) {
  return useQueries({
    queries: associationIds.map((id) => inboxQuery(id, 'requester', '')),
    combine: (results) => ({
      isPending: results.some((result) => result.isPending),
      error: results.find((result) => result.error)?.error ?? null,
      data: results.flatMap((result) => result.data ?? []).sort((a, b) => a.start.localeCompare(b.start)),
    }),
  });
}
