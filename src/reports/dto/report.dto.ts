import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PeriodQueryDto } from '../../contributions/dto/contribution.dto';

export const REPORT_FORMATS = ['csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportQueryDto extends PeriodQueryDto {
  @ApiProperty({ enum: REPORT_FORMATS, description: 'csv: one row per contribution (UTF-8 with BOM, `;`, decimal comma); pdf: the A4 report in French' })
  @IsIn(REPORT_FORMATS)
  format: ReportFormat;
}
