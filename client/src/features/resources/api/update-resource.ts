import type { ResourceView } from '@maillage/contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryClient } from '@/lib/query-client';
import { resourceKeys } from './keys';
import type { ResourceInput } from './types';

/** PATCH /api/resources/:id with the version edited: a stale one answers 409 with `current`. */
export const updateResource = (id: string, input: Partial<ResourceInput> & { version: number }) => api.patch<ResourceView>(`/resources/${id}`, input);

export function useUpdateResource(id: string) {
  return useMutation({
    mutationFn: (input: Partial<ResourceInput> & { version: number }) => updateResource(id, input),
    onSuccess: (resource) => {
      queryClient.setQueryData(resourceKeys.resource(id), resource);
      void queryClient.invalidateQueries({ queryKey: ['resources', 'catalogue'] });
    },
  });
}
