import type { PublicEventView, PublicShiftView } from '@maillage/contract';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { NOT_BEING_REMOVED } from '../activity/schemas/pending-activity.schema';
import { Association } from '../associations/schemas/association.schema';
import { AccessService } from '../common/access/access.service';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { conflict, notFound } from '../common/errors/problem.exception';
import { AppConfig } from '../config/app.config';
import { APP_CONFIG } from '../config/config.module';
import { StoredEvent, StoredShift } from '../events/event-views';
import { ProjectEvent } from '../events/schemas/event.schema';
import { PublicSlug } from '../events/schemas/public-slug.schema';
import { Shift } from '../events/schemas/shift.schema';
import { Booking } from '../resources/bookings/schemas/booking.schema';
import { Resource } from '../resources/schemas/resource.schema';
import { OpenDoorsClock } from './clock';
import { renderPoster } from './poster-pdf';

/** A premise is shown once its owner granted the booking: before that the event may move elsewhere. */
const GRANTED_BOOKING_STATUSES = ['approved', 'checked_out', 'returned'];
/** The page and the API never list more shifts than this (an event has a handful). */
const MAX_PUBLIC_SHIFTS = 200;

/**
 * What anyone may read of a public event. Never a volunteer's or guest's name or contact, nothing
 * of the project but the event. A slug that is unknown, of a closed page or of an event being
 * deleted answers the same 404.
 */
@Injectable()
export class PublicEventsService {
  constructor(
    @InjectModel(ProjectEvent.name) private readonly events: Model<ProjectEvent>,
    @InjectModel(Shift.name) private readonly shifts: Model<Shift>,
    @InjectModel(PublicSlug.name) private readonly slugs: Model<PublicSlug>,
    @InjectModel(Association.name) private readonly associations: Model<Association>,
    @InjectModel(Booking.name) private readonly bookings: Model<Booking>,
    @InjectModel(Resource.name) private readonly resources: Model<Resource>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessService,
    private readonly clock: OpenDoorsClock,
  ) {}

  async bySlug(slug: string): Promise<PublicEventView> {
    const event = await this.publicEventBySlug(slug);
    return this.view(event);
  }

  /** The event behind a slug while its page is open. */
  async publicEventBySlug(slug: string): Promise<StoredEvent> {
    const entry = typeof slug === 'string' && /^[\w-]{1,64}$/.test(slug) ? await this.slugs.findById(slug).lean() : null;
    const event = entry ? await this.events.findOne({ _id: entry.eventId, ...NOT_BEING_REMOVED }).lean<StoredEvent>() : null;
    if (!event || !event.isPublic || event.publicSlug !== slug) throw notFound('Event');
    return event;
  }

  /** The event of a shift, only while its page is open: otherwise the shift does not exist for the public. */
  async publicEventOfShift(shift: StoredShift): Promise<StoredEvent> {
    const event = await this.events.findOne({ _id: shift.eventId, ...NOT_BEING_REMOVED }).lean<StoredEvent>();
    if (!event || !event.isPublic || !event.publicSlug) throw notFound('Shift');
    return event;
  }

  /** The A4 poster of a public event, for any member of the project. */
  async poster(user: AuthUser, eventId: string): Promise<Buffer> {
    const { child: event } = await this.access.requireProjectChild(user.id, this.events, eventId, 'project.read', 'Event');
    if (!event.isPublic || !event.publicSlug) throw conflict('The poster points to the public page: make the event public first', { code: 'event_not_public' });
    return renderPoster(await this.view(event));
  }

  pageUrl(slug: string): string {
    return `${this.config.publicUrl.replace(/\/$/, '')}/e/${slug}`;
  }

  async view(event: StoredEvent): Promise<PublicEventView> {
    const slug = event.publicSlug as string;
    const [shifts, associations, place] = await Promise.all([this.upcomingShifts(event._id), this.organizers(event), this.place(event)]);
    return {
      slug,
      title: event.title,
      description: event.description ?? '',
      start: new Date(event.start).toISOString(),
      end: new Date(event.end).toISOString(),
      location: event.location ?? null,
      place,
      associations,
      shifts,
      url: this.pageUrl(slug),
    };
  }

  /** Shifts not over yet, by start time. */
  async upcomingShifts(eventId: Types.ObjectId): Promise<PublicShiftView[]> {
    const now = this.clock.now();
    const rows = await this.shifts
      .find({ eventId, end: { $gt: now }, ...NOT_BEING_REMOVED }, { guests: 0, guestContactKeys: 0, volunteerIds: 0, attendance: 0, attendedIds: 0 })
      .sort({ start: 1, _id: 1 })
      .limit(MAX_PUBLIC_SHIFTS)
      .lean<StoredShift[]>();
    return rows.map((row) => this.shiftView(row));
  }

  shiftView(shift: Pick<StoredShift, '_id' | 'label' | 'start' | 'end' | 'needed' | 'remaining'>): PublicShiftView {
    return {
      id: String(shift._id),
      label: shift.label,
      start: new Date(shift.start).toISOString(),
      end: new Date(shift.end).toISOString(),
      needed: shift.needed,
      remaining: Math.max(0, shift.remaining),
      open: shift.remaining > 0 && new Date(shift.start).getTime() > this.clock.now().getTime(),
    };
  }

  /** The organizing association first, then the project's other active partners, by name. */
  private async organizers(event: StoredEvent): Promise<{ id: string; name: string }[]> {
    const partnerIds = await this.access.activePartnerIds(event.projectId);
    const organizerId = String(event.organizerAssociationId);
    const ids = [...new Set([organizerId, ...partnerIds])].map((id) => new Types.ObjectId(id));
    const rows = await this.associations.find({ _id: { $in: ids } }, { name: 1 }).lean();
    return rows
      .map((row) => ({ id: String(row._id), name: row.name }))
      .sort((a, b) => (a.id === organizerId ? -1 : b.id === organizerId ? 1 : a.name.localeCompare(b.name, 'fr')));
  }

  private async place(event: StoredEvent): Promise<PublicEventView['place']> {
    if (!event.resourceId || !event.bookingId) return null;
    const booking = await this.bookings.findById(event.bookingId, { status: 1 }).lean();
    if (!booking || !GRANTED_BOOKING_STATUSES.includes(booking.status as string)) return null;
    const resource = await this.resources.findById(event.resourceId, { name: 1, address: 1, addressIsPublic: 1 }).lean();
    if (!resource) return null;
    return { name: resource.name, address: resource.addressIsPublic && resource.address ? resource.address : null };
  }
}
