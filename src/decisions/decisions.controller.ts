import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { NoBodyDto } from '../common/dto/empty.dto';
import { ApiProblems } from '../common/openapi/problem-details';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { DecisionsService } from './decisions.service';
import { CastVoteDto, CreateDecisionDto, DecisionListQueryDto } from './dto/decision.dto';

const ENDED = 'The decision is closed or withdrawn (or closing): `current` is the decision as it ended';

@ApiTags('decisions')
@ApiBearerAuth()
@Controller()
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  @Post('projects/:id/decisions')
  @ApiProblems(403, [409, 'The project is archived'])
  @ApiCreatedResponse({ description: 'The open decision, its electorate the active partners now' })
  create(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Body() body: CreateDecisionDto) {
    return this.decisions.create(user, id, body);
  }

  @Get('projects/:id/decisions')
  @ApiOkResponse({ description: '`{items, nextCursor}`: open decisions first (soonest to close first), then the ended ones' })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Query() query: DecisionListQueryDto) {
    return this.decisions.list(user, id, query);
  }

  @Get('decisions/:decisionId')
  @ApiOkResponse({ description: 'The decision with its votes per association, the associations missing, and the outcome once closed' })
  get(@CurrentUser() user: AuthUser, @Param('decisionId', ParseObjectIdPipe) decisionId: string) {
    return this.decisions.get(user, decisionId);
  }

  @Post('decisions/:decisionId/vote')
  @ApiProblems(403)
  @HttpCode(200)
  @ApiOkResponse({ description: 'The decision with this vote, which replaces the association’s previous one' })
  @ApiConflictResponse({ description: ENDED })
  vote(@CurrentUser() user: AuthUser, @Param('decisionId', ParseObjectIdPipe) decisionId: string, @Body() body: CastVoteDto) {
    return this.decisions.vote(user, decisionId, body);
  }

  @Post('decisions/:decisionId/close')
  @ApiProblems(403)
  @HttpCode(200)
  @ApiOkResponse({ description: 'Closed now, with its outcome (the author or a coordinator admin)' })
  @ApiConflictResponse({ description: ENDED })
  close(@CurrentUser() user: AuthUser, @Param('decisionId', ParseObjectIdPipe) decisionId: string, @Body() _body: NoBodyDto) {
    return this.decisions.close(user, decisionId);
  }

  @Post('decisions/:decisionId/withdraw')
  @ApiProblems(403)
  @HttpCode(200)
  @ApiOkResponse({ description: 'Withdrawn by its author: no outcome' })
  @ApiConflictResponse({ description: ENDED })
  withdraw(@CurrentUser() user: AuthUser, @Param('decisionId', ParseObjectIdPipe) decisionId: string, @Body() _body: NoBodyDto) {
    return this.decisions.withdraw(user, decisionId);
  }
}
