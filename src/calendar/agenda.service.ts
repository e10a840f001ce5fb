import type { AgendaBooking, AgendaItem, AgendaShift, AgendaTask, AgendaView } from '@maillage/contract';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { NOT_BEING_REMOVED } from '../activity/schemas/pending-activity.schema';
import { AccessService } from '../common/access/access.service';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest } from '../common/errors/problem.exception';
import { oid } from '../common/ids';
import { ProjectEvent } from '../events/schemas/event.schema';
import { Shift } from '../events/schemas/shift.schema';
import { Project } from '../projects/schemas/project.schema';
import { Booking } from '../resources/bookings/schemas/booking.schema';
import { Resource } from '../resources/schemas/resource.schema';
import { Task } from '../tasks/schemas/task.schema';
import { AgendaQueryDto, DEFAULT_AGENDA_WINDOW_MS, MAX_AGENDA_WINDOW_MS } from './dto/agenda-query.dto';

/** A bound on each kind of item, so one window can never become an unbounded response. */
const MAX_ITEMS_PER_KIND = 500;
/** Bookings that still concern my association: asked for, granted, or in its hands. */
const OPEN_BOOKING_STATUSES = ['pending', 'approved', 'checked_out'];

const iso = (date: Date) => new Date(date).toISOString();

/**
 * "Mon agenda": the same things as my calendar feed, for the app — the shifts I signed up for, the
 * tasks not done that are due and assigned to me or my associations, and my associations' open
 * bookings — in one window and one list by time, so a phone makes one request instead of one per
 * project, event and association. Only what I may read: shifts and tasks of projects one of my
 * associations is an active partner of, bookings my associations asked for.
 */
@Injectable()
export class AgendaService {
  constructor(
    private readonly access: AccessService,
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    @InjectModel(ProjectEvent.name) private readonly events: Model<ProjectEvent>,
    @InjectModel(Shift.name) private readonly shifts: Model<Shift>,
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    @InjectModel(Booking.name) private readonly bookings: Model<Booking>,
    @InjectModel(Resource.name) private readonly resources: Model<Resource>,
  ) {}

  async agenda(user: AuthUser, query: AgendaQueryDto): Promise<AgendaView> {
    const from = query.from ? new Date(query.from) : new Date();
    const to = query.to ? new Date(query.to) : new Date(from.getTime() + DEFAULT_AGENDA_WINDOW_MS);
    if (to <= from) throw badRequest('to', 'must be after from');
    if (to.getTime() - from.getTime() > MAX_AGENDA_WINDOW_MS) throw badRequest('to', 'must be at most 400 days after from');

    const me = oid(user.id);
    const roles = await this.access.rolesOf(user.id);
    const associationIds = [...roles.keys()].map(oid);
    const projectIds = await this.access.readableProjectIds(user.id, roles);
    const overlapping = { start: { $lt: to }, end: { $gt: from } };

    const [shifts, tasks, bookings] = await Promise.all([
      projectIds.length
        ? this.shifts
            .find({ volunteerIds: me, projectId: { $in: projectIds }, ...overlapping, ...NOT_BEING_REMOVED })
            .sort({ start: 1 })
            .limit(MAX_ITEMS_PER_KIND + 1)
            .lean()
        : [],
      projectIds.length
        ? this.tasks
            .find({
              projectId: { $in: projectIds },
              dueDate: { $gte: from, $lt: to },
              status: { $ne: 'done' },
              $or: [{ assigneeUserIds: me }, { assigneeAssociationId: { $in: associationIds } }],
              ...NOT_BEING_REMOVED,
            })
            .sort({ dueDate: 1 })
            .limit(MAX_ITEMS_PER_KIND + 1)
            .lean()
        : [],
      associationIds.length
        ? this.bookings
            .find({ requesterAssociationId: { $in: associationIds }, status: { $in: OPEN_BOOKING_STATUSES }, ...overlapping, ...NOT_BEING_REMOVED })
            .sort({ start: 1 })
            .limit(MAX_ITEMS_PER_KIND + 1)
            .lean()
        : [],
    ]);
    const truncated = [shifts, tasks, bookings].some((rows) => rows.length > MAX_ITEMS_PER_KIND);
    const kept = <T>(rows: T[]) => rows.slice(0, MAX_ITEMS_PER_KIND);

    const [projectRows, eventRows, resourceRows] = await Promise.all([
      this.projects.find({ _id: { $in: projectIds } }, { title: 1 }).lean(),
      this.events.find({ _id: { $in: shifts.map((shift) => shift.eventId) } }, { title: 1, location: 1 }).lean(),
      this.resources.find({ _id: { $in: bookings.map((booking) => booking.resourceId) } }, { name: 1 }).lean(),
    ]);
    const projectTitle = (id: Types.ObjectId | null | undefined) => (id ? (projectRows.find((row) => row._id.equals(id))?.title ?? null) : null);
    const eventOf = new Map(eventRows.map((row) => [String(row._id), row]));
    const resourceName = new Map(resourceRows.map((row) => [String(row._id), row.name]));

    const items: AgendaItem[] = [
      ...kept(shifts).map((shift): AgendaShift => {
        const event = eventOf.get(String(shift.eventId));
        const givenFor = shift.volunteerAssociations?.[user.id];
        return {
          kind: 'shift',
          id: String(shift._id),
          start: iso(shift.start),
          end: iso(shift.end),
          projectId: String(shift.projectId),
          projectTitle: projectTitle(shift.projectId),
          label: shift.label,
          eventId: String(shift.eventId),
          eventTitle: event?.title ?? '',
          location: event?.location ?? null,
          needed: shift.needed,
          remaining: shift.remaining,
          associationId: givenFor ? String(givenFor) : null,
        };
      }),
      ...kept(tasks).map((task): AgendaTask => ({
        kind: 'task',
        id: String(task._id),
        start: iso(task.dueDate as Date),
        projectId: String(task.projectId),
        projectTitle: projectTitle(task.projectId),
        title: task.title,
        status: task.status,
        assigneeAssociationId: task.assigneeAssociationId ? String(task.assigneeAssociationId) : null,
        assignedToMe: (task.assigneeUserIds ?? []).some((id) => id.equals(me)),
      })),
      ...kept(bookings).map((booking): AgendaBooking => ({
        kind: 'booking',
        id: String(booking._id),
        start: iso(booking.start),
        end: iso(booking.end),
        projectId: booking.projectId ? String(booking.projectId) : null,
        projectTitle: projectTitle(booking.projectId),
        status: booking.status,
        resourceId: String(booking.resourceId),
        resourceName: resourceName.get(String(booking.resourceId)) ?? '',
        requesterAssociationId: String(booking.requesterAssociationId),
        quantity: booking.quantity,
      })),
    ];
    items.sort((a, b) => a.start.localeCompare(b.start) || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
    return { from: iso(from), to: iso(to), items, truncated };
  }
}
