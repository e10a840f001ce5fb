import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { BookingsController } from './bookings/bookings.controller';
import { BookingsService } from './bookings/bookings.service';
import { CapacityLedger, SCHEDULE_STAMP } from './bookings/capacity-ledger';
import { Booking, BookingSchema } from './bookings/schemas/booking.schema';
import { CapacityClaim, CapacityClaimSchema } from './bookings/schemas/capacity-claim.schema';
import { CapacityEntry, CapacityEntrySchema } from './bookings/schemas/capacity-entry.schema';
import { StampHeadSchema } from '../database/stamped-cache';
import { ResourcesController } from './resources.controller';
import { CATALOGUE_STAMP, ResourcesService } from './resources.service';
import { Resource, ResourceSchema } from './schemas/resource.schema';

/** Pooled premises, equipment and vehicles, and their bookings and loans. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Resource.name, schema: ResourceSchema },
      { name: Booking.name, schema: BookingSchema },
      { name: CapacityEntry.name, schema: CapacityEntrySchema },
      { name: CapacityClaim.name, schema: CapacityClaimSchema },
      { name: SCHEDULE_STAMP, schema: StampHeadSchema, collection: 'stamps_resource_schedules' },
      { name: CATALOGUE_STAMP, schema: StampHeadSchema, collection: 'stamps_resource_catalogue' },
    ]),
  ],
  controllers: [ResourcesController, BookingsController],
  providers: [ResourcesService, BookingsService, CapacityLedger],
  exports: [BookingsService, ResourcesService],
})
export class ResourcesModule {}
