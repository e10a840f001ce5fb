import { Controller, Delete, Get, HttpCode, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiProblems } from '../common/openapi/problem-details';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { GuestSignupsService } from './guest-signups.service';
import { PublicEventsService } from './public-events.service';

/** Open doors, for the project's members: the poster, and removing a guest from a shift. */
@ApiTags('events')
@ApiBearerAuth()
@Controller()
export class OpenDoorsController {
  constructor(
    private readonly publicEvents: PublicEventsService,
    private readonly signups: GuestSignupsService,
  ) {}

  @Get('events/:eventId/poster.pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'An A4 poster: the event, the shifts needing people, a QR code of its public page',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiConflictResponse({ description: '`event_not_public`: make the event public first' })
  async poster(@CurrentUser() user: AuthUser, @Param('eventId', ParseObjectIdPipe) eventId: string) {
    const file = await this.publicEvents.poster(user, eventId);
    return new StreamableFile(file, { type: 'application/pdf', disposition: 'inline; filename="affiche.pdf"', length: file.length });
  }

  @Delete('shifts/:shiftId/guests/:guestId')
  @HttpCode(204)
  @ApiProblems(403)
  @ApiNoContentResponse({ description: 'The guest is off the shift; their place is free again' })
  removeGuest(@CurrentUser() user: AuthUser, @Param('shiftId', ParseObjectIdPipe) shiftId: string, @Param('guestId', ParseObjectIdPipe) guestId: string) {
    return this.signups.remove(user, shiftId, guestId);
  }
}
