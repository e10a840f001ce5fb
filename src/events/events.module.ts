import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Booking, BookingSchema } from '../resources/bookings/schemas/booking.schema';
import { ResourcesModule } from '../resources/resources.module';
import { Resource, ResourceSchema } from '../resources/schemas/resource.schema';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { ProjectEvent, ProjectEventSchema } from './schemas/event.schema';
import { PublicSlug, PublicSlugSchema } from './schemas/public-slug.schema';
import { Shift, ShiftSchema } from './schemas/shift.schema';
import { ShiftsController } from './shifts.controller';
import { ShiftAttendanceService } from './shift-attendance.service';
import { ShiftsService } from './shifts.service';

/** Joint events of a project and their volunteer shifts; an event's premise is booked through ResourcesModule. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ProjectEvent.name, schema: ProjectEventSchema },
      { name: Shift.name, schema: ShiftSchema },
      { name: Booking.name, schema: BookingSchema },
      { name: PublicSlug.name, schema: PublicSlugSchema },
      { name: Resource.name, schema: ResourceSchema },
    ]),
    ResourcesModule,
  ],
  controllers: [EventsController, ShiftsController],
  providers: [EventsService, ShiftsService, ShiftAttendanceService],
  exports: [EventsService, ShiftsService, ShiftAttendanceService, MongooseModule],
})
export class EventsModule {}
