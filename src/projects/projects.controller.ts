import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { PageQueryDto } from '../common/pagination/pagination';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { NoQueryDto } from '../common/dto/empty.dto';
import { ChangeCoordinatorDto, CreateProjectDto, UpdateProjectDto } from './dto/project.dto';
import { ProjectsService } from './projects.service';
import { ApiProblems } from '../common/openapi/problem-details';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  @ApiProblems(403)
  @ApiCreatedResponse({ description: 'The project; the coordinator is an active partner that signed charter version 1' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateProjectDto) {
    return this.projects.create(user.id, body);
  }

  @Get()
  @ApiOkResponse({ description: '`{items, nextCursor, invitations}`: my projects (newest first) and the invitations my associations may answer' })
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto) {
    return this.projects.list(user.id, query);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The project with its partners; admins of an invited association get the invitation view' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Query() _query: NoQueryDto) {
    return this.projects.get(user.id, id);
  }

  @Patch(':id')
  @ApiProblems(403)
  @ApiOkResponse({ description: 'The updated project' })
  @ApiConflictResponse({ description: 'Stale `version` (`current`), or the project is archived' })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Body() body: UpdateProjectDto) {
    return this.projects.update(user.id, id, body);
  }

  @Post(':id/coordinator')
  @ApiProblems(403)
  @HttpCode(200)
  @ApiOkResponse({ description: 'The project, led by the given active partner' })
  @ApiConflictResponse({ description: 'The association is not an active partner' })
  changeCoordinator(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Body() body: ChangeCoordinatorDto) {
    return this.projects.changeCoordinator(user.id, id, body);
  }
}
