import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, MaxLength, Min } from 'class-validator';
import { IsOmittable } from './project.dto';
import { IsObjectId } from '../../common/dto/object-id';

export class InvitePartnerDto {
  @ApiProperty({ description: 'The association to invite' })
  @IsObjectId()
  associationId: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'A word for the invited association' })
  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  message?: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The charter version being signed: must be the current one' })
  @IsInt()
  @Min(1)
  charterVersion: number;
}
