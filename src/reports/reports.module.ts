import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Association, AssociationSchema } from '../associations/schemas/association.schema';
import { Decision, DecisionSchema } from '../decisions/schemas/decision.schema';
import { ContributionsModule } from '../contributions/contributions.module';
import { ProjectEvent, ProjectEventSchema } from '../events/schemas/event.schema';
import { Shift, ShiftSchema } from '../events/schemas/shift.schema';
import { CharterSignature, CharterSignatureSchema } from '../projects/schemas/charter-signature.schema';
import { Partner, PartnerSchema } from '../projects/schemas/partner.schema';
import { Task, TaskSchema } from '../tasks/schemas/task.schema';
import { ReportsController } from './reports.controller';
import { ReportService } from './report.service';
import { SummaryService } from './summary.service';

/** The project's balance (summary) and the funders' report (bilan) built from it. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Partner.name, schema: PartnerSchema },
      { name: Association.name, schema: AssociationSchema },
      { name: Task.name, schema: TaskSchema },
      { name: ProjectEvent.name, schema: ProjectEventSchema },
      { name: Shift.name, schema: ShiftSchema },
      { name: CharterSignature.name, schema: CharterSignatureSchema },
      { name: Decision.name, schema: DecisionSchema },
    ]),
    ContributionsModule,
  ],
  controllers: [ReportsController],
  providers: [SummaryService, ReportService],
})
export class ReportsModule {}
