import { Decision, DecisionSchema } from '../decisions/schemas/decision.schema';
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Association, AssociationSchema } from '../associations/schemas/association.schema';
import { Membership, MembershipSchema } from '../associations/schemas/membership.schema';
import { User, UserSchema } from '../users/schemas/user.schema';
import { CharterController } from './charter.controller';
import { CharterService } from './charter.service';
import { PartnersController } from './partners.controller';
import { PartnersService } from './partners.service';
import { ProjectMembersController } from './project-members.controller';
import { ProjectMembersService } from './project-members.service';
import { ProjectViews } from './project-views.service';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';
import { CharterSignature, CharterSignatureSchema } from './schemas/charter-signature.schema';
import { Partner, PartnerSchema } from './schemas/partner.schema';
import { Project, ProjectSchema } from './schemas/project.schema';

/** Joint projects, their partners and their charter. Access checks live in AccessService. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Project.name, schema: ProjectSchema },
      { name: Partner.name, schema: PartnerSchema },
      { name: CharterSignature.name, schema: CharterSignatureSchema },
      { name: Association.name, schema: AssociationSchema },
      { name: Membership.name, schema: MembershipSchema },
      { name: User.name, schema: UserSchema },
      { name: Decision.name, schema: DecisionSchema },
    ]),
  ],
  controllers: [ProjectsController, PartnersController, CharterController, ProjectMembersController],
  providers: [ProjectsService, PartnersService, CharterService, ProjectViews, ProjectMembersService],
  exports: [ProjectsService, PartnersService, ProjectViews],
})
export class ProjectsModule {}
