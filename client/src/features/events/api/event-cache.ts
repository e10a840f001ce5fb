// Pure cache operations on events and shifts, shared by the mutations and the realtime activities:
// an older version never overwrites a newer one (our own answer and its activity race each other).
import type { QueryClient } from '@tanstack/react-query';
import type { ActivityView, EventView, ShiftView } from '@maillage/contract';
import { eventKeys } from './keys';

const byStart = <T extends { start: string; id: string }>(items: T[]) => [...items].sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));

/** Inserts or replaces by id, keeping the list by start time; a stale version is ignored. */
export function upsertByVersion<T extends { id: string; start: string; version: number }>(items: T[] | undefined, item: T): T[] | undefined {
  if (!items) return items;
  const index = items.findIndex((existing) => existing.id === item.id);
  if (index === -1) return byStart([...items, item]);
  if (items[index].version > item.version) return items;
  const next = [...items];
  next[index] = item;
  return byStart(next);
}

export const removeById = <T extends { id: string }>(items: T[] | undefined, id: string): T[] | undefined => items?.filter((item) => item.id !== id);

/** The newer of two versions of one object (the cached one when the other is older). */
const newer = <T extends { version: number }>(cached: T | undefined, incoming: T): T => (cached && cached.version > incoming.version ? cached : incoming);

export function storeEvent(client: QueryClient, event: EventView): void {
  client.setQueryData<EventView[]>(eventKeys.list(event.projectId), (events) => upsertByVersion(events, event));
  client.setQueryData<EventView>(eventKeys.detail(event.projectId, event.id), (cached) => (cached ? newer(cached, event) : cached));
}

export function storeShift(client: QueryClient, shift: ShiftView): void {
  client.setQueryData<ShiftView[]>(eventKeys.shifts(shift.projectId, shift.eventId), (shifts) => upsertByVersion(shifts, shift));
}

/** A booking's new status, written into the event it was made for (list and page). */
function storeBookingStatus(client: QueryClient, projectId: string, booking: { id: string; eventId: string | null; status: string }): void {
  const patch = (event: EventView | undefined) =>
    event?.booking?.id === booking.id ? { ...event, booking: { ...event.booking, status: booking.status } } : event;
  client.setQueryData<EventView[]>(eventKeys.list(projectId), (events) => events?.map((event) => patch(event)!));
  if (booking.eventId) client.setQueryData<EventView>(eventKeys.detail(projectId, booking.eventId), patch);
}

/** The event, shift and booking activities of a project, written into the cache. */
export function applyEventActivity(client: QueryClient, projectId: string, activity: ActivityView): void {
  switch (activity.type) {
    case 'event.created':
    case 'event.updated':
      if (activity.data?.event?.id) storeEvent(client, activity.data.event);
      else void client.invalidateQueries({ queryKey: eventKeys.all(projectId) });
      break;
    case 'event.deleted': {
      const eventId = activity.data?.event?.id;
      if (!eventId) {
        void client.invalidateQueries({ queryKey: eventKeys.all(projectId) });
        break;
      }
      client.setQueryData<EventView[]>(eventKeys.list(projectId), (events) => removeById(events, eventId));
      client.removeQueries({ queryKey: eventKeys.shifts(projectId, eventId) });
      // an open page of the event reads it again and learns it is gone
      void client.invalidateQueries({ queryKey: eventKeys.detail(projectId, eventId) });
      break;
    }
    case 'shift.created':
    case 'shift.updated':
    case 'shift.signed_up':
    case 'shift.withdrawn':
    case 'shift.attendance':
      if (activity.data?.shift?.id) storeShift(client, activity.data.shift);
      else void client.invalidateQueries({ queryKey: eventKeys.all(projectId) });
      break;
    case 'shift.deleted': {
      const shift = activity.data?.shift;
      if (shift?.id) client.setQueryData<ShiftView[]>(eventKeys.shifts(projectId, shift.eventId), (shifts) => removeById(shifts, shift.id));
      else void client.invalidateQueries({ queryKey: eventKeys.all(projectId) });
      break;
    }
    case 'booking.requested':
    case 'booking.approved':
    case 'booking.rejected':
    case 'booking.cancelled':
    case 'booking.checked_out':
    case 'booking.returned':
      if (activity.data?.booking?.id) storeBookingStatus(client, projectId, activity.data.booking);
      break;
    default:
      break;
  }
}
