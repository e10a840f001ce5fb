import type { ResourceView } from '@maillage/contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryClient } from '@/lib/query-client';
import { resourceKeys } from './keys';
import type { ResourceInput } from './types';

/** POST /api/associations/:id/resources (an admin of that association) */
export const createResource = (associationId: string, input: ResourceInput) => api.post<ResourceView>(`/associations/${associationId}/resources`, input);

export function useCreateResource() {
  return useMutation({
    mutationFn: ({ associationId, input }: { associationId: string; input: ResourceInput }) => createResource(associationId, input),
    onSuccess: (resource) => {
      queryClient.setQueryData(resourceKeys.resource(resource.id), resource);
      void queryClient.invalidateQueries({ queryKey: ['resources', 'catalogue'] });
    },
  });
}
