import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ParseObjectIdPipe } from '../common/pipes/parse-object-id.pipe';
import { PeriodQueryDto } from '../contributions/dto/contribution.dto';
import { ReportQueryDto } from './dto/report.dto';
import { ReportService } from './report.service';
import { SummaryService } from './summary.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('projects/:id')
export class ReportsController {
  constructor(
    private readonly summaries: SummaryService,
    private readonly reports: ReportService,
  ) {}

  @Get('summary')
  @ApiOkResponse({
    description:
      'Per partner: contributions by kind (euros pledged, delivered, total), volunteer hours, tasks by status, share of the value; totals; the in-kind table by account (ANC 2018-06); upcoming events',
  })
  summary(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Query() query: PeriodQueryDto) {
    return this.summaries.summary(user, id, query);
  }

  @Get('report')
  @ApiProduces('text/csv', 'application/pdf')
  @ApiOkResponse({
    description: 'The bilan for funders, as an attachment: CSV (UTF-8 with BOM, `;`, decimal comma, one row per contribution) or an A4 PDF in French',
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  async report(@CurrentUser() user: AuthUser, @Param('id', ParseObjectIdPipe) id: string, @Query() query: ReportQueryDto) {
    const file = await this.reports.report(user, id, query);
    return new StreamableFile(file.body, { type: file.contentType, disposition: `attachment; filename="${file.fileName}"`, length: file.body.length });
  }
}
