import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { PageQueryDto } from '../common/pagination/pagination';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { NoBodyDto } from '../common/dto/empty.dto';
import { AcceptInvitationDto, InvitePartnerDto } from './dto/partner.dto';
import { PartnersService } from './partners.service';
import { ApiProblems } from '../common/openapi/problem-details';

@ApiTags('partners')
@ApiBearerAuth()
@Controller('projects/:id/partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Post()
  @ApiProblems(403)
  @ApiCreatedResponse({ description: 'The partner, `invited` (a declined, left or removed partner is invited again)' })
  @ApiConflictResponse({ description: 'Already invited or active: `current` is the partner' })
  invite(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Body() body: InvitePartnerDto) {
    return this.partners.invite(user.id, id, body);
  }

  @Get()
  @ApiOkResponse({ description: '`{items, nextCursor}`: every partner, with its name and whether it signed the current charter' })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Query() query: PageQueryDto) {
    return this.partners.list(user.id, id, query);
  }

  @Post(':associationId/accept')
  @ApiProblems(403)
  @HttpCode(200)
  @ApiOkResponse({ description: 'The partner, now `active`, having signed `charterVersion`' })
  @ApiConflictResponse({ description: 'Not invited, or not the current charter version' })
  accept(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Param('associationId', ParseObjectIdPipe) associationId: string,
    @Body() body: AcceptInvitationDto,
  ) {
    return this.partners.accept(user.id, id, associationId, body.charterVersion);
  }

  @Post(':associationId/decline')
  @ApiProblems(403, 409)
  @HttpCode(200)
  @ApiOkResponse({ description: 'The partner, now `declined`' })
  decline(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Param('associationId', ParseObjectIdPipe) associationId: string,
    @Body() _body: NoBodyDto,
  ) {
    return this.partners.decline(user.id, id, associationId);
  }

  @Post(':associationId/leave')
  @ApiProblems(403, 409)
  @HttpCode(200)
  @ApiOkResponse({ description: 'The partner, now `left`' })
  leave(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Param('associationId', ParseObjectIdPipe) associationId: string,
    @Body() _body: NoBodyDto,
  ) {
    return this.partners.leave(user.id, id, associationId);
  }

  @Delete(':associationId')
  @ApiProblems(403, 409)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed; the partner stays listed as `removed`' })
  remove(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Param('associationId', ParseObjectIdPipe) associationId: string,
    @Body() _body: NoBodyDto,
  ) {
    return this.partners.remove(user.id, id, associationId);
  }
}
