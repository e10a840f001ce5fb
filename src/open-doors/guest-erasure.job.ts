import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { NO_PENDING_ACTIVITY } from '../activity/schemas/pending-activity.schema';
import { isDatabaseUnavailableError, isDuplicateKeyError } from '../common/errors/mongo-errors';
import { StoredShift } from '../events/event-views';
import { ProjectEvent } from '../events/schemas/event.schema';
import { Shift } from '../events/schemas/shift.schema';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { OpenDoorsClock } from './clock';
import { GUEST_MAIL_KEY_PREFIX } from './guest-mail.listener';
import { JobRun } from './schemas/job-run.schema';

/** What the sign-up form promises: guests' names and contacts go 30 days after the event. */
export const GUEST_DATA_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;
/** Each instance looks this often whether this hour's run is done; the first to claim it runs it. */
const CHECK_EVERY_MS = 10 * 60 * 1000;
const MAX_ATTEMPTS = 20;

/**
 * Erases the guests' data of events that ended more than 30 days ago, once an hour whichever
 * instance is up. Each hour's run is claimed by inserting `guest-erasure:<hour>` (one insert wins
 * among instances). It looks at every shift still holding guest data, not at a window of time, so
 * after a downtime the first run catches up on everything that came due meanwhile; and erasing is
 * idempotent, so a run cut by a crash is finished by the next hour's.
 */
@Injectable()
export class GuestErasureJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(GuestErasureJob.name);
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    @InjectModel(Shift.name) private readonly shifts: Model<Shift>,
    @InjectModel(ProjectEvent.name) private readonly events: Model<ProjectEvent>,
    @InjectModel(JobRun.name) private readonly runs: Model<JobRun>,
    private readonly clock: OpenDoorsClock,
    private readonly mail: MailOutboxService,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => void this.runOnce().catch((error: unknown) => this.report(error));
    // A first look soon after start: the catch-up after a downtime does not wait for the interval.
    this.timers.push(setInterval(tick, CHECK_EVERY_MS), setTimeout(tick, 5_000));
    for (const timer of this.timers) timer.unref();
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }

  /** Runs this hour's erasure unless another instance (or an earlier tick) claimed it; answers whether it ran. */
  async runOnce(): Promise<boolean> {
    const now = this.clock.now();
    const key = `guest-erasure:${now.toISOString().slice(0, 13)}`;
    try {
      await this.runs.create({ _id: key, claimedAt: now, finishedAt: null });
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    const erased = await this.eraseDue(now);
    await this.runs.updateOne({ _id: key }, { $set: { finishedAt: this.clock.now() } });
    if (erased) this.logger.log({ shifts: erased }, 'Erased guest data of past events');
    return true;
  }

  /** Erases what came due by `now`; answers how many shifts it changed. */
  async eraseDue(now: Date): Promise<number> {
    const holding = await this.shifts.find({ holdsGuestData: true }, { eventId: 1 }).lean();
    if (!holding.length) return 0;
    const eventIds = [...new Set(holding.map((row) => String(row.eventId)))].map((id) => new Types.ObjectId(id));
    const events = await this.events.find({ _id: { $in: eventIds } }, { end: 1 }).lean();
    const endOf = new Map(events.map((event) => [String(event._id), new Date(event.end).getTime()]));
    const cutoff = now.getTime() - GUEST_DATA_DAYS * DAY_MS;
    let erased = 0;
    for (const row of holding) {
      const end = endOf.get(String(row.eventId));
      // An event gone meanwhile takes its shifts with it; what is left of them is due at once.
      if (end === undefined || end <= cutoff) erased += (await this.eraseShift(row._id, now)) ? 1 : 0;
    }
    return erased;
  }

  /** Keeps each guest's place and confirmed hours, without their name, contact or link. */
  private async eraseShift(shiftId: Types.ObjectId, now: Date): Promise<boolean> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await this.shifts.findById(shiftId).lean<StoredShift>();
      if (!current?.holdsGuestData) return false;
      const guests = (current.guests ?? []).map((guest) =>
        guest.erasedAt ? guest : { ...guest, name: null, email: null, phone: null, secretHash: null, contactKey: null, erasedAt: now },
      );
      const done = await this.shifts.updateOne(
        { _id: shiftId, version: current.version, ...NO_PENDING_ACTIVITY },
        { $set: { guests, guestContactKeys: [], holdsGuestData: false }, $inc: { version: 1 } },
        { timestamps: false },
      );
      if (done.modifiedCount) {
        // the link mailed to a guest is guest data too: the outbox keeps no copy past the erasure
        for (const guest of current.guests ?? []) if (!guest.erasedAt && guest.email) await this.mail.forget(guest.email, GUEST_MAIL_KEY_PREFIX);
        return true;
      }
    }
    this.logger.warn({ shiftId: String(shiftId) }, 'Guest data left for the next run: the shift kept changing');
    return false;
  }

  private report(error: unknown): void {
    if (isDatabaseUnavailableError(error)) return;
    this.logger.error({ err: error }, 'Guest data erasure failed; the next run retries');
  }
}
