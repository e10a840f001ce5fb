import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { PageQueryDto } from '../common/pagination/pagination';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { CreateInvitationDto } from './dto/invitation.dto';
import { InvitationsService } from './invitations.service';
import { AdminOnlyResponses } from './admin-responses';

@ApiTags('associations')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post('associations/:id/invitations')
  @ApiCreatedResponse({ description: '{id, token, role, email, expiresAt, …}: the token is shown this once' })
  @ApiBadRequestResponse({ description: 'Invalid fields' })
  @AdminOnlyResponses()
  create(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Body() body: CreateInvitationDto) {
    return this.invitations.create(user.id, id, body);
  }

  @Get('associations/:id/invitations')
  @ApiOkResponse({ description: '{items, nextCursor}: pending invitations, without tokens' })
  @AdminOnlyResponses()
  list(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Query() query: PageQueryDto) {
    return this.invitations.listPending(user.id, id, query);
  }

  @Delete('associations/:id/invitations/:invitationId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked (revoking again is harmless)' })
  @AdminOnlyResponses('No such association among mine, or no such invitation')
  @ApiConflictResponse({ description: 'Already accepted' })
  revoke(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Param('invitationId', ParseObjectIdPipe) invitationId: string) {
    return this.invitations.revoke(user.id, id, invitationId);
  }

  @Post('invitations/:token/accept')
  @HttpCode(200)
  @ApiOkResponse({ description: '{association, role}: I am now a member' })
  @ApiForbiddenResponse({ description: 'The invitation is addressed to another email' })
  @ApiNotFoundResponse({ description: 'Unknown token' })
  @ApiGoneResponse({ description: 'Expired, revoked or already used (code invitation_expired | invitation_revoked | invitation_used)' })
  @ApiConflictResponse({ description: 'Already a member (code already_member)' })
  accept(@CurrentUser() user: AuthUser, @Param('token') token: string) {
    return this.invitations.accept(user, token);
  }
}
