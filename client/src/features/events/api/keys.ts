// Cache keys of events and shifts: under the project, so a resync or a lost access reaches them too.
export const eventKeys = {
  all: (projectId: string) => ['projects', projectId, 'events'] as const,
  list: (projectId: string) => ['projects', projectId, 'events', 'list'] as const,
  detail: (projectId: string, eventId: string) => ['projects', projectId, 'events', 'detail', eventId] as const,
  shifts: (projectId: string, eventId: string) => ['projects', projectId, 'events', 'shifts', eventId] as const,
};
