import type { ContributionView } from '@maillage/contract';
import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { AccessService } from '../common/access/access.service';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { Project } from '../projects/schemas/project.schema';
import { StoredContribution } from './contribution-views';
import { ContributionsService } from './contributions.service';
import { DerivedContributions, DerivedRows, inPeriod, parisDay } from './derived-contributions.service';
import { PeriodQueryDto } from './dto/contribution.dto';
import { ProjectInputs, ProjectStamp } from './project-inputs';
import { volunteerRateOf } from './valuation';

interface LedgerRows {
  manual: StoredContribution[];
  derived: DerivedRows;
  /** The items of these rows valued at `rate`, sorted, right until `validUntil` (an approved booking ends then). */
  valued?: { rate: number; validUntil: number; items: ContributionView[] };
}

/**
 * Every contribution of a project, manual and derived, valued as of now: what the list, the
 * summary and the report read. The rows come from a stamp-checked copy (ProjectInputs); the
 * values, the period and what has ended are computed at each read.
 */
@Injectable()
export class ContributionLedger {
  constructor(
    private readonly access: AccessService,
    private readonly contributions: ContributionsService,
    private readonly derived: DerivedContributions,
    private readonly inputs: ProjectInputs,
  ) {}

  async list(user: AuthUser, projectId: string, period: PeriodQueryDto): Promise<{ items: ContributionView[] }> {
    const grant = await this.access.requireProject(user.id, projectId, 'project.read');
    return { items: await this.items(grant.project, period) };
  }

  /** For a caller that checked access already; `stamp` when it read the project's stamps already. */
  async items(
    project: { _id: Types.ObjectId; valuation?: Project['valuation'] },
    period: PeriodQueryDto,
    stamp?: ProjectStamp,
    now = new Date(),
  ): Promise<ContributionView[]> {
    const rows = await this.inputs.get<LedgerRows>(
      stamp ?? (await this.inputs.stampOf(project._id)),
      'ledger',
      async () => {
        const [manual, derived] = await Promise.all([this.contributions.manualRows(project._id), this.derived.rows(project._id)]);
        return { manual, derived };
      },
      ({ manual, derived }) => manual.length + derived.bookings.length + derived.shifts.length,
    );
    const all = this.valued(rows, project, now);
    if (!period.from && !period.to) return [...all];
    // An undated manual item belongs to the day it was recorded (Europe/Paris), for the period filter only.
    return all.filter((item) => inPeriod(item.date ?? parisDay(new Date(item.createdAt!)), period));
  }

  /** Every item, valued and sorted once per copy, rate and ended bookings (the copy is this project's alone). */
  private valued(rows: LedgerRows, project: { _id: Types.ObjectId; valuation?: Project['valuation'] }, now: Date): ContributionView[] {
    const rate = volunteerRateOf(project);
    if (rows.valued && rows.valued.rate === rate && now.getTime() < rows.valued.validUntil) return rows.valued.items;
    const items = [...this.contributions.manualItems(rows.manual, project), ...this.derived.items(rows.derived, project._id, rate, now)];
    // Dates (YYYY-MM-DD) and ids are ASCII: a plain comparison orders them as localeCompare did, faster.
    items.sort((a, b) => compare(a.date ?? '', b.date ?? '') || compare(a.id, b.id));
    rows.valued = { rate, validUntil: this.derived.nextChange(rows.derived, now), items };
    return items;
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
