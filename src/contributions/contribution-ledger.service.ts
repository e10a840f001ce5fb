import type { ContributionView } from '@maillage/contract';
import { Injectable } from '@nestjs/common';
import { AccessService } from '../common/access/access.service';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { ContributionsService } from './contributions.service';
import { DerivedContributions } from './derived-contributions.service';
import { PeriodQueryDto } from './dto/contribution.dto';
import { volunteerRateOf } from './valuation';

/**
 * Every contribution of a project, manual and derived, valued as of now: what the list, the
 * summary and the report read.
 */
@Injectable()
export class ContributionLedger {
  constructor(
    private readonly access: AccessService,
    private readonly contributions: ContributionsService,
    private readonly derived: DerivedContributions,
  ) {}

  async list(user: AuthUser, projectId: string, period: PeriodQueryDto): Promise<{ items: ContributionView[] }> {
    const grant = await this.access.requireProject(user.id, projectId, 'project.read');
    return { items: await this.items(grant.project, period) };
  }

  /** For a caller that checked access already. */
  async items(project: Parameters<ContributionsService['manualItems']>[0], period: PeriodQueryDto): Promise<ContributionView[]> {
    const [manual, derived] = await Promise.all([
      this.contributions.manualItems(project, period),
      this.derived.items(project._id, volunteerRateOf(project), period),
    ]);
    return [...manual, ...derived].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id));
  }
}
