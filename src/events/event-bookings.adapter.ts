import { HttpStatus } from '@nestjs/common';
import { badRequest, ProblemException } from '../common/errors/problem.exception';
import { BookingsService } from '../resources/bookings/bookings.service';
import { EventBookings } from './event-bookings.port';

/** Events book their premise through the bookings feature, with its access checks and capacity guard. */
export function eventBookingsFrom(bookings: BookingsService): EventBookings {
  return {
    async requestBooking(user, resourceId, input) {
      try {
        const booking = await bookings.requestBooking(user, resourceId, input);
        if (!('id' in booking)) throw new Error('A single booking request answered a series');
        return { id: booking.id, status: booking.status };
      } catch (error) {
        // The resource is a field of the event: an invisible one is a bad field, not a missing page.
        if (error instanceof ProblemException && error.getStatus() === HttpStatus.NOT_FOUND) {
          throw badRequest('resourceId', 'is not a resource you can book');
        }
        throw error;
      }
    },
    cancelBooking: (user, bookingId) => bookings.cancel(user, bookingId, {}),
  };
}
