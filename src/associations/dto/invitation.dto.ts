import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, MaxLength } from 'class-validator';
import { ASSOCIATION_ROLES, AssociationRole } from '../schemas/membership.schema';

export class CreateInvitationDto {
  @ApiPropertyOptional({ description: 'When set, only the account with this email may accept', example: 'sam@example.org' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.normalize('NFC').trim().toLowerCase() : value))
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiProperty({ enum: ASSOCIATION_ROLES, description: 'The role the invitee gets' })
  @IsIn(ASSOCIATION_ROLES, { message: `must be one of ${ASSOCIATION_ROLES.join(', ')}` })
  role: AssociationRole;
}
