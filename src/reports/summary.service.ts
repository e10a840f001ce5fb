import type { ContributionView, PartnerSummary, ProjectSummary, TaskStatus, UpcomingEvent } from '@maillage/contract';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { NOT_BEING_REMOVED } from '../activity/schemas/pending-activity.schema';
import { Association } from '../associations/schemas/association.schema';
import { AccessService, ProjectGrant } from '../common/access/access.service';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { ContributionLedger } from '../contributions/contribution-ledger.service';
import { PeriodQueryDto } from '../contributions/dto/contribution.dto';
import { volunteerRateOf } from '../contributions/valuation';
import { ProjectEvent } from '../events/schemas/event.schema';
import { Shift } from '../events/schemas/shift.schema';
import { Partner } from '../projects/schemas/partner.schema';
import { Task } from '../tasks/schemas/task.schema';
import { addUp, emptyKinds, inKindTable, TASK_STATUSES, totalValue } from './summary';

const UPCOMING_EVENTS = 10;

type Project = ProjectGrant['project'];

/** What the report prints beyond the summary: the items themselves and the tasks done. */
export interface SummaryDetails {
  summary: ProjectSummary;
  items: ContributionView[];
  tasksDone: { associationId: string | null; title: string }[];
}

/** The balance of a project: who brings what (work, hours, means), for every partner to see. */
@Injectable()
export class SummaryService {
  constructor(
    @InjectModel(Partner.name) private readonly partners: Model<Partner>,
    @InjectModel(Association.name) private readonly associations: Model<Association>,
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    @InjectModel(ProjectEvent.name) private readonly events: Model<ProjectEvent>,
    @InjectModel(Shift.name) private readonly shifts: Model<Shift>,
    private readonly access: AccessService,
    private readonly ledger: ContributionLedger,
  ) {}

  async summary(user: AuthUser, projectId: string, period: PeriodQueryDto): Promise<ProjectSummary> {
    const grant = await this.access.requireProject(user.id, projectId, 'project.read');
    return (await this.details(grant.project, period)).summary;
  }

  /** For a caller that checked access already. */
  async details(project: Project, period: PeriodQueryDto, now = new Date()): Promise<SummaryDetails> {
    const [items, partnerRows, taskRows, upcomingEvents] = await Promise.all([
      this.ledger.items(project, period),
      this.partners.find({ projectId: project._id, status: { $in: ['active', 'left', 'removed'] } }, { associationId: 1, status: 1 }).lean(),
      this.tasks.find({ projectId: project._id, ...NOT_BEING_REMOVED }, { assigneeAssociationId: 1, status: 1, title: 1 }).lean(),
      this.upcomingEvents(project._id, now),
    ]);
    const activeIds = partnerRows.filter((row) => row.status === 'active').map((row) => String(row.associationId));
    // Former partners show only when they brought something in the period.
    const contributorIds = new Set(items.map((item) => item.associationId));
    const ids = [...new Set([...activeIds, ...partnerRows.map((row) => String(row.associationId)).filter((id) => contributorIds.has(id)), ...contributorIds])];
    const names = new Map(
      (await this.associations.find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }, { name: 1 }).lean()).map((row) => [String(row._id), row.name]),
    );
    const coordinatorId = String(project.coordinatorAssociationId);

    const totals = emptyKinds();
    const totalHours = addUp(totals, items);
    const totalEuros = totalValue(totals);
    const partners: PartnerSummary[] = ids.map((associationId) => {
      const contributions = emptyKinds();
      const volunteerHours = addUp(
        contributions,
        items.filter((item) => item.associationId === associationId),
      );
      const value = totalValue(contributions);
      const tasks = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>;
      for (const task of taskRows) if (String(task.assigneeAssociationId) === associationId) tasks[task.status]++;
      return {
        associationId,
        name: names.get(associationId) ?? '',
        active: activeIds.includes(associationId),
        isCoordinator: associationId === coordinatorId,
        contributions,
        volunteerHours,
        tasks,
        shareOfValue: totalEuros > 0 ? Math.round((value / totalEuros) * 10_000) / 10_000 : 0,
      };
    });
    partners.sort((a, b) => Number(b.isCoordinator) - Number(a.isCoordinator) || a.name.localeCompare(b.name, 'fr'));

    return {
      summary: {
        projectId: String(project._id),
        from: period.from ?? null,
        to: period.to ?? null,
        volunteerHourlyRateEuros: volunteerRateOf(project),
        partners,
        totals: { ...totals, valueEuros: totalEuros, volunteerHours: totalHours },
        inKind: inKindTable(items),
        upcomingEvents,
      },
      items,
      tasksDone: taskRows
        .filter((task) => task.status === 'done')
        .map((task) => ({ associationId: task.assigneeAssociationId ? String(task.assigneeAssociationId) : null, title: task.title })),
    };
  }

  private async upcomingEvents(projectId: Types.ObjectId, now: Date): Promise<UpcomingEvent[]> {
    const events = await this.events
      .find({ projectId, end: { $gte: now }, ...NOT_BEING_REMOVED })
      .sort({ start: 1, _id: 1 })
      .limit(UPCOMING_EVENTS)
      .lean();
    if (!events.length) return [];
    const shifts = await this.shifts
      .find({ eventId: { $in: events.map((event) => event._id) }, ...NOT_BEING_REMOVED }, { eventId: 1, needed: 1, remaining: 1 })
      .lean();
    return events.map((event) => {
      const own = shifts.filter((shift) => shift.eventId.equals(event._id));
      const needed = own.reduce((sum, shift) => sum + shift.needed, 0);
      return {
        id: String(event._id),
        title: event.title,
        start: new Date(event.start).toISOString(),
        end: new Date(event.end).toISOString(),
        location: event.location ?? null,
        organizerAssociationId: String(event.organizerAssociationId),
        shifts: own.length,
        volunteersNeeded: needed,
        volunteersSignedUp: needed - own.reduce((sum, shift) => sum + shift.remaining, 0),
      };
    });
  }
}
