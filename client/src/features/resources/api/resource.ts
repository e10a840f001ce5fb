import type { ResourceView } from '@maillage/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { resourceKeys } from './keys';

/** GET /api/resources/:id */
export const getResource = (id: string, signal?: AbortSignal) => api.get<ResourceView>(`/resources/${id}`, { signal });

export const resourceQueryOptions = (id: string) => queryOptions({ queryKey: resourceKeys.resource(id), queryFn: ({ signal }) => getResource(id, signal) });

export const useResource = (id: string | undefined) => useQuery({ ...resourceQueryOptions(id ?? ''), enabled: !!id });
