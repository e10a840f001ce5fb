import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { NoQueryDto } from '../common/dto/empty.dto';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { ProjectMembersService } from './project-members.service';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects/:id/members')
export class ProjectMembersController {
  constructor(private readonly members: ProjectMembersService) {}

  @Get()
  @ApiOkResponse({ description: '`{items: [{userId, displayName, associationId, role}], nextCursor: null}`: the people of every active partner, all at once' })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Query() _query: NoQueryDto) {
    return this.members.list(user.id, id);
  }
}
