import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { PeriodQueryDto } from '../contributions/dto/contribution.dto';
import { SummaryService } from './summary.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('projects/:id')
export class ReportsController {
  constructor(private readonly summaries: SummaryService) {}

  @Get('summary')
  @ApiOkResponse({
    description:
      'Per partner: contributions by kind (euros pledged, delivered, total), volunteer hours, tasks by status, share of the value; totals; the in-kind table by account (ANC 2018-06); upcoming events',
  })
  summary(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Query() query: PeriodQueryDto) {
    return this.summaries.summary(user, id, query);
  }
}
