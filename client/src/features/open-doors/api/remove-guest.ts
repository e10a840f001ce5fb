import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryClient } from '@/lib/query-client';

/** DELETE /api/shifts/:shiftId/guests/:guestId (the event's organizers): the guest's place is free again. */
export const removeGuest = (shiftId: string, guestId: string) => api.delete<void>(`/shifts/${shiftId}/guests/${guestId}`);

export function useRemoveGuest(shiftId: string) {
  return useMutation({
    mutationFn: (guestId: string) => removeGuest(shiftId, guestId),
    onSuccess: () => void queryClient.invalidateQueries({ predicate: ({ queryKey }) => queryKey.includes('events') }),
  });
}
