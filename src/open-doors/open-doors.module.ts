import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Association, AssociationSchema } from '../associations/schemas/association.schema';
import { EventsModule } from '../events/events.module';
import { Booking, BookingSchema } from '../resources/bookings/schemas/booking.schema';
import { Resource, ResourceSchema } from '../resources/schemas/resource.schema';
import { OpenDoorsClock } from './clock';
import { GuestErasureJob } from './guest-erasure.job';
import { GuestMailListener } from './guest-mail.listener';
import { GuestSignupsService } from './guest-signups.service';
import { OpenDoorsController } from './open-doors.controller';
import { PublicPagesController } from './public-pages.controller';
import { PublicController } from './public.controller';
import { PublicEventsService } from './public-events.service';
import { JobRun, JobRunSchema } from './schemas/job-run.schema';

/**
 * Open doors: an event's public page (/e/:slug and /api/public), guests' sign-up to its shifts
 * without an account, the poster, and the erasure of guests' data 30 days after the event.
 */
@Module({
  imports: [
    EventsModule,
    MongooseModule.forFeature([
      { name: Association.name, schema: AssociationSchema },
      { name: Booking.name, schema: BookingSchema },
      { name: Resource.name, schema: ResourceSchema },
      { name: JobRun.name, schema: JobRunSchema },
    ]),
  ],
  controllers: [PublicController, OpenDoorsController, PublicPagesController],
  providers: [OpenDoorsClock, PublicEventsService, GuestSignupsService, GuestErasureJob, GuestMailListener],
})
export class OpenDoorsModule {}
