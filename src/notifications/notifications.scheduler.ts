import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app.config';
import { Decision } from '../decisions/schemas/decision.schema';
import { Shift } from '../events/schemas/shift.schema';
import { layoutMail } from '../mail/mail-layout';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { Booking } from '../resources/bookings/schemas/booking.schema';
import { Locale, User } from '../users/schemas/user.schema';
import { MAIL_WORDS } from './notification-texts';
import { NotificationsListener } from './notifications.listener';
import { NotificationsService } from './notifications.service';
import { Notification, NotificationJob, NotificationSettingsRow } from './schemas/notification.schema';

const DAY_MS = 24 * 60 * 60_000;
/** The daily digest goes out at this hour of Paris time (or at the first tick after, when the app was down). */
const DIGEST_HOUR = 18;
const PARIS = 'Europe/Paris';

/** The calendar day and hour in Paris of an instant. */
export function parisClock(now: Date): { day: string; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: PARIS, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/**
 * Time-driven notifications: shift and decision reminders (24 h before), overdue loans (the day after the due
 * return), the daily digest (18:00 Paris). Every instance ticks; none needs to be "the" scheduler:
 * each reminder's source key makes it once per recipient, and a digest is queued under
 * `digest:<user>:<day>`, so two instances, a retry or a catch-up after downtime change nothing.
 * A tick looks at what is due now, so what fell due while every instance was down goes out at the
 * first tick after.
 */
@Injectable()
export class NotificationsScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationsScheduler.name);
  private timer?: NodeJS.Timeout;
  private firstTick?: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  constructor(
    private readonly notifications: NotificationsService,
    private readonly listener: NotificationsListener,
    private readonly mail: MailOutboxService,
    @InjectModel(Shift.name) private readonly shifts: Model<Shift>,
    @InjectModel(Booking.name) private readonly bookings: Model<Booking>,
    @InjectModel(Decision.name) private readonly decisions: Model<Decision>,
    @InjectModel(Notification.name) private readonly stored: Model<Notification>,
    @InjectModel(NotificationSettingsRow.name) private readonly settings: Model<NotificationSettingsRow>,
    @InjectModel(NotificationJob.name) private readonly jobs: Model<NotificationJob>,
    @InjectModel(User.name) private readonly users: Model<User>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.notificationTickSeconds) return;
    this.timer = setInterval(() => void this.tick(new Date()), this.config.notificationTickSeconds * 1000);
    this.timer.unref();
    // A first pass soon after start: the catch-up after downtime.
    this.firstTick = setTimeout(() => void this.tick(new Date()), 5_000);
    this.firstTick.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    clearTimeout(this.firstTick);
  }

  /** One pass at `now`; overlapping calls share the pass in progress. */
  tick(now: Date): Promise<void> {
    this.running ??= (async () => {
      for (const [what, job] of [
        ['shift reminders', () => this.remindShifts(now)],
        ['decision reminders', () => this.remindDecisions(now)],
        ['overdue loans', () => this.flagOverdueLoans(now)],
        ['daily digest', () => this.sendDigests(now)],
      ] as const) {
        await job().catch((error: unknown) => this.logger.warn(`Could not run the ${what}: ${String(error)}`));
      }
    })().finally(() => (this.running = null));
    return this.running;
  }

  /** Volunteers of shifts starting within 24 h; "shift.reminder:<shift>:<start>" (a moved shift reminds again). */
  async remindShifts(now: Date): Promise<void> {
    const soon = await this.shifts.find({ start: { $gt: now, $lte: new Date(now.getTime() + DAY_MS) } }).lean<(Shift & { _id: Types.ObjectId })[]>();
    for (const shift of soon.filter((row) => row.volunteerIds.length)) {
      const projectId = String(shift.projectId);
      await this.notifications.deliver({
        kind: 'shift.reminder',
        source: `shift.reminder:${String(shift._id)}:${new Date(shift.start).toISOString()}`,
        projectId,
        recipients: shift.volunteerIds.map(String),
        facts: { label: shift.label, at: new Date(shift.start).toISOString(), projectTitle: await this.listener.projectTitle(projectId) },
        link: `/projects/${projectId}`,
      });
    }
  }

  /** Loans still out on the day after their due return (Paris days): the borrower and their association's admins. */
  async flagOverdueLoans(now: Date): Promise<void> {
    const today = parisClock(now).day;
    const out = await this.bookings.find({ status: 'checked_out', end: { $lt: now } }).lean<(Booking & { _id: Types.ObjectId })[]>();
    for (const booking of out) {
      if (parisClock(new Date(booking.end)).day >= today) continue;
      const admins = await this.listener.adminsOf([String(booking.requesterAssociationId)]);
      await this.notifications.deliver({
        kind: 'loan.overdue',
        source: `loan.overdue:${String(booking._id)}:${new Date(booking.end).toISOString()}`,
        recipients: [...(booking.requestedBy ? [String(booking.requestedBy)] : []), ...admins],
        facts: { resourceName: await this.listener.resourceName(String(booking.resourceId)), at: new Date(booking.end).toISOString() },
        link: '/bookings',
      });
    }
  }

  /** Open decisions closing within 24 h: the admins of their electorate; "decision.closing:<decision>:<closesAt>". */
  async remindDecisions(now: Date): Promise<void> {
    const closing = await this.decisions
      .find({ status: 'open', closesAt: { $gt: now, $lte: new Date(now.getTime() + DAY_MS) } })
      .lean<(Decision & { _id: Types.ObjectId })[]>();
    for (const decision of closing) {
      const projectId = String(decision.projectId);
      await this.notifications.deliver({
        kind: 'decision.closing',
        source: `decision.closing:${String(decision._id)}:${new Date(decision.closesAt).toISOString()}`,
        projectId,
        recipients: await this.listener.adminsOf(decision.electorate.map(String)),
        facts: { label: decision.title, at: new Date(decision.closesAt).toISOString(), projectTitle: await this.listener.projectTitle(projectId) },
        link: `/projects/${projectId}/decisions/${String(decision._id)}`,
      });
    }
  }

  /**
   * From 18:00 Paris, once a day: each `daily` user's unread notifications not yet in a digest, in
   * one e-mail. The day's run is claimed (one instance does the work); the per-user outbox key is
   * what guarantees a single digest even if two runs overlap.
   */
  async sendDigests(now: Date): Promise<void> {
    const { day, hour } = parisClock(now);
    if (hour < DIGEST_HOUR || !this.mail.enabled) return;
    try {
      await this.jobs.create({ _id: `digest:${day}`, claimedAt: now });
    } catch (error) {
      if (isDuplicateKeyError(error)) return;
      throw error;
    }
    const daily = await this.settings.find({ email: 'daily' }, { _id: 1 }).lean();
    for (const { _id: userId } of daily) {
      const items = await this.stored
        .find({ userId, readAt: null, digestedAt: null, createdAt: { $lte: now } })
        .sort({ createdAt: 1 })
        .lean();
      if (!items.length) continue;
      const user = await this.users.findById(userId, { email: 1, locale: 1 }).lean();
      if (!user) continue;
      const locale: Locale = user.locale === 'en' ? 'en' : 'fr';
      const words = MAIL_WORDS[locale];
      const base = this.config.publicUrl;
      await this.mail.enqueue(
        `digest:${String(userId)}:${day}`,
        layoutMail(
          user.email,
          {
            lang: locale,
            subject: words.digestSubject(items.length),
            paragraphs: [words.digestIntro, ...items.map((item) => `• ${item.title}\n${item.body}\n${base}${item.link}`)],
            action: { label: words.open, url: `${base}/notifications` },
            footer: words.footer(`${base}/account`),
          },
          this.notifications.unsubscribeHeaders(String(userId)),
        ),
      );
      await this.stored.updateMany({ _id: { $in: items.map((item) => item._id) } }, { $set: { digestedAt: now } });
    }
  }
}
