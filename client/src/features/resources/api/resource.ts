import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { resourceKeys } from './keys';
import type { Resource } from './types';

/** GET /api/resources/:id */
export const getResource = (id: string, signal?: AbortSignal) => api.get<Resource>(`/resources/${id}`, { signal });

export const resourceQueryOptions = (id: string) => queryOptions({ queryKey: resourceKeys.resource(id), queryFn: ({ signal }) => getResource(id, signal) });

export const useResource = (id: string | undefined) => useQuery({ ...resourceQueryOptions(id ?? ''), enabled: !!id });
