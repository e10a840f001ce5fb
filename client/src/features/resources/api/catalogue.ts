import type { ResourceView } from '@maillage/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Page } from '@/lib/api-client';
import { resourceKeys, type CatalogueFilters } from './keys';

/** GET /api/resources: the catalogue I can see; with from and to, each item says how many units are free. */
export const getCatalogue = (filters: CatalogueFilters, signal?: AbortSignal) =>
  api.get<Page<ResourceView>>('/resources', { query: { q: filters.q, kind: filters.kind, from: filters.from, to: filters.to, limit: 100 }, signal });

export const catalogueQueryOptions = (filters: CatalogueFilters) =>
  queryOptions({ queryKey: resourceKeys.catalogue(filters), queryFn: ({ signal }) => getCatalogue(filters, signal), placeholderData: (previous) => previous });

export const useCatalogue = (filters: CatalogueFilters) => useQuery(catalogueQueryOptions(filters));
