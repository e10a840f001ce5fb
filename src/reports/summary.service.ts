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
import { ProjectInputs } from '../contributions/project-inputs';
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
    private readonly inputs: ProjectInputs,
  ) {}

  async summary(user: AuthUser, projectId: string, period: PeriodQueryDto): Promise<ProjectSummary> {
    const grant = await this.access.requireProject(user.id, projectId, 'project.read');
    return (await this.details(grant.project, period)).summary;
  }

  /** For a caller that checked access already. */
  async details(project: Project, period: PeriodQueryDto, now = new Date()): Promise<SummaryDetails> {
    const stamp = await this.inputs.stampOf(project._id);
    const [items, { partnerRows, taskRows, events, shifts }] = await Promise.all([
      this.ledger.items(project, period, stamp, now),
      this.inputs.get(
        stamp,
        'summary',
        () => this.rows(project._id),
        (rows) => rows.taskRows.length + rows.shifts.length,
      ),
    ]);
    const upcomingEvents = this.upcomingEvents(events, shifts, now);
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
    // Grouped in one pass each: a project has thousands of items and tasks.
    const itemsOf = new Map<string, ContributionView[]>(ids.map((id) => [id, []]));
    for (const item of items) itemsOf.get(item.associationId)?.push(item);
    const tasksOf = new Map(ids.map((id) => [id, Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>]));
    for (const task of taskRows) {
      const counts = task.assigneeAssociationId ? tasksOf.get(String(task.assigneeAssociationId)) : undefined;
      if (counts) counts[task.status]++;
    }
    const partners: PartnerSummary[] = ids.map((associationId) => {
      const contributions = emptyKinds();
      const volunteerHours = addUp(contributions, itemsOf.get(associationId)!);
      const value = totalValue(contributions);
      const tasks = tasksOf.get(associationId)!;
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

  /** What the summary reads beyond the ledger (ProjectInputs keeps a copy of it). */
  private async rows(projectId: Types.ObjectId) {
    const [partnerRows, taskRows, events, shifts] = await Promise.all([
      this.partners.find({ projectId, status: { $in: ['active', 'left', 'removed'] } }, { associationId: 1, status: 1 }).lean(),
      this.tasks.find({ projectId, ...NOT_BEING_REMOVED }, { assigneeAssociationId: 1, status: 1, title: 1 }).lean(),
      this.events
        .find({ projectId, ...NOT_BEING_REMOVED })
        .sort({ start: 1, _id: 1 })
        .lean(),
      this.shifts.find({ projectId, ...NOT_BEING_REMOVED }, { eventId: 1, needed: 1, remaining: 1 }).lean(),
    ]);
    return { partnerRows, taskRows, events, shifts };
  }

  /** The next events (not ended at `now`) with their shifts' needs; `events` sorted by start. */
  private upcomingEvents(
    all: (ProjectEvent & { _id: Types.ObjectId })[],
    allShifts: Pick<Shift & { _id: Types.ObjectId }, 'eventId' | 'needed' | 'remaining'>[],
    now: Date,
  ): UpcomingEvent[] {
    const events = all.filter((event) => new Date(event.end).getTime() >= now.getTime()).slice(0, UPCOMING_EVENTS);
    if (!events.length) return [];
    const ids = new Set(events.map((event) => String(event._id)));
    const shifts = allShifts.filter((shift) => ids.has(String(shift.eventId)));
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
