import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Project, ProjectSchema } from '../projects/schemas/project.schema';
import { ContributionLedger } from './contribution-ledger.service';
import { ContributionsController } from './contributions.controller';
import { ContributionsService } from './contributions.service';
import { Contribution, ContributionSchema } from './schemas/contribution.schema';

/** What each partner brings to a project: manual items, and those derived from bookings and shifts. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Contribution.name, schema: ContributionSchema },
      { name: Project.name, schema: ProjectSchema },
    ]),
  ],
  controllers: [ContributionsController],
  providers: [ContributionsService, ContributionLedger],
  exports: [ContributionLedger],
})
export class ContributionsModule {}
