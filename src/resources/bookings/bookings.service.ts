// A little over 300 lines: every booking transition (request, series, approve, reject, cancel,
// check-out, return) with its crash-safe activity; the time rules live in booking-series.ts and
// the capacity guard in capacity-ledger.ts.
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { randomUUID } from 'node:crypto';
import { FilterQuery, Model, Types } from 'mongoose';
import { newOperation, PendingActivityService, TrackedRow, withFollowUp } from '../../activity/pending-activity.service';
import { PendingActivity } from '../../activity/schemas/pending-activity.schema';
import { AccessService } from '../../common/access/access.service';
import { AuthUser } from '../../common/decorators/current-user.decorator';
import { BookingRequested, DomainEvent } from '../../common/domain-events';
import { badRequest, conflict, invalidTransition, notFound, ProblemException } from '../../common/errors/problem.exception';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../../common/pagination/pagination';
import { UserDataRegistry } from '../../users/user-data.registry';
import type { ActivityType, BookingView, SeriesResult } from '@maillage/contract';
import { bookingView, busySlotView, LeanBooking } from './booking-view';
import { checkOpeningHours, checkRange, conflictsOf, expandWeekly, LeanResource, Occurrence, seriesConflict } from './booking-series';
import { bookingConflict, CapacityLedger } from './capacity-ledger';
import { BookingNoteDto, CancelSeriesDto, CreateBookingDto, InboxQueryDto, RejectBookingDto, ReturnBookingDto } from './dto/booking.dto';
import { Booking, BookingStatus } from './schemas/booking.schema';
import { oid } from '../../common/ids';

/** What a booking activity says happened: its type is `booking.<change>`. */
type BookingChange = ActivityType extends infer T ? (T extends `booking.${infer Change}` ? Change : never) : never;
/** Every change of a booking of a project is logged as booking.<change>, carrying the booking. */
const LOGGED_CHANGES: BookingChange[] = ['requested', 'approved', 'rejected', 'cancelled', 'checked_out', 'returned'];

@Injectable()
export class BookingsService implements OnModuleInit {
  constructor(
    @InjectModel(Booking.name) private readonly bookings: Model<Booking>,
    private readonly access: AccessService,
    private readonly ledger: CapacityLedger,
    private readonly pending: PendingActivityService,
    private readonly events: EventEmitter2,
    private readonly registry: UserDataRegistry,
  ) {}

  onModuleInit(): void {
    const bookingOnly = async (row: LeanBooking) => ({ booking: bookingView(row) });
    this.pending.register<Booking>({
      model: this.bookings,
      // A booking outside any project changes no project's log.
      projectOf: (row) => row.projectId,
      build: Object.fromEntries(LOGGED_CHANGES.map((change) => [`booking.${change}`, bookingOnly])),
    });
    this.registry.register({
      name: 'bookings',
      export: async (userId) => {
        const rows = await this.bookings
          .find({ requestedBy: oid(userId) })
          .sort({ start: 1 })
          .lean<LeanBooking[]>();
        return rows.map((row) => bookingView(row));
      },
      // Bookings belong to associations: they stay, without saying who asked or decided.
      erase: async (userId) => {
        const user = oid(userId);
        for (const field of ['requestedBy', 'decidedBy', 'cancelledBy', 'checkedOutBy', 'returnedTo']) {
          await this.bookings.updateMany({ [field]: user }, { $set: { [field]: null } });
        }
      },
    });
  }

  /**
   * A member of the requesting association asks for a resource. Answers the booking (`pending`, or
   * `approved` when no approval is needed), or for a recurrence the series. The events feature
   * calls this for an event's premise.
   */
  async requestBooking(user: AuthUser, resourceId: string, input: CreateBookingDto): Promise<BookingView | SeriesResult> {
    const grant = await this.access.requireResource(user.id, resourceId, 'resource.book', { asAssociationId: input.requesterAssociationId });
    const resource = grant.resource;
    if (resource.status === 'archived') throw conflict('This resource is archived', { code: 'resource_archived' });
    if (input.projectId) {
      const project = await this.access.requireProject(user.id, input.projectId, 'project.write');
      if (!project.activeAssociationIds.includes(input.requesterAssociationId)) {
        throw badRequest('projectId', 'the requesting association is not an active partner of this project');
      }
    }
    if (input.eventId) await this.requireEventOfProject(input.eventId, input.projectId);
    const start = new Date(input.start);
    const end = new Date(input.end);
    checkRange(start, end);
    const quantity = input.quantity ?? 1;
    if (quantity > resource.quantity) throw badRequest('quantity', `must be at most ${resource.quantity}`);
    const ownerId = String(resource.associationId);
    // An owner admin booking for the owner could approve it anyway.
    const autoApprove = !resource.requiresApproval || (input.requesterAssociationId === ownerId && grant.isOwnerAdmin);
    const base: Partial<Booking> = {
      resourceId: resource._id,
      ownerAssociationId: resource.associationId,
      requesterAssociationId: oid(input.requesterAssociationId),
      projectId: input.projectId ? oid(input.projectId) : null,
      eventId: input.eventId ? oid(input.eventId) : null,
      quantity,
      note: input.note,
      requestedBy: oid(user.id),
    };

    if (!input.recurrence) {
      checkOpeningHours(resource, start, end);
      return bookingView(await this.createOne(user, resource, base, { start, end }, autoApprove));
    }

    const occurrences = expandWeekly(start, end, input.recurrence.interval ?? 1, input.recurrence.until);
    for (const occurrence of occurrences) checkOpeningHours(resource, occurrence.start, occurrence.end);
    const seriesId = randomUUID();
    const result: SeriesResult = { seriesId, items: [], conflicts: [] };
    const stored: LeanBooking[] = [];
    const skipped = (occurrence: Occurrence, inTheWay: LeanBooking[]) =>
      result.conflicts.push({ start: occurrence.start.toISOString(), end: occurrence.end.toISOString(), conflicts: inTheWay.map(busySlotView) });

    if (input.recurrence.onConflict === 'fail') {
      for (const occurrence of occurrences) {
        const inTheWay = await this.ledger.conflictsFor(resource, occurrence.start, occurrence.end, quantity);
        if (inTheWay.length) skipped(occurrence, inTheWay);
      }
      if (result.conflicts.length) throw seriesConflict(result);
    }
    for (const occurrence of occurrences) {
      try {
        const row = await this.createOne(user, resource, { ...base, seriesId }, occurrence, autoApprove, { announce: false });
        stored.push(row);
        result.items.push(bookingView(row));
      } catch (error) {
        const inTheWay = conflictsOf(error);
        if (!inTheWay) throw error;
        if (input.recurrence.onConflict === 'fail') {
          // Lost a race after the check: all or nothing, so the occurrences booked so far go away.
          await this.bookings.deleteMany({ seriesId });
          await this.ledger.touch(resource._id);
          result.items = [];
          stored.length = 0;
        }
        result.conflicts.push({ start: occurrence.start.toISOString(), end: occurrence.end.toISOString(), conflicts: inTheWay });
        if (input.recurrence.onConflict === 'fail') throw seriesConflict(result);
      }
    }
    if (!result.items.length) throw seriesConflict(result);
    for (const row of stored) await this.announce(row);
    return result;
  }

  /**
   * Stores one request: pending (after a non-binding check), or — when no approval is needed —
   * directly approved through the capacity guard. Neither reads the `bookings` collection. The
   * booking carries its booking.requested (and .approved) operation; it is logged at once, or for a
   * series once every occurrence is stored (an all-or-nothing series that fails deletes them unlogged).
   */
  private async createOne(
    user: AuthUser,
    resource: LeanResource,
    base: Partial<Booking>,
    occurrence: Occurrence,
    autoApprove: boolean,
    options: { announce: boolean } = { announce: true },
  ): Promise<LeanBooking> {
    const quantity = base.quantity ?? 1;
    let stored: LeanBooking;
    const requested = newOperation('booking.requested', user.id);
    if (autoApprove) {
      const pendingActivity = withFollowUp(requested, 'booking.approved');
      const _id = new Types.ObjectId();
      const fields = { ...base, _id, start: occurrence.start, end: occurrence.end, decidedBy: oid(user.id), decidedAt: new Date(), pendingActivity };
      stored = await this.ledger.approveNew(fields).catch((error: unknown) => {
        // The booking may have landed with its answer lost: finish its operation once it can be read.
        if (!(error instanceof ProblemException)) this.pending.retryLater(this.bookings, _id);
        throw error;
      });
    } else {
      // Pending requests hold nothing, so this check is advisory; approval re-checks under the guard.
      const inTheWay = await this.ledger.conflictsFor(resource, occurrence.start, occurrence.end, quantity);
      if (inTheWay.length) throw bookingConflict(inTheWay, resource.quantity);
      stored = await this.pending.insertMarked(this.bookings, { ...base, start: occurrence.start, end: occurrence.end, status: 'pending' }, requested);
    }
    if (options.announce) await this.announce(stored);
    return stored;
  }

  /** Logs the request (finishing its operation) and tells the owner's admins it arrived. */
  private async announce(stored: LeanBooking): Promise<void> {
    await this.pending.settle(this.bookings, stored);
    const view = bookingView(stored);
    const event: BookingRequested = { ownerAssociationId: view.ownerAssociationId, booking: view };
    this.events.emit(DomainEvent.BookingRequested, event);
  }

  async get(user: AuthUser, bookingId: string): Promise<BookingView> {
    const booking = await this.load(bookingId);
    await this.access.requireBooking(user.id, booking, 'booking.read');
    return bookingView(booking);
  }

  async approve(user: AuthUser, bookingId: string, input: BookingNoteDto): Promise<BookingView> {
    const booking = await this.load(bookingId);
    await this.access.requireBooking(user.id, booking, 'booking.decide');
    if (booking.status !== 'pending') throw invalidTransition('booking', 'approve', bookingView(booking));
    const pendingActivity = newOperation('booking.approved', user.id);
    const decision = { decidedBy: oid(user.id), decidedAt: new Date(), ...(input.note ? { decisionNote: input.note } : {}), pendingActivity };
    const approved = await this.ledger.approve(booking._id, decision).catch((error: unknown) => {
      if (!(error instanceof ProblemException)) this.pending.retryLater(this.bookings, booking._id);
      throw error;
    });
    await this.pending.settle(this.bookings, approved as TrackedRow<Booking>);
    return bookingView(approved);
  }

  async reject(user: AuthUser, bookingId: string, input: RejectBookingDto): Promise<BookingView> {
    const booking = await this.load(bookingId);
    await this.access.requireBooking(user.id, booking, 'booking.decide');
    return this.transition(user, booking, 'reject', ['pending'], 'rejected', { rejectionReason: input.reason, decidedBy: oid(user.id), decidedAt: new Date() });
  }

  async cancel(user: AuthUser, bookingId: string, _input: BookingNoteDto): Promise<BookingView> {
    const booking = await this.load(bookingId);
    await this.access.requireBooking(user.id, booking, 'booking.cancel');
    return this.transition(user, booking, 'cancel', ['pending', 'approved'], 'cancelled', { cancelledBy: oid(user.id), cancelledAt: new Date() });
  }

  async checkout(user: AuthUser, bookingId: string, _input: BookingNoteDto): Promise<BookingView> {
    const booking = await this.load(bookingId);
    await this.access.requireBooking(user.id, booking, 'booking.decide');
    return this.transition(user, booking, 'checkout', ['approved'], 'checked_out', { checkedOutBy: oid(user.id), checkedOutAt: new Date() }, 'checked_out');
  }

  /** An early return frees the rest of the range: the effective end becomes the return time. */
  async return(user: AuthUser, bookingId: string, input: ReturnBookingDto): Promise<BookingView> {
    const booking = await this.load(bookingId);
    await this.access.requireBooking(user.id, booking, 'booking.decide');
    const now = new Date();
    const set: Partial<Booking> = {
      returnedTo: oid(user.id),
      returnedAt: now,
      returnCondition: input.condition,
      returnNote: input.note,
      requestedEnd: booking.requestedEnd ?? booking.end,
    };
    if (now < booking.end) set.end = now > booking.start ? now : booking.start;
    return this.transition(user, booking, 'return', ['checked_out'], 'returned', set);
  }

  /** Cancels the occurrences of a series that start at or after `from` and are still live. */
  async cancelSeries(user: AuthUser, seriesId: string, input: CancelSeriesDto): Promise<Page<BookingView>> {
    const first = await this.bookings.findOne({ seriesId }).lean<LeanBooking>();
    if (!first) throw notFound('Booking series');
    await this.access.requireBooking(user.id, first, 'booking.cancel', 'Booking series');
    const targets = await this.bookings
      .find({ seriesId, start: { $gte: new Date(input.from) }, status: { $in: ['pending', 'approved'] } }, { _id: 1 })
      .sort({ start: 1 })
      .lean();
    const items: BookingView[] = [];
    for (const target of targets) {
      const done = await this.pending.update(
        this.bookings,
        { _id: target._id, status: { $in: ['pending', 'approved'] } },
        { $set: { status: 'cancelled', cancelledBy: oid(user.id), cancelledAt: new Date() }, $inc: { version: 1 } },
        newOperation('booking.cancelled', user.id),
      );
      if (!done) continue;
      await this.ledger.touch(done.row.resourceId, { removeId: done.row._id });
      items.push(bookingView(done.row));
    }
    return { items, nextCursor: null };
  }

  /** An association's inbox: as owner, what to decide, lend and get back; as requester, its requests. */
  async inbox(user: AuthUser, query: InboxQueryDto): Promise<Page<BookingView>> {
    await this.access.requireAssociation(user.id, query.associationId, 'association.member');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const side = query.side === 'owner' ? 'ownerAssociationId' : 'requesterAssociationId';
    const filter: FilterQuery<Booking> = { [side]: oid(query.associationId) };
    if (query.status) filter.status = query.status;
    else if (query.side === 'owner') filter.status = { $in: ['pending', 'approved', 'checked_out'] };
    const after = decodeCursor<{ start: string; id: string }>(query.cursor);
    if (after) {
      if (!Types.ObjectId.isValid(String(after.id)) || Number.isNaN(Date.parse(String(after.start))))
        throw badRequest('cursor', 'is not a cursor this server gave');
      const start = new Date(after.start);
      filter.$or = [{ start: { $gt: start } }, { start, _id: { $gt: oid(after.id) } }];
    }
    const rows = await this.bookings
      .find(filter)
      .sort({ start: 1, _id: 1 })
      .limit(limit + 1)
      .lean<LeanBooking[]>();
    const now = new Date();
    const page = toPage(rows, limit, (last) => ({ start: last.start.toISOString(), id: String(last._id) }));
    return { items: page.items.map((row) => bookingView(row, now)), nextCursor: page.nextCursor };
  }

  private async load(bookingId: string): Promise<LeanBooking> {
    if (!Types.ObjectId.isValid(bookingId)) throw notFound('Booking');
    const booking = await this.bookings.findById(bookingId).lean<LeanBooking>();
    if (!booking) throw notFound('Booking');
    return booking;
  }

  /** One guarded status change: it lands only if the status is still one of `from`. */
  private async transition(
    user: AuthUser,
    booking: LeanBooking,
    action: string,
    from: BookingStatus[],
    to: BookingStatus & BookingChange,
    set: Partial<Booking>,
    change: BookingChange = to,
  ): Promise<BookingView> {
    if (!from.includes(booking.status)) throw invalidTransition('booking', action, bookingView(booking));
    const operation: PendingActivity = newOperation(`booking.${change}`, user.id);
    const done = await this.pending.update(
      this.bookings,
      { _id: booking._id, status: { $in: from } },
      { $set: { ...set, status: to }, $inc: { version: 1 } },
      operation,
    );
    if (!done) {
      const current = await this.bookings.findById(booking._id).lean<LeanBooking>();
      if (!current) throw notFound('Booking');
      throw invalidTransition('booking', action, bookingView(current));
    }
    if (booking.status === 'approved' || booking.status === 'checked_out') await this.ledger.touch(booking.resourceId, { upsert: done.row });
    return bookingView(done.row);
  }

  /**
   * A booking names an event only of its own project: whether the id is missing, of another project or
   * of another tenant, the answer is the same 400, which tells an outsider nothing about other projects.
   * Read straight from the collection: the events feature depends on bookings, not the reverse.
   */
  private async requireEventOfProject(eventId: string, projectId: string | undefined): Promise<void> {
    const event = projectId
      ? await this.bookings.db.collection('events').findOne({ _id: oid(eventId), projectId: oid(projectId) }, { projection: { _id: 1 } })
      : null;
    if (!event) throw badRequest('eventId', projectId ? 'is not an event of this project' : 'needs the projectId of its event');
  }
}
