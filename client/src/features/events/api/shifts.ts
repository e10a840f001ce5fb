import type { ShiftView } from '@maillage/contract';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, getAll, isApiError } from '@/lib/api-client';
import { queryClient } from '@/lib/query-client';
import { eventKeys } from './keys';
import { removeById, storeShift } from './event-cache';
import { agendaKeys } from '@/features/agenda/api/keys';

/** My agenda lists the shifts I signed up for: read it again after a change of mine. */
const refreshAgenda = () => void queryClient.invalidateQueries({ queryKey: agendaKeys.all });

export interface ShiftInput {
  label: string;
  start: string;
  end: string;
  needed: number;
}

/** Volunteers signed up: needed − remaining (what "3 / 5 bénévoles" shows). */
export const signedUpCount = (shift: Pick<ShiftView, 'needed' | 'remaining'>) => shift.needed - shift.remaining;

export const useShifts = (projectId: string, eventId: string) =>
  useQuery({ queryKey: eventKeys.shifts(projectId, eventId), queryFn: ({ signal }) => getAll<ShiftView>(`/events/${eventId}/shifts`, {}, signal) });

export function useCreateShift(eventId: string) {
  return useMutation({
    mutationFn: (input: ShiftInput) => api.post<ShiftView>(`/events/${eventId}/shifts`, input),
    onSuccess: (shift) => storeShift(queryClient, shift),
  });
}

export function useUpdateShift(shiftId: string) {
  return useMutation({
    mutationFn: (input: Partial<ShiftInput>) => api.patch<ShiftView>(`/shifts/${shiftId}`, input),
    onSuccess: (shift) => storeShift(queryClient, shift),
  });
}

export function useDeleteShift(shift: ShiftView) {
  return useMutation({
    mutationFn: () => api.delete(`/shifts/${shift.id}`),
    onSuccess: () => queryClient.setQueryData<ShiftView[]>(eventKeys.shifts(shift.projectId, shift.eventId), (shifts) => removeById(shifts, shift.id)),
  });
}

/** Sign-up and withdrawal; a 409 (the shift filled up meanwhile) still brings the shift as it is now. */
export function useShiftSignup(shiftId: string) {
  const keepCurrent = (error: unknown) => {
    if (isApiError(error, 409) && error.problem.current && typeof error.problem.current === 'object')
      storeShift(queryClient, error.problem.current as ShiftView);
  };
  const signUp = useMutation({
    mutationFn: (associationId?: string) => api.post<ShiftView>(`/shifts/${shiftId}/signup`, associationId ? { associationId } : {}),
    onSuccess: (shift) => {
      storeShift(queryClient, shift);
      refreshAgenda();
    },
    onError: keepCurrent,
  });
  const withdraw = useMutation({
    mutationFn: () => api.delete<ShiftView>(`/shifts/${shiftId}/signup`),
    onSuccess: (shift) => {
      storeShift(queryClient, shift);
      refreshAgenda();
    },
  });
  return { signUp, withdraw };
}
