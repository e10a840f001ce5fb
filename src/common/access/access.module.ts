import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Membership, MembershipSchema } from '../../associations/schemas/membership.schema';
import { Partner, PartnerSchema } from '../../projects/schemas/partner.schema';
import { Project, ProjectSchema } from '../../projects/schemas/project.schema';
import { Resource, ResourceSchema } from '../../resources/schemas/resource.schema';
import { AccessService } from './access.service';

@Global()
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Membership.name, schema: MembershipSchema },
      { name: Partner.name, schema: PartnerSchema },
      { name: Project.name, schema: ProjectSchema },
      { name: Resource.name, schema: ResourceSchema },
    ]),
  ],
  providers: [AccessService],
  exports: [AccessService, MongooseModule],
})
export class AccessModule {}
