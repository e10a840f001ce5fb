import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ProjectEvent, ProjectEventSchema } from '../events/schemas/event.schema';
import { Shift, ShiftSchema } from '../events/schemas/shift.schema';
import { Booking, BookingSchema } from '../resources/bookings/schemas/booking.schema';
import { Resource, ResourceSchema } from '../resources/schemas/resource.schema';
import { Task, TaskSchema } from '../tasks/schemas/task.schema';
import { CalendarFeedService } from './calendar-feed.service';
import { AgendaService } from './agenda.service';
import { AgendaController, CalendarFeedController, CalendarTokenController } from './calendar.controller';
import { CalendarTokenService } from './calendar-token.service';

/** Personal iCalendar feeds: reads the other features' collections through their models. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ProjectEvent.name, schema: ProjectEventSchema },
      { name: Shift.name, schema: ShiftSchema },
      { name: Task.name, schema: TaskSchema },
      { name: Booking.name, schema: BookingSchema },
      { name: Resource.name, schema: ResourceSchema },
    ]),
  ],
  controllers: [CalendarTokenController, CalendarFeedController, AgendaController],
  providers: [CalendarTokenService, CalendarFeedService, AgendaService],
})
export class CalendarModule {}
