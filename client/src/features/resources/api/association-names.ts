import { useQueries } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { Association } from '@/features/associations/api/associations';

/**
 * GET /api/associations/:id for each id (the directory is public): owners of resources and requesters
 * of bookings are named, not shown as ids. Shares the association cache of the associations feature.
 */
export function useAssociationNames(ids: (string | null | undefined)[]): (id: string | null | undefined) => string {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  const names = useQueries({
    queries: unique.map((id) => ({
      queryKey: queryKeys.association(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<Association>(`/associations/${id}`, { signal }),
      staleTime: 5 * 60_000,
    })),
    combine: (results) => new Map(results.flatMap((result, index) => (result.data ? [[unique[index], result.data.name] as const] : []))),
  });
  return (id) => (id ? (names.get(id) ?? '…') : '');
}
