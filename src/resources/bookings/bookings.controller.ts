import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ParseObjectIdPipe } from '../../common/pipes/parse-object-id.pipe';
import { BookingsService } from './bookings.service';
import { BookingNoteDto, CancelSeriesDto, InboxQueryDto, RejectBookingDto, ReturnBookingDto } from './dto/booking.dto';
import { ApiProblems } from '../../common/openapi/problem-details';

@ApiTags('bookings')
@ApiBearerAuth()
@Controller('bookings')
export class BookingsController {
  constructor(private readonly bookings: BookingsService) {}

  @Get()
  @ApiOkResponse({ description: "An association's inbox, as owner or as requester" })
  inbox(@CurrentUser() user: AuthUser, @Query() query: InboxQueryDto) {
    return this.bookings.inbox(user, query);
  }

  @Post('series/:seriesId/cancel')
  @ApiParam({ name: 'seriesId', format: 'uuid', description: 'The seriesId of a recurring request' })
  @ApiProblems(403)
  @HttpCode(200)
  @ApiOkResponse({ description: 'The occurrences cancelled' })
  cancelSeries(@CurrentUser() user: AuthUser, @Param('seriesId') seriesId: string, @Body() body: CancelSeriesDto) {
    return this.bookings.cancelSeries(user, seriesId, body);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The booking (owner and requester members)' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) bookingId: string) {
    return this.bookings.get(user, bookingId);
  }

  @Post(':id/approve')
  @ApiProblems(403)
  @HttpCode(200)
  @ApiOkResponse({ description: 'Approved' })
  @ApiConflictResponse({ description: 'Not pending (`current`), or not free (`conflicts`)' })
  approve(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) bookingId: string, @Body() body: BookingNoteDto) {
    return this.bookings.approve(user, bookingId, body);
  }

  @Post(':id/reject')
  @ApiProblems(403, 409)
  @HttpCode(200)
  @ApiOkResponse({ description: 'Rejected' })
  reject(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) bookingId: string, @Body() body: RejectBookingDto) {
    return this.bookings.reject(user, bookingId, body);
  }

  @Post(':id/cancel')
  @ApiProblems(403, 409)
  @HttpCode(200)
  @ApiOkResponse({ description: 'Cancelled' })
  cancel(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) bookingId: string, @Body() body: BookingNoteDto) {
    return this.bookings.cancel(user, bookingId, body);
  }

  @Post(':id/checkout')
  @ApiProblems(403, 409)
  @HttpCode(200)
  @ApiOkResponse({ description: 'Checked out' })
  checkout(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) bookingId: string, @Body() body: BookingNoteDto) {
    return this.bookings.checkout(user, bookingId, body);
  }

  @Post(':id/return')
  @ApiProblems(403, 409)
  @HttpCode(200)
  @ApiOkResponse({ description: 'Returned; an early return frees the rest of the range' })
  giveBack(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) bookingId: string, @Body() body: ReturnBookingDto) {
    return this.bookings.return(user, bookingId, body);
  }
}
