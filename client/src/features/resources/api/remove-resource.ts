import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryClient } from '@/lib/query-client';

/** DELETE /api/resources/:id: deleted, or archived (kept for its history) when it has bookings. */
export const removeResource = (id: string) => api.delete(`/resources/${id}`);

export function useRemoveResource(id: string) {
  return useMutation({
    mutationFn: () => removeResource(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['resources'] }),
  });
}
