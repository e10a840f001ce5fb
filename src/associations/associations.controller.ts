import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { PageQueryDto } from '../common/pagination/pagination';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { AssociationsService } from './associations.service';
import { CreateAssociationDto, DirectoryQueryDto, UpdateAssociationDto } from './dto/association.dto';
import { ChangeMemberRoleDto } from './dto/member.dto';
import { MembersService } from './members.service';
import { AdminOnlyResponses } from './admin-responses';

@ApiTags('associations')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@Controller('associations')
export class AssociationsController {
  constructor(
    private readonly associations: AssociationsService,
    private readonly members: MembersService,
  ) {}

  @Post()
  @ApiCreatedResponse({ description: 'The association; its creator is its first admin' })
  @ApiBadRequestResponse({ description: 'Invalid fields' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateAssociationDto) {
    return this.associations.create(user.id, body);
  }

  @Get()
  @ApiOkResponse({ description: '{items, nextCursor}: the network directory, ordered by name, with myRole where I am a member' })
  @ApiBadRequestResponse({ description: 'Invalid or unknown query parameters' })
  directory(@CurrentUser() user: AuthUser, @Query() query: DirectoryQueryDto) {
    return this.associations.directory(user.id, query);
  }

  @Get('mine')
  @ApiOkResponse({ description: '{items, nextCursor}: my associations, each with my role' })
  mine(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto) {
    return this.associations.mine(user.id, query);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The public profile, with myRole when I am a member' })
  @ApiNotFoundResponse({ description: 'No such association' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string) {
    return this.associations.get(user.id, id);
  }

  @Patch(':id')
  @ApiOkResponse({ description: 'The updated profile' })
  @ApiBadRequestResponse({ description: 'Invalid fields' })
  @AdminOnlyResponses()
  @ApiConflictResponse({ description: 'Stale version; carries `current`' })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Body() body: UpdateAssociationDto) {
    return this.associations.update(user.id, id, body);
  }

  @Get(':id/members')
  @ApiOkResponse({ description: '{items:[{id, userId, displayName, role, joinedAt, email (admins only)}], nextCursor}' })
  @ApiNotFoundResponse({ description: 'Not a member of this association' })
  listMembers(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Query() query: PageQueryDto) {
    return this.members.list(user.id, id, query);
  }

  @Patch(':id/members/:userId')
  @ApiOkResponse({ description: 'The member with the new role' })
  @ApiBadRequestResponse({ description: 'Invalid role' })
  @AdminOnlyResponses('No such association among mine, or no such member')
  @ApiConflictResponse({ description: 'The last admin cannot be demoted (code last_admin, with `current` and `admins`)' })
  changeRole(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Param('userId', ParseObjectIdPipe) userId: string,
    @Body() body: ChangeMemberRoleDto,
  ) {
    return this.members.changeRole(user.id, id, userId, body.role);
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed (an admin removing anyone) or left (a member removing themself)' })
  @ApiForbiddenResponse({ description: 'A member removing someone else' })
  @ApiNotFoundResponse({ description: 'No such association among mine, or no such member' })
  @ApiConflictResponse({ description: 'The last admin cannot leave or be removed (code last_admin)' })
  removeMember(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Param('userId', ParseObjectIdPipe) userId: string) {
    return this.members.remove(user.id, id, userId);
  }
}
