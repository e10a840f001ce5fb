import type { BookingView, BusySlotView } from '@maillage/contract';
import { Types } from 'mongoose';
import { Booking } from './schemas/booking.schema';

export type LeanBooking = Booking & { _id: Types.ObjectId };

const idOrNull = (value: Types.ObjectId | null | undefined) => (value ? String(value) : null);
const isoOrNull = (value: Date | null | undefined) => (value ? new Date(value).toISOString() : null);

/** The API shape of a booking; `overdue` flags a loan still out after its end. */
export function bookingView(booking: LeanBooking, now = new Date()): BookingView {
  return {
    id: String(booking._id),
    resourceId: String(booking.resourceId),
    ownerAssociationId: String(booking.ownerAssociationId),
    requesterAssociationId: String(booking.requesterAssociationId),
    projectId: idOrNull(booking.projectId),
    eventId: idOrNull(booking.eventId),
    start: new Date(booking.start).toISOString(),
    end: new Date(booking.end).toISOString(),
    requestedEnd: isoOrNull(booking.requestedEnd ?? booking.end),
    quantity: booking.quantity,
    status: booking.status,
    note: booking.note ?? null,
    seriesId: booking.seriesId ?? null,
    requestedBy: idOrNull(booking.requestedBy),
    decidedBy: idOrNull(booking.decidedBy),
    decidedAt: isoOrNull(booking.decidedAt),
    decisionNote: booking.decisionNote ?? null,
    rejectionReason: booking.rejectionReason ?? null,
    cancelledBy: idOrNull(booking.cancelledBy),
    cancelledAt: isoOrNull(booking.cancelledAt),
    checkedOutBy: idOrNull(booking.checkedOutBy),
    checkedOutAt: isoOrNull(booking.checkedOutAt),
    returnedTo: idOrNull(booking.returnedTo),
    returnedAt: isoOrNull(booking.returnedAt),
    returnCondition: booking.returnCondition ?? null,
    returnNote: booking.returnNote ?? null,
    overdue: booking.status === 'checked_out' && new Date(booking.end).getTime() < now.getTime(),
    version: booking.version,
    createdAt: isoOrNull(booking.createdAt),
    updatedAt: isoOrNull(booking.updatedAt),
  };
}

/** What members of associations other than the owner and the requester see of someone's booking. */
export function busySlotView(booking: LeanBooking): BusySlotView {
  return {
    id: String(booking._id),
    resourceId: String(booking.resourceId),
    start: new Date(booking.start).toISOString(),
    end: new Date(booking.end).toISOString(),
    quantity: booking.quantity,
    status: booking.status,
  };
}
