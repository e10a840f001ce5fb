import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { appendedData, Completed, newOperation, PendingActivityService } from '../activity/pending-activity.service';
import { NOT_BEING_REMOVED } from '../activity/schemas/pending-activity.schema';
import { AccessService, ProjectPermission } from '../common/access/access.service';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, conflict, notFound, staleVersion } from '../common/errors/problem.exception';
import { decodeCursor, DEFAULT_LIMIT, Page, PageQueryDto, toPage } from '../common/pagination/pagination';
import { UserDataRegistry } from '../users/user-data.registry';
import { UsersService } from '../users/users.service';
import { CreateShiftDto, MAX_SHIFT_MS, UpdateShiftDto } from './dto/shift.dto';
import type { ShiftView } from '@maillage/contract';
import { StoredEvent, StoredShift, toShiftView } from './event-views';
import { EventsService } from './events.service';
import { ProjectEvent } from './schemas/event.schema';
import { Shift } from './schemas/shift.schema';

/** Setup and clean-up shifts may sit outside the event's hours, but not on another week. */
const SHIFT_MARGIN_MS = 48 * 60 * 60 * 1000;
/** Edits of `needed` without a version retry this often when sign-ups keep landing in between. */
const MAX_EDIT_ATTEMPTS = 20;

@Injectable()
export class ShiftsService implements OnModuleInit {
  constructor(
    @InjectModel(Shift.name) private readonly shifts: Model<Shift>,
    @InjectModel(ProjectEvent.name) private readonly events: Model<ProjectEvent>,
    private readonly eventsService: EventsService,
    private readonly access: AccessService,
    private readonly pending: PendingActivityService,
    private readonly users: UsersService,
    private readonly registry: UserDataRegistry,
  ) {}

  onModuleInit(): void {
    const shiftOnly = async (row: StoredShift) => ({ shift: await this.activityView(row) });
    this.pending.register<Shift>({
      model: this.shifts,
      projectOf: (row) => row.projectId,
      build: {
        'shift.created': shiftOnly,
        'shift.updated': shiftOnly,
        'shift.deleted': shiftOnly,
        'shift.signed_up': shiftOnly,
        'shift.withdrawn': shiftOnly,
      },
    });
    this.registry.register({ name: 'events', export: (userId) => this.exportUserData(userId), erase: (userId) => this.eraseUserData(userId) });
  }

  async list(user: AuthUser, eventId: string, query: PageQueryDto): Promise<Page<ShiftView>> {
    const { child: event } = await this.access.requireProjectChild(user.id, this.events, eventId, 'project.read', 'Event');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const filter: FilterQuery<Shift> = { eventId: event._id, ...NOT_BEING_REMOVED };
    const after = decodeCursor<{ start: string; id: string }>(query.cursor);
    if (after) {
      if (typeof after.start !== 'string' || !Types.ObjectId.isValid(after.id)) throw badRequest('cursor', 'is not a cursor this server gave');
      const start = new Date(after.start);
      filter.$or = [{ start: { $gt: start } }, { start, _id: { $gt: new Types.ObjectId(after.id) } }];
    }
    const rows = await this.shifts
      .find(filter)
      .sort({ start: 1, _id: 1 })
      .limit(limit + 1)
      .lean();
    const page = toPage(rows, limit, (last) => ({ start: new Date(last.start).toISOString(), id: String(last._id) }));
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
  }

  async create(user: AuthUser, eventId: string, input: CreateShiftDto): Promise<ShiftView> {
    const { child: event, grant } = await this.access.requireProjectChild(user.id, this.events, eventId, 'project.write', 'Event');
    this.access.requireEventEditor(grant, event);
    const start = new Date(input.start);
    const end = new Date(input.end);
    this.checkTimes(event, start, end, 'end');
    const fields = {
      eventId: event._id,
      projectId: event.projectId,
      label: input.label,
      start,
      end,
      needed: input.needed,
      remaining: input.needed,
      volunteerIds: [],
      createdBy: new Types.ObjectId(user.id),
    };
    return appendedData(await this.pending.insert(this.shifts, fields, newOperation('shift.created', user.id)), 'shift');
  }

  async update(user: AuthUser, shiftId: string, input: UpdateShiftDto): Promise<ShiftView> {
    const { child: loaded, grant, event } = await this.requireShift(user, shiftId, 'project.write');
    let shift = loaded;
    this.access.requireEventEditor(grant, event);

    for (let attempt = 1; ; attempt++) {
      if (input.version !== undefined && input.version !== shift.version) throw staleVersion(await this.view(shift));
      const set: Partial<Record<keyof Shift, unknown>> = {};
      if (input.label !== undefined) set.label = input.label;
      if (input.start !== undefined || input.end !== undefined) {
        const start = input.start !== undefined ? new Date(input.start) : new Date(shift.start);
        const end = input.end !== undefined ? new Date(input.end) : new Date(shift.end);
        this.checkTimes(event, start, end, input.end !== undefined || input.start === undefined ? 'end' : 'start');
        set.start = start;
        set.end = end;
      }
      if (input.needed !== undefined) {
        // Guests of the public page hold places too.
        const signedUp = shift.volunteerIds.length + (shift.guests ?? []).length;
        if (input.needed < signedUp) throw badRequest('needed', `must be at least the ${signedUp} volunteers already signed up`);
        set.needed = input.needed;
        set.remaining = input.needed - signedUp;
      }
      // Conditional on the version read: a sign-up in between bumps it, so `remaining` is never
      // computed from a stale volunteer count.
      const updated = await this.pending.update(
        this.shifts,
        { _id: shift._id, version: shift.version },
        { $set: set, $inc: { version: 1 } },
        newOperation('shift.updated', user.id),
      );
      if (updated) return appendedData(updated, 'shift');
      shift = await this.load(shiftId);
      if (input.version !== undefined || attempt >= MAX_EDIT_ATTEMPTS) throw staleVersion(await this.view(shift));
    }
  }

  async remove(user: AuthUser, shiftId: string): Promise<void> {
    const { child: shift, grant, event } = await this.requireShift(user, shiftId, 'project.write');
    this.access.requireEventEditor(grant, event);
    const deleted = await this.pending.remove(this.shifts, { _id: shift._id, ...NOT_BEING_REMOVED }, newOperation('shift.deleted', user.id));
    if (!deleted) throw notFound('Shift');
  }

  /**
   * Signs the caller up. One conditional update decides: it applies only while places remain and
   * the caller is not on the list yet, so racing sign-ups never exceed `needed`. Signing up again
   * answers the shift as it is (a retry is harmless); a full shift answers 409 with the shift.
   */
  async signUp(user: AuthUser, shiftId: string, associationId?: string): Promise<ShiftView> {
    const { child: shift, grant } = await this.access.requireProjectChild(user.id, this.shifts, shiftId, 'project.write', 'Shift');
    const givenFor = this.volunteerAssociation(grant.activeAssociationIds, associationId);
    const me = new Types.ObjectId(user.id);
    const updated = await this.pending.update(
      this.shifts,
      { _id: shift._id, remaining: { $gt: 0 }, volunteerIds: { $ne: me }, ...NOT_BEING_REMOVED },
      {
        $inc: { remaining: -1, version: 1 },
        $push: { volunteerIds: me },
        ...(givenFor ? { $set: { [`volunteerAssociations.${user.id}`]: new Types.ObjectId(givenFor) } } : {}),
      },
      newOperation('shift.signed_up', user.id),
    );
    if (updated) return appendedData(updated, 'shift');
    const current = await this.load(shiftId);
    const view = await this.view(current);
    if (current.volunteerIds.some((id) => id.equals(me))) return view;
    throw conflict('This shift already has all the volunteers it needs', { code: 'shift_full', current: view });
  }

  /**
   * The association a volunteer gives their time for: the one they name (one of theirs, active in the
   * project), else their only one; someone of several partners who names none is left unassigned
   * (attendance then picks one, as it always did).
   */
  private volunteerAssociation(activeAssociationIds: string[], requested: string | undefined): string | null {
    if (requested !== undefined) {
      if (!activeAssociationIds.includes(requested)) {
        throw badRequest('associationId', 'must be one of your associations that is an active partner of this project');
      }
      return requested;
    }
    return activeAssociationIds.length === 1 ? activeAssociationIds[0] : null;
  }

  /** Withdraws the caller; withdrawing when not signed up answers the shift as it is. */
  async withdraw(user: AuthUser, shiftId: string): Promise<ShiftView> {
    const { child: shift } = await this.access.requireProjectChild(user.id, this.shifts, shiftId, 'project.read', 'Shift');
    const updated = await this.pullVolunteer(shift._id, new Types.ObjectId(user.id), user.id);
    if (!updated) return this.view(await this.load(shiftId));
    return appendedData(updated, 'shift');
  }

  /**
   * The shift, its event and the caller's grant on their project. A shift whose event was just
   * deleted is about to go with it: it answers the same 404 as a missing one.
   */
  private async requireShift(user: AuthUser, shiftId: string, permission: ProjectPermission) {
    const { child, grant } = await this.access.requireProjectChild(user.id, this.shifts, shiftId, permission, 'Shift');
    const event = await this.events.findById(child.eventId).lean();
    if (!event) throw notFound('Shift');
    return { child, grant, event };
  }

  /** The shift as it is now, read again after the access check. */
  private async load(shiftId: string): Promise<StoredShift> {
    const shift = await this.shifts.findById(shiftId).lean();
    // A shift whose deletion is under way is gone already for readers.
    if (!shift || shift.pendingActivity?.removes) throw notFound('Shift');
    return shift;
  }

  async view(shift: StoredShift): Promise<ShiftView> {
    return (await this.views([shift]))[0];
  }

  async views(shifts: StoredShift[], withGuests = true): Promise<ShiftView[]> {
    const names = await this.users.displayNames(shifts.flatMap((shift) => shift.volunteerIds.map(String)));
    return shifts.map((shift) => toShiftView(shift, names, withGuests));
  }

  /** The shift as activity data carries it: without its guests (see toShiftView). */
  async activityView(shift: StoredShift): Promise<ShiftView> {
    return (await this.views([shift], false))[0];
  }

  /** Frees the volunteer's place; `actorId` null when the account's erasure does it. */
  private pullVolunteer(shiftId: Types.ObjectId, userId: Types.ObjectId, actorId: string | null): Promise<Completed<Shift> | null> {
    return this.pending.update(
      this.shifts,
      { _id: shiftId, volunteerIds: userId, ...NOT_BEING_REMOVED },
      { $pull: { volunteerIds: userId }, $unset: { [`volunteerAssociations.${String(userId)}`]: '' }, $inc: { remaining: 1, version: 1 } },
      newOperation('shift.withdrawn', actorId),
    );
  }

  private checkTimes(event: Pick<StoredEvent, 'start' | 'end'>, start: Date, end: Date, endField: 'start' | 'end'): void {
    if (end <= start) throw badRequest(endField, endField === 'end' ? 'must be after start' : 'must be before end');
    if (end.getTime() - start.getTime() > MAX_SHIFT_MS) throw badRequest(endField, 'must be at most 24 hours from the other end of the shift');
    if (start.getTime() < new Date(event.start).getTime() - SHIFT_MARGIN_MS) throw badRequest('start', 'must be at most 48 hours before the event starts');
    if (end.getTime() > new Date(event.end).getTime() + SHIFT_MARGIN_MS) throw badRequest('end', 'must be at most 48 hours after the event ends');
  }

  private async exportUserData(userId: string) {
    const me = new Types.ObjectId(userId);
    const [signups, created] = await Promise.all([
      this.shifts.find({ volunteerIds: me }).sort({ start: 1 }).lean(),
      this.events.find({ createdBy: me }).sort({ start: 1 }).lean(),
    ]);
    return {
      shiftSignups: signups.map((shift) => ({
        shiftId: String(shift._id),
        eventId: String(shift.eventId),
        projectId: String(shift.projectId),
        label: shift.label,
        start: new Date(shift.start).toISOString(),
        end: new Date(shift.end).toISOString(),
      })),
      eventsCreated: await this.eventsService.views(created),
    };
  }

  /** Frees my places (each one a conditional update, so `remaining` stays exact) and forgets me as author. */
  private async eraseUserData(userId: string): Promise<void> {
    const me = new Types.ObjectId(userId);
    const signups = await this.shifts.find({ volunteerIds: me }, { _id: 1 }).lean();
    for (const { _id } of signups) {
      await this.pullVolunteer(_id, me, null);
    }
    await this.events.updateMany({ createdBy: me }, { $set: { createdBy: null } });
    await this.shifts.updateMany({ createdBy: me }, { $set: { createdBy: null } });
  }
}
