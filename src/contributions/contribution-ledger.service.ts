import type { ContributionView } from '@maillage/contract';
import { Injectable } from '@nestjs/common';
import { AccessService } from '../common/access/access.service';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { ContributionsService } from './contributions.service';
import { PeriodQueryDto } from './dto/contribution.dto';

/**
 * Every contribution of a project, manual and derived, valued as of now: what the list, the
 * summary and the report read.
 */
@Injectable()
export class ContributionLedger {
  constructor(
    private readonly access: AccessService,
    private readonly contributions: ContributionsService,
  ) {}

  async list(user: AuthUser, projectId: string, period: PeriodQueryDto): Promise<{ items: ContributionView[] }> {
    const grant = await this.access.requireProject(user.id, projectId, 'project.read');
    return { items: await this.items(grant.project, period) };
  }

  /** For a caller that checked access already. */
  items(project: Parameters<ContributionsService['manualItems']>[0], period: PeriodQueryDto): Promise<ContributionView[]> {
    return this.contributions.manualItems(project, period);
  }
}
