import type { GuestSignupCreated, GuestSignupView } from '@maillage/contract';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical from 'ical-generator';
import { DateTime } from 'luxon';
import { Model, Types } from 'mongoose';
import { createHash, randomBytes } from 'node:crypto';
import { Completed, newOperation, PendingActivityService } from '../activity/pending-activity.service';
import { NOT_BEING_REMOVED, PendingActivity } from '../activity/schemas/pending-activity.schema';
import { FEED_TIME_ZONE } from '../calendar/calendar-feed.service';
import { AccessService } from '../common/access/access.service';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { DomainEvent, GuestSignedUp } from '../common/domain-events';
import { badRequest, conflict, notFound, ProblemException } from '../common/errors/problem.exception';
import { oid } from '../common/ids';
import { StoredEvent, StoredShift } from '../events/event-views';
import { ProjectEvent } from '../events/schemas/event.schema';
import { Guest, Shift } from '../events/schemas/shift.schema';
import { ShiftsService } from '../events/shifts.service';
import { OpenDoorsClock } from './clock';
import { GuestSignupDto } from './dto/guest-signup.dto';
import { PublicEventsService } from './public-events.service';

/** A guest's personal link: the shift's id (24 hex) then a 192-bit secret (32 URL-safe characters). */
const MANAGE_TOKEN = /^([0-9a-f]{24})([\w-]{32})$/;
/** Removing a guest rewrites the list read before: it retries this often when other writes land in between. */
const MAX_ATTEMPTS = 20;

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * People without an account sign up for the shifts of a public event (open doors).
 *
 * A place is taken by one conditional update of the shift, as a member's sign-up is: it applies only
 * while `remaining > 0`, the shift has not started, and nobody with the same e-mail or phone holds a
 * place, so racing sign-ups (members and guests together) never exceed `needed`. The guest gets a
 * personal link whose secret only they hold (its SHA-256 is stored) to see or cancel.
 */
@Injectable()
export class GuestSignupsService implements OnModuleInit {
  constructor(
    @InjectModel(Shift.name) private readonly shifts: Model<Shift>,
    @InjectModel(ProjectEvent.name) private readonly events: Model<ProjectEvent>,
    private readonly shiftsService: ShiftsService,
    private readonly publicEvents: PublicEventsService,
    private readonly access: AccessService,
    private readonly pending: PendingActivityService,
    private readonly clock: OpenDoorsClock,
    private readonly emitter: EventEmitter2,
  ) {}

  onModuleInit(): void {
    const guestChange = async (row: StoredShift, operation: PendingActivity) => ({
      shift: await this.shiftsService.activityView(row),
      guestId: String(operation.detail?.guestId),
    });
    this.pending.register<Shift>({
      model: this.shifts,
      projectOf: (row) => row.projectId,
      build: { 'shift.guest_signed_up': guestChange, 'shift.guest_cancelled': guestChange, 'shift.guest_removed': guestChange },
    });
  }

  /** `eventId`: the page's event, when the sign-up comes from its form (the shift must be one of its). */
  async signUp(shiftId: string, input: GuestSignupDto, eventId?: Types.ObjectId): Promise<GuestSignupCreated> {
    const email = input.email?.trim() || null;
    const phone = input.phone?.trim() || null;
    if (!email && !phone) throw badRequest('email', 'give an e-mail address or a phone number (one is enough)');
    const shift = await this.loadShift(shiftId);
    if (eventId && !shift.eventId.equals(eventId)) throw notFound('Shift');
    const event = await this.publicEvents.publicEventOfShift(shift);
    const secret = randomBytes(24).toString('base64url');
    const manageToken = `${String(shift._id)}${secret}`;
    // The honeypot was filled: a robot. It is told what a person is told, and nothing is kept.
    if (input.website) return { manageToken, manageUrl: this.manageUrl(manageToken) };

    const now = this.clock.now();
    const contactKey = sha256(email ? `email:${email.toLowerCase()}` : `phone:${phone?.replace(/[^\d+]/g, '')}`);
    const guest: Guest = { id: new Types.ObjectId(), name: input.name, email, phone, secretHash: sha256(secret), contactKey, signedUpAt: now, erasedAt: null };
    const updated = await this.pending.update(
      this.shifts,
      { _id: shift._id, remaining: { $gt: 0 }, start: { $gt: now }, guestContactKeys: { $ne: contactKey }, ...NOT_BEING_REMOVED },
      { $inc: { remaining: -1, version: 1 }, $push: { guests: guest, guestContactKeys: contactKey }, $set: { holdsGuestData: true } },
      newOperation('shift.guest_signed_up', null, { guestId: String(guest.id) }),
    );
    if (!updated) throw await this.refusal(shift._id, contactKey);

    const manageUrl = this.manageUrl(manageToken);
    const announced: GuestSignedUp = {
      name: input.name,
      email,
      phone,
      manageUrl,
      eventTitle: event.title,
      shiftLabel: shift.label,
      shiftStart: new Date(shift.start).toISOString(),
    };
    this.emitter.emit(DomainEvent.GuestSignedUp, announced);
    return { manageToken, manageUrl };
  }

  async get(manageToken: string): Promise<GuestSignupView> {
    const { shift, guest, event } = await this.byToken(manageToken);
    return {
      name: guest.name ?? '',
      email: guest.email,
      phone: guest.phone,
      signedUpAt: new Date(guest.signedUpAt).toISOString(),
      shift: this.publicEvents.shiftView(shift),
      event: {
        slug: event.isPublic ? event.publicSlug : null,
        title: event.title,
        start: new Date(event.start).toISOString(),
        end: new Date(event.end).toISOString(),
        location: event.location ?? null,
      },
      icsUrl: `${this.manageUrl(manageToken).replace('/e/inscription/', '/api/public/signups/')}/shift.ics`,
    };
  }

  /** The guest frees their place. Their link stops working. */
  async cancel(manageToken: string): Promise<void> {
    const { shift, guest } = await this.byToken(manageToken);
    const done = await this.pullGuest(shift, guest.id, newOperation('shift.guest_cancelled', null, { guestId: String(guest.id) }));
    if (!done) throw notFound('Sign-up');
  }

  /** The shift as an iCalendar file, for the guest's own calendar. */
  async ics(manageToken: string): Promise<string> {
    const { shift, event } = await this.byToken(manageToken);
    const calendar = ical({
      name: event.title,
      prodId: { company: 'Maillage', product: 'Maillage', language: 'FR' },
      timezone: { name: null, generator: getVtimezoneComponent },
    });
    const paris = (date: Date) => DateTime.fromJSDate(new Date(date), { zone: FEED_TIME_ZONE });
    calendar.createEvent({
      id: `shift-${String(shift._id)}@maillage`,
      sequence: shift.version,
      stamp: shift.updatedAt,
      timezone: FEED_TIME_ZONE,
      start: paris(shift.start),
      end: paris(shift.end),
      summary: `Bénévolat : ${shift.label} — ${event.title}`,
      description: event.description || null,
      location: event.location ?? null,
      url: event.isPublic && event.publicSlug ? this.publicEvents.pageUrl(event.publicSlug) : null,
    });
    return calendar.toString();
  }

  /** An organizer (a member of the organizing association or a coordinator admin) removes a guest. */
  async remove(user: AuthUser, shiftId: string, guestId: string): Promise<void> {
    const { child: shift, grant } = await this.access.requireProjectChild(user.id, this.shifts, shiftId, 'project.write', 'Shift');
    const event = await this.events.findById(shift.eventId, { organizerAssociationId: 1 }).lean();
    if (!event) throw notFound('Shift');
    this.access.requireEventEditor(grant, event);
    const done = await this.pullGuest(shift, oid(guestId), newOperation('shift.guest_removed', user.id, { guestId }));
    if (!done) throw notFound('Guest');
  }

  manageUrl(manageToken: string): string {
    return this.publicEvents.pageUrl('inscription/' + manageToken);
  }

  /** Why a sign-up did not apply, read from the shift as it is now. */
  private async refusal(shiftId: Types.ObjectId, contactKey: string): Promise<ProblemException> {
    const current = await this.shifts.findOne({ _id: shiftId, ...NOT_BEING_REMOVED }, { guests: 0 }).lean<StoredShift>();
    if (!current) return notFound('Shift');
    if ((current.guestContactKeys ?? []).includes(contactKey)) {
      return conflict('Someone with this e-mail or phone already signed up for this shift', { code: 'already_signed_up' });
    }
    const shift = this.publicEvents.shiftView(current);
    const otherShifts = (await this.publicEvents.upcomingShifts(current.eventId)).filter((other) => other.open && other.id !== shift.id);
    if (new Date(current.start).getTime() <= this.clock.now().getTime()) {
      return conflict('This shift has started: sign-up is closed', { code: 'shift_started', shift, otherShifts } as Record<string, unknown>);
    }
    return conflict('This shift is full', { code: 'shift_full', shift, otherShifts } as Record<string, unknown>);
  }

  /** The shift, its event and the guest behind a personal link; any mismatch is the same 404. */
  private async byToken(manageToken: string): Promise<{ shift: StoredShift; guest: Guest; event: StoredEvent }> {
    const parts = MANAGE_TOKEN.exec(typeof manageToken === 'string' ? manageToken : '');
    const shift = parts ? await this.shifts.findOne({ _id: new Types.ObjectId(parts[1]), ...NOT_BEING_REMOVED }).lean<StoredShift>() : null;
    const secretHash = parts ? sha256(parts[2]) : null;
    const guest = shift?.guests?.find((entry) => entry.secretHash !== null && entry.secretHash === secretHash);
    const event = shift && guest ? await this.events.findOne({ _id: shift.eventId, ...NOT_BEING_REMOVED }).lean<StoredEvent>() : null;
    if (!shift || !guest || !event) throw notFound('Sign-up');
    return { shift, guest, event };
  }

  private async loadShift(shiftId: string): Promise<StoredShift> {
    const shift = await this.shifts.findOne({ _id: oid(shiftId), ...NOT_BEING_REMOVED }, { guests: 0 }).lean<StoredShift>();
    if (!shift) throw notFound('Shift');
    return shift;
  }

  /**
   * Frees a guest's place. FerretDB v1 has no $pull by condition on sub-documents: the list is
   * rewritten, conditioned on the version read, and read again when another write came in between.
   */
  private async pullGuest(row: StoredShift, guestId: Types.ObjectId, operation: PendingActivity): Promise<Completed<Shift> | null> {
    for (let attempt = 1, current: StoredShift | null = row; current && attempt <= MAX_ATTEMPTS; attempt++) {
      const guest = (current.guests ?? []).find((entry) => entry.id.equals(guestId));
      if (!guest) return null;
      const updated = await this.pending.update(
        this.shifts,
        { _id: current._id, version: current.version, ...NOT_BEING_REMOVED },
        {
          $set: {
            guests: current.guests.filter((entry) => !entry.id.equals(guestId)),
            guestContactKeys: (current.guestContactKeys ?? []).filter((key) => key !== guest.contactKey),
          },
          $inc: { remaining: 1, version: 1 },
        },
        operation,
      );
      if (updated) return updated;
      current = await this.shifts.findOne({ _id: current._id, ...NOT_BEING_REMOVED }).lean<StoredShift>();
    }
    throw conflict('The shift keeps changing; try again', { code: 'stale_version' });
  }
}
