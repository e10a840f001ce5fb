import type { ShiftView } from '@maillage/contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryClient } from '@/lib/query-client';
import { eventKeys } from '@/features/events/api/keys';

/** DELETE /api/shifts/:shiftId/guests/:guestId (the event's organizers): the guest's place is free again. */
export const removeGuest = (shiftId: string, guestId: string) => api.delete<void>(`/shifts/${shiftId}/guests/${guestId}`);

export function useRemoveGuest(shift: Pick<ShiftView, 'id' | 'projectId'>) {
  return useMutation({
    mutationFn: (guestId: string) => removeGuest(shift.id, guestId),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: eventKeys.all(shift.projectId) }),
  });
}
