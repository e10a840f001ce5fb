import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ASSOCIATION_ROLES, AssociationRole } from '../schemas/membership.schema';

export class ChangeMemberRoleDto {
  @ApiProperty({ enum: ASSOCIATION_ROLES })
  @IsIn(ASSOCIATION_ROLES, { message: `must be one of ${ASSOCIATION_ROLES.join(', ')}` })
  role: AssociationRole;
}
