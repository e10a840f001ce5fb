import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ProjectEvent, ProjectEventSchema } from '../events/schemas/event.schema';
import { Shift, ShiftSchema } from '../events/schemas/shift.schema';
import { Project, ProjectSchema } from '../projects/schemas/project.schema';
import { Booking, BookingSchema } from '../resources/bookings/schemas/booking.schema';
import { Resource, ResourceSchema } from '../resources/schemas/resource.schema';
import { ContributionLedger } from './contribution-ledger.service';
import { ContributionsController } from './contributions.controller';
import { ContributionsService } from './contributions.service';
import { DerivedContributions } from './derived-contributions.service';
import { Contribution, ContributionSchema } from './schemas/contribution.schema';
import { ProjectInputs } from './project-inputs';
import { StampHeadSchema } from '../database/stamped-cache';
import { CATALOGUE_STAMP } from '../resources/resources.service';

/** What each partner brings to a project: manual items, and those derived from bookings and shifts. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Contribution.name, schema: ContributionSchema },
      { name: Project.name, schema: ProjectSchema },
      { name: Booking.name, schema: BookingSchema },
      { name: Resource.name, schema: ResourceSchema },
      { name: Shift.name, schema: ShiftSchema },
      { name: ProjectEvent.name, schema: ProjectEventSchema },
      { name: CATALOGUE_STAMP, schema: StampHeadSchema, collection: 'stamps_resource_catalogue' },
    ]),
  ],
  controllers: [ContributionsController],
  providers: [ContributionsService, ContributionLedger, DerivedContributions, ProjectInputs],
  exports: [ContributionLedger, ProjectInputs],
})
export class ContributionsModule {}
