// Client-only booking things: the UI's lists of statuses and the request body. The views
// themselves (BookingView, BusySlotView, SeriesResult) come from @maillage/contract.
import type { BookingStatus, BookingView, BusySlotView, ReturnCondition } from '@maillage/contract';

export const BOOKING_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'checked_out', 'returned'] as const satisfies readonly BookingStatus[];
export const RETURN_CONDITIONS = ['good', 'worn', 'damaged', 'incomplete'] as const satisfies readonly ReturnCondition[];

export const isFullBooking = (item: BookingView | BusySlotView): item is BookingView => 'requesterAssociationId' in item;

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
