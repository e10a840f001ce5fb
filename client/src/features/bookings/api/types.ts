// The booking shapes of the REST API (src/resources/bookings/booking-view.ts).
export const BOOKING_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'checked_out', 'returned'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export const RETURN_CONDITIONS = ['good', 'worn', 'damaged', 'incomplete'] as const;
export type ReturnCondition = (typeof RETURN_CONDITIONS)[number];

export interface Booking {
  id: string;
  resourceId: string;
  ownerAssociationId: string;
  requesterAssociationId: string;
  projectId: string | null;
  eventId: string | null;
  start: string;
  /** effective end: an early return moves it to the return time */
  end: string;
  requestedEnd: string | null;
  quantity: number;
  status: BookingStatus;
  note: string | null;
  seriesId: string | null;
  requestedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  rejectionReason: string | null;
  cancelledAt: string | null;
  checkedOutAt: string | null;
  returnedAt: string | null;
  returnCondition: ReturnCondition | null;
  returnNote: string | null;
  /** a loan still out after its end */
  overdue: boolean;
  version: number;
  createdAt: string | null;
}

/** What people outside the owner and the requester see of someone's booking. */
export interface BusySlot {
  id: string;
  resourceId: string;
  start: string;
  end: string;
  quantity: number;
  status: BookingStatus;
}

export const isFullBooking = (item: Booking | BusySlot): item is Booking => 'requesterAssociationId' in item;

export interface RecurrenceInput {
  frequency: 'weekly';
  interval?: number;
  /** the last day an occurrence may start, yyyy-mm-dd (inclusive) */
  until: string;
  onConflict: 'skip' | 'fail';
}

export interface BookingRequest {
  start: string;
  end: string;
  quantity?: number;
  requesterAssociationId: string;
  projectId?: string;
  note?: string;
  recurrence?: RecurrenceInput;
}

/** One occurrence of a series that is not free, with the bookings in its way. */
export interface OccurrenceConflict {
  start: string;
  end: string;
  conflicts: BusySlot[];
}

/** The answer to a recurring request. */
export interface SeriesResult {
  seriesId: string;
  items: Booking[];
  conflicts: OccurrenceConflict[];
}
