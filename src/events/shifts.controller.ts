import { Body, Controller, Delete, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { OptionalBodyIdPipe } from '../common/pipes/optional-body-id.pipe';
import { OBJECT_ID_PATTERN } from '../common/dto/object-id';
import { UpdateShiftDto } from './dto/shift.dto';
import { AttendanceDto } from './dto/attendance.dto';
import { ShiftAttendanceService } from './shift-attendance.service';
import { ShiftsService } from './shifts.service';
import { ApiProblems } from '../common/openapi/problem-details';

@ApiTags('events')
@ApiBearerAuth()
@Controller('shifts/:shiftId')
export class ShiftsController {
  constructor(
    private readonly shifts: ShiftsService,
    private readonly attendance: ShiftAttendanceService,
  ) {}

  @Patch()
  @ApiProblems(403)
  @ApiOkResponse({ description: 'The updated shift' })
  @ApiConflictResponse({ description: 'Stale `version`: carries `current`' })
  update(@CurrentUser() user: AuthUser, @Param('shiftId', ParseObjectIdPipe) shiftId: string, @Body() body: UpdateShiftDto) {
    return this.shifts.update(user, shiftId, body);
  }

  @Delete()
  @ApiProblems(403)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Shift deleted' })
  remove(@CurrentUser() user: AuthUser, @Param('shiftId', ParseObjectIdPipe) shiftId: string) {
    return this.shifts.remove(user, shiftId);
  }

  @Post('signup')
  @HttpCode(200)
  @ApiBody({
    required: false,
    schema: {
      type: 'object',
      properties: {
        associationId: {
          type: 'string',
          pattern: OBJECT_ID_PATTERN,
          description: 'The partner association I give my time for: one of mine, active in the project (default: my only one)',
        },
      },
    },
  })
  @ApiOkResponse({ description: 'The shift with me among its volunteers (also when I was already)' })
  @ApiConflictResponse({ description: 'The shift is full: carries `current`' })
  signUp(
    @CurrentUser() user: AuthUser,
    @Param('shiftId', ParseObjectIdPipe) shiftId: string,
    // Only this field is read: the route never took a body, and other fields stay ignored.
    @Body(new OptionalBodyIdPipe('associationId')) associationId?: string,
  ) {
    return this.shifts.signUp(user, shiftId, associationId);
  }

  @Delete('signup')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The shift without me (also when I was not signed up)' })
  withdraw(@CurrentUser() user: AuthUser, @Param('shiftId', ParseObjectIdPipe) shiftId: string) {
    return this.shifts.withdraw(user, shiftId);
  }

  @Post('attendance')
  @HttpCode(200)
  @ApiProblems(403)
  @ApiOkResponse({ description: 'The shift with its confirmed attendance (confirming again changes nothing)' })
  @ApiConflictResponse({ description: 'The shift has not started yet (`shift_not_started`, with `current`), or the project is archived' })
  confirmAttendance(@CurrentUser() user: AuthUser, @Param('shiftId', ParseObjectIdPipe) shiftId: string, @Body() body: AttendanceDto) {
    return this.attendance.confirm(user, shiftId, body);
  }
}
