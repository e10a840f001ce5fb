import type { ShiftView } from '@maillage/contract';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { appendedData, newOperation, PendingActivityService } from '../activity/pending-activity.service';
import { NO_PENDING_ACTIVITY, NOT_BEING_REMOVED } from '../activity/schemas/pending-activity.schema';
import { AccessService } from '../common/access/access.service';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, conflict, forbidden, notFound, staleVersion } from '../common/errors/problem.exception';
import { oid } from '../common/ids';
import { UserDataRegistry } from '../users/user-data.registry';
import { AttendanceDto } from './dto/attendance.dto';
import { StoredShift } from './event-views';
import { ProjectEvent } from './schemas/event.schema';
import { Shift } from './schemas/shift.schema';
import { ShiftsService } from './shifts.service';

/** A withdrawal rewrites the list read before it: it retries this often when other writes land in between. */
const MAX_ATTEMPTS = 20;

/** Coordinator admins confirm who came to a shift: confirmed hours become the volunteer's association's contribution. */
@Injectable()
export class ShiftAttendanceService implements OnModuleInit {
  constructor(
    @InjectModel(Shift.name) private readonly shifts: Model<Shift>,
    @InjectModel(ProjectEvent.name) private readonly events: Model<ProjectEvent>,
    private readonly shiftsService: ShiftsService,
    private readonly access: AccessService,
    private readonly pending: PendingActivityService,
    private readonly registry: UserDataRegistry,
  ) {}

  onModuleInit(): void {
    this.pending.register<Shift>({
      model: this.shifts,
      projectOf: (row) => row.projectId,
      build: {
        'shift.attendance': async (row, operation) => ({
          shift: await this.shiftsService.activityView(row),
          volunteerId: String(operation.detail?.volunteerId),
          present: !!operation.detail?.present,
        }),
      },
    });
    this.registry.register({ name: 'shiftAttendance', erase: (userId) => this.eraseUserData(userId) });
  }

  /**
   * Confirms (or withdraws) a volunteer's presence. Confirming is one conditional update that
   * applies only while the volunteer is not confirmed yet: a repeat, even concurrent, answers the
   * shift as it is and stores nothing more.
   */
  async confirm(user: AuthUser, shiftId: string, input: AttendanceDto): Promise<ShiftView> {
    const { child: shift, grant } = await this.access.requireProjectChild(user.id, this.shifts, shiftId, 'project.write', 'Shift');
    if (!grant.isCoordinatorAdmin) throw forbidden('Only an admin of the coordinating association can confirm attendance');
    if (new Date(shift.start).getTime() > Date.now()) {
      throw conflict('Attendance can be confirmed once the shift has started', { code: 'shift_not_started', current: await this.shiftsService.view(shift) });
    }
    const volunteerId = oid(input.volunteerId);
    const attended = (shift.attendedIds ?? []).some((id) => id.equals(volunteerId));
    // A guest of the public page is confirmed by their guest id; their hours are the coordinator's.
    const isGuest = (shift.guests ?? []).some((guest) => guest.id.equals(volunteerId));
    if (input.present && !attended && !isGuest && !shift.volunteerIds.some((id) => id.equals(volunteerId))) {
      throw badRequest('volunteerId', 'must be a volunteer or guest signed up for this shift');
    }
    const operation = newOperation('shift.attendance', user.id, { volunteerId: input.volunteerId, present: input.present });
    if (input.present) {
      const entry = {
        id: new Types.ObjectId(),
        userId: isGuest ? null : volunteerId,
        guestId: isGuest ? volunteerId : null,
        associationId: isGuest ? grant.project.coordinatorAssociationId : await this.associationOf(shift, volunteerId, grant.project.coordinatorAssociationId),
        confirmedBy: oid(user.id),
        confirmedAt: operation.at,
      };
      const updated = await this.pending.update(
        this.shifts,
        { _id: shift._id, attendedIds: { $ne: volunteerId }, ...NOT_BEING_REMOVED },
        { $push: { attendance: entry, attendedIds: volunteerId }, $inc: { version: 1 } },
        operation,
      );
      return updated ? appendedData(updated, 'shift') : this.currentView(shift._id);
    }
    for (let attempt = 1, current: StoredShift = shift; attempt <= MAX_ATTEMPTS; attempt++) {
      if (!(current.attendedIds ?? []).some((id) => id.equals(volunteerId))) return this.shiftsService.view(current);
      // FerretDB v1 has no $pull by condition on sub-documents: the list is rewritten, conditioned on the version read.
      const updated = await this.pending.update(
        this.shifts,
        { _id: current._id, version: current.version, ...NOT_BEING_REMOVED },
        {
          $set: {
            attendance: current.attendance.filter((entry) => !entry.userId?.equals(volunteerId) && !entry.guestId?.equals(volunteerId)),
            attendedIds: current.attendedIds.filter((id) => !id.equals(volunteerId)),
          },
          $inc: { version: 1 },
        },
        operation,
      );
      if (updated) return appendedData(updated, 'shift');
      current = await this.load(shift._id);
    }
    throw staleVersion(await this.currentView(shift._id));
  }

  /**
   * The association the volunteer came for: the one they signed up for, else the event's organizer if
   * they belong to it, else the coordinator if they do, else another active partner of theirs (each
   * while they are still its member and it an active partner); someone of none of them (a guest)
   * counts for the coordinator.
   */
  private async associationOf(shift: StoredShift, volunteerId: Types.ObjectId, coordinatorId: Types.ObjectId): Promise<Types.ObjectId> {
    const event = await this.events.findById(shift.eventId, { organizerAssociationId: 1 }).lean();
    const partners = await this.access.activePartnerIds(shift.projectId);
    const roles = await this.access.rolesOf(String(volunteerId));
    const signedUpFor = shift.volunteerAssociations?.[String(volunteerId)];
    const preferred = [
      signedUpFor ? String(signedUpFor) : null,
      event ? String(event.organizerAssociationId) : null,
      String(coordinatorId),
      ...partners.sort(),
    ];
    const match = preferred.find((id) => id && roles.has(id) && partners.includes(id));
    return oid(match ?? coordinatorId);
  }

  private async load(id: Types.ObjectId): Promise<StoredShift> {
    const shift = await this.shifts.findOne({ _id: id, ...NOT_BEING_REMOVED }).lean<StoredShift>();
    if (!shift) throw notFound('Shift');
    return shift;
  }

  private async currentView(id: Types.ObjectId): Promise<ShiftView> {
    return this.shiftsService.view(await this.load(id));
  }

  /** The hours stay the association's: only the link to the person goes. */
  private async eraseUserData(userId: string): Promise<void> {
    const me = oid(userId);
    const rows = await this.shifts.find({ $or: [{ attendedIds: me }, { 'attendance.confirmedBy': me }] }).lean<StoredShift[]>();
    for (const row of rows) {
      for (let attempt = 1, current: StoredShift | null = row; current && attempt <= MAX_ATTEMPTS; attempt++) {
        const attendance = current.attendance.map((entry) => ({
          ...entry,
          userId: entry.userId?.equals(me) ? null : entry.userId,
          confirmedBy: entry.confirmedBy?.equals(me) ? null : entry.confirmedBy,
        }));
        const done = await this.shifts.updateOne(
          { _id: current._id, version: current.version, ...NO_PENDING_ACTIVITY },
          { $set: { attendance, attendedIds: current.attendedIds.filter((id) => !id.equals(me)) }, $inc: { version: 1 } },
          { timestamps: false },
        );
        if (done.modifiedCount) break;
        current = await this.shifts.findById(current._id).lean<StoredShift>();
      }
    }
  }
}
