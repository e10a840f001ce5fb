import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { BookingsService } from './bookings/bookings.service';
import { CreateBookingDto } from './bookings/dto/booking.dto';
import { CatalogueQueryDto, CreateResourceDto, ResourceBookingsQueryDto, UpdateResourceDto } from './dto/resource.dto';
import { ResourcesService } from './resources.service';
import { ApiProblems } from '../common/openapi/problem-details';

@ApiTags('resources')
@ApiBearerAuth()
@Controller()
export class ResourcesController {
  constructor(
    private readonly resources: ResourcesService,
    private readonly bookings: BookingsService,
  ) {}

  @Post('associations/:id/resources')
  @ApiProblems(403)
  @ApiCreatedResponse({ description: 'The resource, owned by the association (its admins manage it)' })
  create(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) associationId: string, @Body() body: CreateResourceDto) {
    return this.resources.create(user, associationId, body);
  }

  @Get('resources')
  @ApiOkResponse({ description: 'The catalogue I can see; with from/to each item has `available`' })
  catalogue(@CurrentUser() user: AuthUser, @Query() query: CatalogueQueryDto) {
    return this.resources.catalogue(user, query);
  }

  @Get('resources/:id')
  @ApiOkResponse({ description: 'The resource' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) resourceId: string) {
    return this.resources.get(user, resourceId);
  }

  @Patch('resources/:id')
  @ApiProblems(403)
  @ApiOkResponse({ description: 'The updated resource' })
  @ApiConflictResponse({ description: 'Stale version (`current`), or a quantity below what is booked (`conflicts`)' })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) resourceId: string, @Body() body: UpdateResourceDto) {
    return this.resources.update(user, resourceId, body);
  }

  @Delete('resources/:id')
  @ApiProblems(403)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, or archived when it has bookings' })
  remove(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) resourceId: string) {
    return this.resources.remove(user, resourceId);
  }

  @Get('resources/:id/bookings')
  @ApiOkResponse({ description: 'Bookings overlapping [from, to); others’ bookings as busy slots' })
  listBookings(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) resourceId: string, @Query() query: ResourceBookingsQueryDto) {
    return this.resources.listBookings(user, resourceId, query);
  }

  @Post('resources/:id/bookings')
  @ApiProblems(403)
  @ApiCreatedResponse({ description: 'The booking (pending, or approved when no approval is needed); with `recurrence`: {seriesId, items, conflicts}' })
  @ApiConflictResponse({ description: 'Not free: `conflicts` lists the bookings in the way' })
  requestBooking(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) resourceId: string, @Body() body: CreateBookingDto) {
    return this.bookings.requestBooking(user, resourceId, body);
  }
}
