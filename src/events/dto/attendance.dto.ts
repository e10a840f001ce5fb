import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsObjectId } from '../../common/dto/object-id';

export class AttendanceDto {
  @ApiProperty({ description: 'A volunteer signed up for the shift, or the id of one of its guests (open doors)' })
  @IsObjectId()
  volunteerId: string;

  @ApiProperty({ description: 'true: came (their hours count); false: withdraws an earlier confirmation' })
  @IsBoolean()
  present: boolean;
}
