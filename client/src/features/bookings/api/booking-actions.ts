// POST /api/bookings/:id/{approve|reject|cancel|checkout|return}: one guarded status change each; a
// booking no longer in the expected status answers 409 with `current`. One file for the five: they
// share their shape and what they refresh.
import type { BookingView, ReturnCondition } from '@maillage/contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryClient } from '@/lib/query-client';

export type BookingAction =
  | { action: 'approve'; note?: string }
  | { action: 'reject'; reason: string }
  | { action: 'cancel' }
  | { action: 'checkout'; note?: string }
  | { action: 'return'; condition: ReturnCondition; note?: string };

export function postBookingAction(bookingId: string, input: BookingAction): Promise<BookingView> {
  const { action, ...body } = input;
  return api.post<BookingView>(`/bookings/${bookingId}/${action}`, body);
}

export function useBookingAction() {
  return useMutation({
    mutationFn: ({ bookingId, ...input }: { bookingId: string } & BookingAction) => postBookingAction(bookingId, input as BookingAction),
    onSettled: (booking) => {
      void queryClient.invalidateQueries({ queryKey: ['bookings'] });
      if (booking) void queryClient.invalidateQueries({ queryKey: ['resources', booking.resourceId, 'bookings'] });
    },
  });
}
