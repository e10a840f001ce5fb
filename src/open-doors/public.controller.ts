import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Public } from '../common/decorators/public.decorator';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { GuestSignupDto } from './dto/guest-signup.dto';
import { GuestSignupRateLimit } from './guest-signup-rate-limit';
import { GuestSignupsService } from './guest-signups.service';
import { PublicEventsService } from './public-events.service';

const slugParam = { name: 'slug', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } } as const;
const tokenParam = {
  name: 'manageToken',
  description: "The guest's personal link",
  schema: { type: 'string', pattern: '^[0-9a-f]{24}[A-Za-z0-9_-]{32}$' },
} as const;

/** Open doors, for people without an account: an event's public page and guest sign-up. */
@ApiTags('public')
@Public()
@Controller('public')
export class PublicController {
  constructor(
    private readonly publicEvents: PublicEventsService,
    private readonly signups: GuestSignupsService,
  ) {}

  @Get('events/:slug')
  @ApiParam(slugParam)
  @ApiOkResponse({ description: 'What anyone may read of a public event: no volunteer name or contact' })
  @ApiNotFoundResponse({ description: 'Unknown slug, or the page is closed' })
  event(@Param('slug') slug: string) {
    return this.publicEvents.bySlug(slug);
  }

  @Post('shifts/:shiftId/signup')
  @GuestSignupRateLimit()
  @ApiCreatedResponse({ description: '`{manageToken, manageUrl}`: the personal link to see or cancel' })
  @ApiNotFoundResponse({ description: 'No such shift on an open public page' })
  @ApiConflictResponse({ description: '`shift_full` or `shift_started` (with `otherShifts` that have places), or `already_signed_up`' })
  @ApiTooManyRequestsResponse({ description: 'More than 20 sign-ups a minute from this address: see Retry-After' })
  signUp(@Param('shiftId', ParseObjectIdPipe) shiftId: string, @Body() body: GuestSignupDto) {
    return this.signups.signUp(shiftId, body);
  }

  @Get('signups/:manageToken')
  @ApiParam(tokenParam)
  @ApiOkResponse({ description: 'The sign-up, its shift and event' })
  @ApiNotFoundResponse({ description: 'Unknown, cancelled or erased sign-up' })
  signup(@Param('manageToken') manageToken: string) {
    return this.signups.get(manageToken);
  }

  @Delete('signups/:manageToken')
  @HttpCode(204)
  @ApiParam(tokenParam)
  @ApiNoContentResponse({ description: 'Cancelled: the place is free again and the link stops working' })
  @ApiNotFoundResponse({ description: 'Unknown, cancelled or erased sign-up' })
  cancel(@Param('manageToken') manageToken: string) {
    return this.signups.cancel(manageToken);
  }

  @Get('signups/:manageToken/shift.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="creneau.ics"')
  @ApiParam(tokenParam)
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'The shift as an iCalendar (RFC 5545) file', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'Unknown, cancelled or erased sign-up' })
  ics(@Param('manageToken') manageToken: string) {
    return this.signups.ics(manageToken);
  }
}
