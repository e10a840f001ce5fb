import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiProblems } from '../common/openapi/problem-details';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { ContributionLedger } from './contribution-ledger.service';
import { ContributionsService } from './contributions.service';
import { CreateContributionDto, DeleteContributionQueryDto, PeriodQueryDto, UpdateContributionDto } from './dto/contribution.dto';

@ApiTags('contributions')
@ApiBearerAuth()
@Controller()
export class ContributionsController {
  constructor(
    private readonly contributions: ContributionsService,
    private readonly ledger: ContributionLedger,
  ) {}

  @Get('projects/:id/contributions')
  @ApiOkResponse({ description: '`{items}`: manual items and those derived from bookings and shift attendance (`source`), each with its value' })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Query() query: PeriodQueryDto) {
    return this.ledger.list(user, id, query);
  }

  @Post('projects/:id/contributions')
  @ApiProblems(403, 409)
  @ApiCreatedResponse({ description: 'The recorded contribution' })
  create(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Body() body: CreateContributionDto) {
    return this.contributions.create(user, id, body);
  }

  @Patch('contributions/:contributionId')
  @ApiProblems(403)
  @ApiOkResponse({ description: 'The updated contribution' })
  @ApiConflictResponse({ description: 'Stale `version`: carries `current`; or the project is archived' })
  update(@CurrentUser() user: AuthUser, @Param('contributionId', ParseObjectIdPipe) contributionId: string, @Body() body: UpdateContributionDto) {
    return this.contributions.update(user, contributionId, body);
  }

  @Delete('contributions/:contributionId')
  @ApiProblems(403)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Contribution deleted' })
  @ApiConflictResponse({ description: 'Stale `version`: carries `current`; or the project is archived' })
  remove(@CurrentUser() user: AuthUser, @Param('contributionId', ParseObjectIdPipe) contributionId: string, @Query() query: DeleteContributionQueryDto) {
    return this.contributions.remove(user, contributionId, query.version);
  }
}
