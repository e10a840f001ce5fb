import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { BookingsService } from '../resources/bookings/bookings.service';
import { Booking, BookingSchema } from '../resources/bookings/schemas/booking.schema';
import { ResourcesModule } from '../resources/resources.module';
import { EVENT_BOOKINGS } from './event-bookings.port';
import { eventBookingsFrom } from './event-bookings.adapter';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { ProjectEvent, ProjectEventSchema } from './schemas/event.schema';
import { Shift, ShiftSchema } from './schemas/shift.schema';
import { ShiftsController } from './shifts.controller';
import { ShiftsService } from './shifts.service';

/** Joint events of a project and their volunteer shifts. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ProjectEvent.name, schema: ProjectEventSchema },
      { name: Shift.name, schema: ShiftSchema },
      { name: Booking.name, schema: BookingSchema },
    ]),
    ResourcesModule,
  ],
  controllers: [EventsController, ShiftsController],
  providers: [EventsService, ShiftsService, { provide: EVENT_BOOKINGS, useFactory: eventBookingsFrom, inject: [BookingsService] }],
  exports: [EventsService, MongooseModule],
})
export class EventsModule {}
