import type { AuthUser } from '../common/decorators/current-user.decorator';

/** What events need from bookings: ask for a premise for the event's time, and let it go. */
export interface EventBookings {
  requestBooking(
    user: AuthUser,
    resourceId: string,
    input: { start: string; end: string; requesterAssociationId: string; projectId: string; eventId: string; note?: string },
  ): Promise<{ id: string; status: string }>;
  /** Withdraws the event's booking when the event moves away from the premise or is deleted. */
  cancelBooking?(user: AuthUser, bookingId: string): Promise<unknown>;
}

export const EVENT_BOOKINGS = Symbol('EVENT_BOOKINGS');
