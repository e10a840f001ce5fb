import type { EventView, ShiftGuest, ShiftView } from '@maillage/contract';
import { Types } from 'mongoose';
import { ProjectEvent } from './schemas/event.schema';
import { Shift } from './schemas/shift.schema';

export type StoredEvent = ProjectEvent & { _id: Types.ObjectId };
export type StoredShift = Shift & { _id: Types.ObjectId };

const iso = (date: Date | string) => new Date(date).toISOString();
const idOrNull = (id: Types.ObjectId | null | undefined) => (id ? String(id) : null);

export function toEventView(event: StoredEvent, booking: { id: string; status: string } | null, resourceName: string | null = null): EventView {
  return {
    id: String(event._id),
    projectId: String(event.projectId),
    title: event.title,
    description: event.description ?? '',
    start: iso(event.start),
    end: iso(event.end),
    location: event.location ?? null,
    resourceId: idOrNull(event.resourceId),
    resourceName: event.resourceId ? resourceName : null,
    booking,
    expectedAttendance: event.expectedAttendance ?? null,
    isPublic: event.isPublic ?? false,
    publicSlug: event.publicSlug ?? null,
    organizerAssociationId: String(event.organizerAssociationId),
    createdBy: idOrNull(event.createdBy),
    version: event.version,
    createdAt: iso(event.createdAt),
    updatedAt: iso(event.updatedAt),
  };
}

/**
 * `withGuests`: REST answers list the guests (project members see them); activity data does not,
 * since the log is kept for good and guests' data is erased 30 days after the event.
 */
export function toShiftView(shift: StoredShift, names: Map<string, string>, withGuests = true): ShiftView {
  return {
    id: String(shift._id),
    eventId: String(shift.eventId),
    projectId: String(shift.projectId),
    label: shift.label,
    start: iso(shift.start),
    end: iso(shift.end),
    needed: shift.needed,
    remaining: shift.remaining,
    volunteers: (shift.volunteerIds ?? []).map((id) => ({
      userId: String(id),
      displayName: names.get(String(id)) ?? '',
      associationId: idOrNull(shift.volunteerAssociations?.[String(id)]),
    })),
    ...(withGuests ? { guests: (shift.guests ?? []).map(toShiftGuest) } : {}),
    attendance: (shift.attendance ?? []).map((entry) => ({
      id: String(entry.id),
      userId: idOrNull(entry.userId),
      guestId: idOrNull(entry.guestId),
      associationId: String(entry.associationId),
      confirmedBy: idOrNull(entry.confirmedBy),
      confirmedAt: iso(entry.confirmedAt),
    })),
    createdBy: idOrNull(shift.createdBy),
    version: shift.version,
    createdAt: iso(shift.createdAt),
    updatedAt: iso(shift.updatedAt),
  };
}

function toShiftGuest(guest: StoredShift['guests'][number]): ShiftGuest {
  return {
    id: String(guest.id),
    name: guest.name ?? null,
    email: guest.email ?? null,
    phone: guest.phone ?? null,
    signedUpAt: iso(guest.signedUpAt),
    erasedAt: guest.erasedAt ? iso(guest.erasedAt) : null,
  };
}
