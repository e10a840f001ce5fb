import { HttpStatus, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { appendedData, newOperation, PendingActivityService } from '../activity/pending-activity.service';
import { NOT_BEING_REMOVED } from '../activity/schemas/pending-activity.schema';
import { AccessService, ProjectGrant } from '../common/access/access.service';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, notFound, ProblemException, staleVersion } from '../common/errors/problem.exception';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination/pagination';
import { BookingsService } from '../resources/bookings/bookings.service';
import { Booking } from '../resources/bookings/schemas/booking.schema';
import { Resource } from '../resources/schemas/resource.schema';
import { CreateEventDto, ListEventsQueryDto, MAX_EVENT_MS, UpdateEventDto } from './dto/event.dto';
import type { EventView } from '@maillage/contract';
import { StoredEvent, toEventView } from './event-views';
import { ProjectEvent } from './schemas/event.schema';
import { PublicSlug } from './schemas/public-slug.schema';
import { Shift } from './schemas/shift.schema';

/**
 * Events of a joint project.
 *
 * Who may do what: any member of an active partner reads events and creates them (the event is
 * organized by the caller's partner association); members of the organizing association and
 * admins of the coordinator edit and delete an event and its shifts. Every member of an active
 * partner may sign up for shifts.
 */
@Injectable()
export class EventsService implements OnModuleInit {
  private readonly logger = new Logger(EventsService.name);

  constructor(
    @InjectModel(ProjectEvent.name) private readonly events: Model<ProjectEvent>,
    @InjectModel(Shift.name) private readonly shifts: Model<Shift>,
    @InjectModel(Booking.name) private readonly bookings: Model<Booking>,
    @InjectModel(PublicSlug.name) private readonly slugs: Model<PublicSlug>,
    @InjectModel(Resource.name) private readonly resources: Model<Resource>,
    private readonly access: AccessService,
    private readonly pending: PendingActivityService,
    private readonly bookingsService: BookingsService,
  ) {}

  onModuleInit(): void {
    const eventOnly = async (row: StoredEvent) => ({ event: await this.view(row) });
    this.pending.register<ProjectEvent>({
      model: this.events,
      projectOf: (row) => row.projectId,
      build: {
        'event.created': eventOnly,
        'event.updated': eventOnly,
        // The event is the anchor of its shifts' removal; their ids were noted when it was marked.
        'event.deleted': async (row, operation) => {
          const noted = (operation.detail?.deletedShiftIds as string[] | undefined) ?? [];
          const left = (await this.shifts.find({ eventId: row._id }, { _id: 1 }).lean()).map((shift) => String(shift._id));
          await this.shifts.deleteMany({ eventId: row._id });
          return { event: await this.view(row), deletedShiftIds: [...new Set([...noted, ...left])] };
        },
      },
    });
  }

  async list(user: AuthUser, projectId: string, query: ListEventsQueryDto): Promise<Page<EventView>> {
    const grant = await this.access.requireProject(user.id, projectId, 'project.read');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const filter: FilterQuery<ProjectEvent> = { projectId: grant.project._id, ...NOT_BEING_REMOVED };
    if (query.from) filter.end = { $gt: new Date(query.from) };
    if (query.to) filter.start = { $lt: new Date(query.to) };
    const after = decodeCursor<{ start: string; id: string }>(query.cursor);
    if (after) {
      if (typeof after.start !== 'string' || !Types.ObjectId.isValid(after.id)) throw badRequest('cursor', 'is not a cursor this server gave');
      const start = new Date(after.start);
      filter.$or = [{ start: { $gt: start } }, { start, _id: { $gt: new Types.ObjectId(after.id) } }];
    }
    const rows = await this.events
      .find(filter)
      .sort({ start: 1, _id: 1 })
      .limit(limit + 1)
      .lean();
    const page = toPage(rows, limit, (last) => ({ start: new Date(last.start).toISOString(), id: String(last._id) }));
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
  }

  async get(user: AuthUser, eventId: string): Promise<EventView> {
    const { child: event } = await this.access.requireProjectChild(user.id, this.events, eventId, 'project.read', 'Event');
    return this.view(event);
  }

  async create(user: AuthUser, projectId: string, input: CreateEventDto): Promise<EventView> {
    const grant = await this.access.requireProject(user.id, projectId, 'project.write');
    const organizerAssociationId = this.actingAssociation(grant, input.requesterAssociationId);
    const start = new Date(input.start);
    const end = new Date(input.end);
    if (end <= start) throw badRequest('end', 'must be after start');
    const eventId = new Types.ObjectId();
    const fields = {
      _id: eventId,
      publicSlug: input.isPublic ? await this.claimPublicSlug(eventId) : null,
      projectId: grant.project._id,
      title: input.title,
      description: input.description ?? '',
      start,
      end,
      location: input.location ?? null,
      resourceId: input.resourceId ? new Types.ObjectId(input.resourceId) : null,
      expectedAttendance: input.expectedAttendance ?? null,
      isPublic: input.isPublic ?? false,
      organizerAssociationId: new Types.ObjectId(organizerAssociationId),
      createdBy: new Types.ObjectId(user.id),
    };
    const resourceId = input.resourceId;
    // The booking needs the event's id, so the event is stored first and removed if the premise
    // cannot be requested: nothing half-written stays behind.
    const withBooking = resourceId
      ? async (event: StoredEvent) => {
          const bookingId = (await this.requestBooking(user, resourceId, event, organizerAssociationId)).id;
          return (await this.events.findByIdAndUpdate(event._id, { $set: { bookingId: new Types.ObjectId(bookingId) } }, { new: true }).lean()) ?? event;
        }
      : undefined;
    return appendedData(await this.pending.insert(this.events, fields, newOperation('event.created', user.id), withBooking), 'event');
  }

  async update(user: AuthUser, eventId: string, input: UpdateEventDto): Promise<EventView> {
    const { child: event, grant } = await this.access.requireProjectChild(user.id, this.events, eventId, 'project.write', 'Event');
    this.access.requireEventEditor(grant, event);
    if (input.version !== undefined && input.version !== event.version) throw staleVersion(await this.view(event));

    const start = input.start !== undefined ? new Date(input.start) : new Date(event.start);
    const end = input.end !== undefined ? new Date(input.end) : new Date(event.end);
    if (end <= start)
      throw badRequest(
        input.end !== undefined || input.start === undefined ? 'end' : 'start',
        input.end !== undefined ? 'must be after start' : 'must be before end',
      );
    if (end.getTime() - start.getTime() > MAX_EVENT_MS)
      throw badRequest(input.end !== undefined ? 'end' : 'start', 'must be at most 90 days from the other end of the event');

    const set: Partial<Record<keyof ProjectEvent, unknown>> = {};
    if (input.title !== undefined) set.title = input.title;
    if (input.description !== undefined) set.description = input.description;
    if (input.start !== undefined) set.start = start;
    if (input.end !== undefined) set.end = end;
    if (input.location !== undefined) set.location = input.location;
    if (input.expectedAttendance !== undefined) set.expectedAttendance = input.expectedAttendance;
    const makePublic = input.public ?? input.isPublic;
    if (makePublic !== undefined) set.isPublic = makePublic;
    if (makePublic && !event.publicSlug) set.publicSlug = await this.claimPublicSlug(event._id);

    // A new premise, or new times on a premise, needs a new booking request; the old one is let go
    // once the event points at the new one.
    const currentResourceId = event.resourceId ? String(event.resourceId) : null;
    const nextResourceId = input.resourceId !== undefined ? input.resourceId : currentResourceId;
    const timesChanged = start.getTime() !== new Date(event.start).getTime() || end.getTime() !== new Date(event.end).getTime();
    const rebook = nextResourceId !== null && (nextResourceId !== currentResourceId || timesChanged);
    const dropsBooking = event.bookingId && (rebook || nextResourceId === null);
    let newBookingId: string | null = null;
    if (input.resourceId !== undefined) set.resourceId = nextResourceId ? new Types.ObjectId(nextResourceId) : null;
    if (rebook) {
      const requester =
        input.requesterAssociationId ??
        (grant.activeAssociationIds.includes(String(event.organizerAssociationId)) ? String(event.organizerAssociationId) : undefined);
      const association = this.actingAssociation(grant, requester);
      newBookingId = (await this.requestBooking(user, nextResourceId, { ...event, start, end }, association)).id;
      set.bookingId = new Types.ObjectId(newBookingId);
    } else if (nextResourceId === null && event.resourceId) {
      set.bookingId = null;
    }

    const filter: FilterQuery<ProjectEvent> = { _id: event._id, ...NOT_BEING_REMOVED };
    if (input.version !== undefined) filter.version = input.version;
    const updated = await this.pending.update(this.events, filter, { $set: set, $inc: { version: 1 } }, newOperation('event.updated', user.id));
    if (!updated) {
      if (newBookingId) await this.cancelBooking(user, newBookingId);
      const current = await this.events.findById(event._id).lean();
      if (!current) throw notFound('Event');
      throw staleVersion(await this.view(current));
    }
    if (dropsBooking && event.bookingId) await this.cancelBooking(user, String(event.bookingId));
    return this.view(updated.row);
  }

  async remove(user: AuthUser, eventId: string): Promise<void> {
    const { child: event, grant } = await this.access.requireProjectChild(user.id, this.events, eventId, 'project.write', 'Event');
    this.access.requireEventEditor(grant, event);
    // Shifts of an event being deleted are unreachable already (their event answers 404); the
    // event.deleted builder removes them.
    const shiftIds = (await this.shifts.find({ eventId: event._id }, { _id: 1 }).lean()).map((row) => String(row._id));
    const deleted = await this.pending.remove(
      this.events,
      { _id: event._id, ...NOT_BEING_REMOVED },
      newOperation('event.deleted', user.id, { deletedShiftIds: shiftIds }),
    );
    if (!deleted) throw notFound('Event');
    if (event.bookingId) await this.cancelBooking(user, String(event.bookingId));
  }

  async view(event: StoredEvent): Promise<EventView> {
    return (await this.views([event]))[0];
  }

  async views(events: StoredEvent[]): Promise<EventView[]> {
    const bookingIds = events.map((event) => event.bookingId).filter((id): id is Types.ObjectId => !!id);
    const resourceIds = events.map((event) => event.resourceId).filter((id): id is Types.ObjectId => !!id);
    // The premise is named to every reader of the event, even one its sharing would not show it to:
    // its name is part of where the event takes place.
    const [rows, resources] = await Promise.all([
      bookingIds.length ? this.bookings.find({ _id: { $in: bookingIds } }, { status: 1 }).lean() : [],
      resourceIds.length ? this.resources.find({ _id: { $in: resourceIds } }, { name: 1 }).lean() : [],
    ]);
    const statusOf = new Map(rows.map((row) => [String(row._id), row.status as string]));
    const nameOf = new Map(resources.map((row) => [String(row._id), row.name]));
    return events.map((event) => {
      const bookingId = event.bookingId ? String(event.bookingId) : null;
      const status = bookingId ? statusOf.get(bookingId) : undefined;
      return toEventView(event, bookingId && status ? { id: bookingId, status } : null, nameOf.get(String(event.resourceId)) ?? null);
    });
  }

  /**
   * A new public page address: 72 random bits (12 URL-safe characters), short enough to type from
   * a poster and impossible to guess; claimed by insert so two events never share one.
   */
  private async claimPublicSlug(eventId: Types.ObjectId): Promise<string> {
    for (;;) {
      const slug = randomBytes(9).toString('base64url');
      try {
        await this.slugs.create({ _id: slug, eventId });
        return slug;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
  }

  /** The caller's partner association this action is done for. */
  private actingAssociation(grant: ProjectGrant, requested: string | undefined): string {
    if (requested !== undefined) {
      if (!grant.activeAssociationIds.includes(requested)) {
        throw badRequest('requesterAssociationId', 'must be one of your associations that is an active partner of this project');
      }
      return requested;
    }
    if (grant.activeAssociationIds.length === 1) return grant.activeAssociationIds[0];
    throw badRequest('requesterAssociationId', 'is required: you are a member of several partners of this project');
  }

  /** Asks for the event's premise through the bookings feature, with its access checks and capacity guard. */
  private async requestBooking(
    user: AuthUser,
    resourceId: string,
    event: Pick<StoredEvent, '_id' | 'projectId' | 'title' | 'start' | 'end'>,
    requesterAssociationId: string,
  ) {
    try {
      const booking = await this.bookingsService.requestBooking(user, resourceId, {
        start: new Date(event.start).toISOString(),
        end: new Date(event.end).toISOString(),
        requesterAssociationId,
        projectId: String(event.projectId),
        eventId: String(event._id),
        note: event.title,
      });
      if (!('id' in booking)) throw new Error('A single booking request answered a series');
      return { id: booking.id, status: booking.status };
    } catch (error) {
      // The resource is a field of the event: an invisible one is a bad field, not a missing page.
      if (error instanceof ProblemException && error.getStatus() === HttpStatus.NOT_FOUND) {
        throw badRequest('resourceId', 'is not a resource you can book');
      }
      throw error;
    }
  }

  /** Best effort: a booking that cannot be cancelled any more (already returned…) is left as it is. */
  private async cancelBooking(user: AuthUser, bookingId: string): Promise<void> {
    try {
      await this.bookingsService.cancel(user, bookingId, {});
    } catch (error) {
      this.logger.warn({ bookingId, error: (error as Error).message }, 'Could not cancel the booking of an event');
    }
  }
}
