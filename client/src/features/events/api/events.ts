import type { EventView } from '@maillage/contract';
import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { api, getAll } from '@/lib/api-client';
import { queryClient } from '@/lib/query-client';
import { eventKeys } from './keys';
import { removeById, storeEvent } from './event-cache';

export interface EventInput {
  title: string;
  description?: string;
  start: string;
  end: string;
  location?: string | null;
  resourceId?: string | null;
  requesterAssociationId?: string;
}

/** Every event of the project, by start time (a project has tens of them, not thousands). */
export const eventsQueryOptions = (projectId: string) =>
  queryOptions({ queryKey: eventKeys.list(projectId), queryFn: ({ signal }) => getAll<EventView>(`/projects/${projectId}/events`, {}, signal) });
export const useEvents = (projectId: string) => useQuery(eventsQueryOptions(projectId));

export const useEvent = (projectId: string, eventId: string) =>
  useQuery({
    queryKey: eventKeys.detail(projectId, eventId),
    queryFn: ({ signal }) => api.get<EventView>(`/events/${eventId}`, { signal }),
    // the list already holds it: the page shows at once, then reads it fresh
    initialData: () => queryClient.getQueryData<EventView[]>(eventKeys.list(projectId))?.find((event) => event.id === eventId),
    initialDataUpdatedAt: () => queryClient.getQueryState(eventKeys.list(projectId))?.dataUpdatedAt,
  });

export function useCreateEvent(projectId: string) {
  return useMutation({
    mutationFn: (input: EventInput) => api.post<EventView>(`/projects/${projectId}/events`, input),
    onSuccess: (event) => {
      queryClient.setQueryData(eventKeys.detail(projectId, event.id), event);
      storeEvent(queryClient, event);
    },
  });
}

export function useUpdateEvent(eventId: string) {
  return useMutation({
    mutationFn: (input: Partial<EventInput> & { version: number }) => api.patch<EventView>(`/events/${eventId}`, input),
    onSuccess: (event) => storeEvent(queryClient, event),
  });
}

export function useDeleteEvent(projectId: string, eventId: string) {
  return useMutation({
    mutationFn: () => api.delete(`/events/${eventId}`),
    onSuccess: () => {
      queryClient.setQueryData<EventView[]>(eventKeys.list(projectId), (events) => removeById(events, eventId));
      queryClient.removeQueries({ queryKey: eventKeys.detail(projectId, eventId) });
      queryClient.removeQueries({ queryKey: eventKeys.shifts(projectId, eventId) });
    },
  });
}
