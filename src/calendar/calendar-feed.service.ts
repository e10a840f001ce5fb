import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendar } from 'ical-generator';
import { DateTime } from 'luxon';
import { Model, Types } from 'mongoose';
import { ProjectEvent } from '../events/schemas/event.schema';
import { Shift } from '../events/schemas/shift.schema';
import { Project } from '../projects/schemas/project.schema';
import { Booking } from '../resources/bookings/schemas/booking.schema';
import { Resource } from '../resources/schemas/resource.schema';
import { Task } from '../tasks/schemas/task.schema';
import { CalendarTokenService } from './calendar-token.service';
import { AccessService } from '../common/access/access.service';
import { oid } from '../common/ids';

/** Times are written as Paris wall-clock times with a TZID, the zone of the people using Maillage. */
export const FEED_TIME_ZONE = 'Europe/Paris';
/** Past items older than this drop out of the feed; calendar apps keep what they already showed. */
const FEED_HISTORY_DAYS = 400;
/** A bound on each kind of item, so one feed can never become an unbounded response. */
const FEED_MAX_ITEMS = 2000;
/** Bookings that were granted: approved, in use, or used. */
const GRANTED_BOOKING_STATUSES = ['approved', 'checked_out', 'returned'];

const uid = (kind: 'event' | 'shift' | 'task' | 'booking', id: Types.ObjectId) => `${kind}-${String(id)}@maillage`;
/** What identifies an item and its revision to calendar clients: its UID, and SEQUENCE/DTSTAMP/LAST-MODIFIED from its version. */
const identity = (kind: Parameters<typeof uid>[0], item: { _id: Types.ObjectId; version: number; createdAt: Date; updatedAt: Date }) => ({
  id: uid(kind, item._id),
  sequence: item.version,
  stamp: item.updatedAt,
  created: item.createdAt,
  lastModified: item.updatedAt,
});
const paris = (date: Date) => DateTime.fromJSDate(new Date(date), { zone: FEED_TIME_ZONE });

/**
 * A user's personal iCalendar (RFC 5545) feed: the events of their projects, the shifts they
 * signed up for, the due dates of tasks assigned to them or their associations, and their
 * associations' granted bookings. UIDs are stable (`<kind>-<id>@maillage`), SEQUENCE is the
 * object's version and DTSTAMP its last change, so subscribed apps update items in place.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly tokens: CalendarTokenService,
    private readonly access: AccessService,
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    @InjectModel(ProjectEvent.name) private readonly events: Model<ProjectEvent>,
    @InjectModel(Shift.name) private readonly shifts: Model<Shift>,
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    @InjectModel(Booking.name) private readonly bookings: Model<Booking>,
    @InjectModel(Resource.name) private readonly resources: Model<Resource>,
  ) {}

  async feed(token: string): Promise<string> {
    const user = await this.tokens.ownerOf(token);
    const me = user._id;
    const since = new Date(Date.now() - FEED_HISTORY_DAYS * 24 * 3600 * 1000);

    const roles = await this.access.rolesOf(String(me));
    const associationIds = [...roles.keys()].map(oid);
    const projectIds = await this.access.readableProjectIds(String(me), roles);

    const [projects, events, shifts, tasks, bookings] = await Promise.all([
      this.projects.find({ _id: { $in: projectIds } }, { title: 1 }).lean(),
      this.events
        .find({ projectId: { $in: projectIds }, end: { $gte: since } })
        .sort({ start: 1 })
        .limit(FEED_MAX_ITEMS)
        .lean(),
      this.shifts
        .find({ volunteerIds: me, projectId: { $in: projectIds }, end: { $gte: since } })
        .sort({ start: 1 })
        .limit(FEED_MAX_ITEMS)
        .lean(),
      this.tasks
        .find({
          projectId: { $in: projectIds },
          dueDate: { $gte: since },
          status: { $ne: 'done' },
          $or: [{ assigneeUserIds: me }, { assigneeAssociationId: { $in: associationIds } }],
        })
        .sort({ dueDate: 1 })
        .limit(FEED_MAX_ITEMS)
        .lean(),
      associationIds.length
        ? this.bookings
            .find({ requesterAssociationId: { $in: associationIds }, status: { $in: GRANTED_BOOKING_STATUSES }, end: { $gte: since } })
            .sort({ start: 1 })
            .limit(FEED_MAX_ITEMS)
            .lean()
        : [],
    ]);
    const projectTitle = new Map(projects.map((project) => [String(project._id), project.title]));
    const shiftEvents = await this.events.find({ _id: { $in: shifts.map((shift) => shift.eventId) } }, { title: 1, location: 1 }).lean();
    const eventOf = new Map(shiftEvents.map((event) => [String(event._id), event]));
    const resources = await this.resources.find({ _id: { $in: bookings.map((booking) => booking.resourceId) } }, { name: 1, address: 1 }).lean();
    const resourceOf = new Map(resources.map((resource) => [String(resource._id), resource]));

    const calendar = this.newCalendar(user.displayName);
    for (const event of events) {
      calendar.createEvent({
        ...identity('event', event),
        timezone: FEED_TIME_ZONE,
        start: paris(event.start),
        end: paris(event.end),
        summary: event.title,
        description: this.describe(projectTitle.get(String(event.projectId)), event.description),
        location: event.location ?? null,
      });
    }
    for (const shift of shifts) {
      const event = eventOf.get(String(shift.eventId));
      calendar.createEvent({
        ...identity('shift', shift),
        timezone: FEED_TIME_ZONE,
        start: paris(shift.start),
        end: paris(shift.end),
        summary: `Créneau bénévole : ${shift.label}${event ? ` — ${event.title}` : ''}`,
        description: this.describe(projectTitle.get(String(shift.projectId))),
        location: event?.location ?? null,
      });
    }
    for (const task of tasks) {
      const due = new Date(task.dueDate as Date);
      // A due date given as a day (stored at UTC midnight) is an all-day item; otherwise it is at its time.
      const allDay = due.getUTCHours() === 0 && due.getUTCMinutes() === 0 && due.getUTCSeconds() === 0 && due.getUTCMilliseconds() === 0;
      calendar.createEvent({
        ...identity('task', task),
        ...(allDay ? { allDay: true, start: due } : { timezone: FEED_TIME_ZONE, start: paris(due) }),
        summary: `Échéance : ${task.title}`,
        description: this.describe(projectTitle.get(String(task.projectId)), task.description),
      });
    }
    for (const booking of bookings) {
      const resource = resourceOf.get(String(booking.resourceId));
      calendar.createEvent({
        ...identity('booking', booking),
        timezone: FEED_TIME_ZONE,
        start: paris(booking.start),
        end: paris(booking.end),
        summary: `Réservation : ${resource?.name ?? 'ressource'}`,
        description: this.describe(booking.projectId ? projectTitle.get(String(booking.projectId)) : undefined, booking.note),
        location: resource?.address ?? null,
      });
    }
    return calendar.toString();
  }

  private newCalendar(displayName: string): ICalCalendar {
    return ical({
      name: `Maillage — ${displayName}`,
      prodId: { company: 'Maillage', product: 'Maillage', language: 'FR' },
      // The VTIMEZONE for every TZID used; the calendar itself keeps no zone so DTSTAMP stays in UTC.
      timezone: { name: null, generator: getVtimezoneComponent },
      ttl: 3600,
    });
  }

  private describe(projectTitle: string | undefined, text?: string | null): string | null {
    const parts = [projectTitle ? `Action commune : ${projectTitle}` : null, text?.trim() || null].filter(Boolean);
    return parts.length ? parts.join('\n\n') : null;
  }
}
