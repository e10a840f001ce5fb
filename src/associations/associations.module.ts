import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AssociationsController } from './associations.controller';
import { AssociationsService } from './associations.service';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { MembersService } from './members.service';
import { Association, AssociationSchema } from './schemas/association.schema';
import { Invitation, InvitationSchema } from './schemas/invitation.schema';

/** The network directory, memberships and invitations. Membership is registered by AccessModule. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Association.name, schema: AssociationSchema },
      { name: Invitation.name, schema: InvitationSchema },
    ]),
  ],
  controllers: [AssociationsController, InvitationsController],
  providers: [AssociationsService, MembersService, InvitationsService],
  exports: [AssociationsService, MongooseModule],
})
export class AssociationsModule {}
