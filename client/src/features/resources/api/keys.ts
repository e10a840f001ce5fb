// Cache keys of this feature (kept here rather than in lib/query-keys.ts: no realtime event touches them).
export interface CatalogueFilters {
  q: string;
  kind: string;
  from?: string;
  to?: string;
}

export const resourceKeys = {
  all: ['resources'] as const,
  catalogue: (filters: CatalogueFilters) => ['resources', 'catalogue', filters] as const,
  resource: (id: string) => ['resources', id] as const,
  bookings: (id: string, from: string, to: string) => ['resources', id, 'bookings', from, to] as const,
};
