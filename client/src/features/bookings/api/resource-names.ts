import { useQueries } from '@tanstack/react-query';
import { getResource } from '@/features/resources/api/resource';
import { resourceKeys } from '@/features/resources/api/keys';

/** The names of the resources a list of bookings points at (GET /api/resources/:id each, shared cache). */
export function useResourceNames(ids: string[]): (id: string) => string {
  const resources = useResourceLookup(ids);
  return (id) => resources.get(id)?.name ?? '…';
}

/** The resources themselves, by id. */
export function useResourceLookup(ids: string[]) {
  const unique = [...new Set(ids)];
  return useQueries({
    queries: unique.map((id) => ({
      queryKey: resourceKeys.resource(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => getResource(id, signal),
      staleTime: 5 * 60_000,
    })),
    combine: (results) => new Map(results.flatMap((result, index) => (result.data ? [[unique[index], result.data] as const] : []))),
  });
}
