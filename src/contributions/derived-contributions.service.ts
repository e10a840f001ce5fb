import type { ContributionValuation, ContributionView } from '@maillage/contract';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { NOT_BEING_REMOVED } from '../activity/schemas/pending-activity.schema';
import { ProjectEvent } from '../events/schemas/event.schema';
import { Shift } from '../events/schemas/shift.schema';
import { Booking } from '../resources/bookings/schemas/booking.schema';
import { Resource } from '../resources/schemas/resource.schema';
import { PeriodQueryDto } from './dto/contribution.dto';
import { roundCents } from './valuation';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day (YYYY-MM-DD) of an instant, in Europe/Paris where the associations are. */
export const parisDay = (date: Date): string => PARIS_DAY.format(date);

export const inPeriod = (day: string, period: PeriodQueryDto) => (!period.from || day >= period.from) && (!period.to || day <= period.to);
const roundHours = (ms: number) => Math.round((ms / HOUR_MS) * 100) / 100;

type LeanBooking = Booking & { _id: Types.ObjectId; createdAt?: Date; updatedAt?: Date };
type LeanShift = Shift & { _id: Types.ObjectId };
type LeanResource = Pick<Resource, 'name' | 'kind' | 'valuation'> & { _id: Types.ObjectId };

/** The rows the derived items come from: approved or returned bookings, attended shifts. */
export interface DerivedRows {
  bookings: LeanBooking[];
  resources: LeanResource[];
  shifts: LeanShift[];
  eventTitles: Map<string, string>;
}

/**
 * Contributions nobody enters, computed at each read from what happened, so they are never entered
 * twice and any change (a booking returned, a rate, an attendance) shows at once:
 *  - a booking of the project that ended approved, or was returned, is the owner's premises or
 *    material, valued at the resource's rate × its duration (a returned loan: the time it was out);
 *  - a confirmed shift attendance is the shift's hours of volunteer work for the volunteer's association.
 * Each item comes from exactly one booking or one attendance entry: nothing can count twice.
 */
@Injectable()
export class DerivedContributions {
  constructor(
    @InjectModel(Booking.name) private readonly bookings: Model<Booking>,
    @InjectModel(Resource.name) private readonly resources: Model<Resource>,
    @InjectModel(Shift.name) private readonly shifts: Model<Shift>,
    @InjectModel(ProjectEvent.name) private readonly events: Model<ProjectEvent>,
  ) {}

  /** What the derived items are computed from (ContributionLedger keeps a copy of it). */
  async rows(projectId: Types.ObjectId): Promise<DerivedRows> {
    // Every approved booking, ended or not: which have ended is decided at each read.
    const filter: FilterQuery<Booking> = { projectId, status: { $in: ['returned', 'approved'] }, ...NOT_BEING_REMOVED };
    const [bookings, shifts] = await Promise.all([
      this.bookings.find(filter).lean<LeanBooking[]>(),
      // Filtered here rather than by an array-index query, which FerretDB v1 does not match alike.
      this.shifts.find({ projectId, ...NOT_BEING_REMOVED }, { volunteerIds: 0 }).lean<LeanShift[]>(),
    ]);
    const attended = shifts.filter((row) => row.attendance?.length);
    const [resources, events] = await Promise.all([
      bookings.length
        ? this.resources
            .find({ _id: { $in: [...new Set(bookings.map((row) => String(row.resourceId)))] } }, { name: 1, kind: 1, valuation: 1 })
            .lean<LeanResource[]>()
        : [],
      attended.length ? this.events.find({ _id: { $in: attended.map((row) => row.eventId) } }, { title: 1 }).lean() : [],
    ]);
    return { bookings, resources, shifts: attended, eventTitles: new Map(events.map((event) => [String(event._id), event.title])) };
  }

  /** The derived items of `rows`, valued as of `now` (each has a date). */
  items(rows: DerivedRows, projectId: Types.ObjectId, volunteerRate: number, now = new Date()): ContributionView[] {
    return [...this.fromBookings(rows, projectId, now), ...this.fromAttendance(rows, projectId, volunteerRate)];
  }

  /** The first instant after `now` at which `items(rows, …)` would answer otherwise: an approved booking ending. */
  nextChange(rows: DerivedRows, now: Date): number {
    let next = Infinity;
    for (const row of rows.bookings) {
      const end = new Date(row.end).getTime();
      if (row.status === 'approved' && end > now.getTime() && end < next) next = end;
    }
    return next;
  }

  private fromBookings({ bookings, resources }: DerivedRows, projectId: Types.ObjectId, now: Date): ContributionView[] {
    const ended = bookings.filter((row) => row.status === 'returned' || new Date(row.end).getTime() <= now.getTime());
    if (!ended.length) return [];
    const byId = new Map(resources.map((resource) => [String(resource._id), resource]));
    return ended.map((row) => {
      const resource = byId.get(String(row.resourceId));
      const returned = row.status === 'returned';
      // A returned loan counts the time it was actually out; otherwise the booked range.
      const from = returned && row.checkedOutAt ? new Date(row.checkedOutAt) : new Date(row.start);
      const to = returned && row.returnedAt ? new Date(row.returnedAt) : new Date(row.end);
      const ms = Math.max(0, to.getTime() - from.getTime());
      const per = resource?.valuation?.per ?? 'hour';
      // A day started is a day lent, as hire is counted.
      const duration = per === 'day' ? Math.max(1, Math.ceil(ms / DAY_MS - 1e-9)) : roundHours(ms);
      const units = row.quantity ?? 1;
      const rate = resource?.valuation?.euros ?? null;
      const valuation: ContributionValuation = rate === null ? { method: 'none', rateEuros: null, per: null } : { method: 'rate', rateEuros: rate, per };
      const name = resource?.name ?? 'Ressource';
      return {
        id: `booking:${String(row._id)}`,
        projectId: String(projectId),
        associationId: String(row.ownerAssociationId),
        kind: resource?.kind === 'premise' ? 'premises' : 'material',
        description: units > 1 ? `${name} (× ${units})` : name,
        quantity: duration * units,
        unit: per === 'day' ? 'j' : 'h',
        valueEuros: rate === null ? 0 : roundCents(rate * duration * units),
        valuation,
        gift: false,
        status: 'delivered',
        date: parisDay(from),
        source: 'booking',
        origin: { bookingId: String(row._id) },
        recordedBy: null,
        version: 0,
        createdAt: row.createdAt ? new Date(row.createdAt).toISOString() : null,
        updatedAt: row.updatedAt ? new Date(row.updatedAt).toISOString() : null,
      } satisfies ContributionView;
    });
  }

  private fromAttendance({ shifts, eventTitles: titles }: DerivedRows, projectId: Types.ObjectId, volunteerRate: number): ContributionView[] {
    return shifts.flatMap((shift) => {
      const hours = roundHours(new Date(shift.end).getTime() - new Date(shift.start).getTime());
      return shift.attendance.map(
        (entry) =>
          ({
            id: `attendance:${String(entry.id)}`,
            projectId: String(projectId),
            associationId: String(entry.associationId),
            kind: 'volunteer_hours',
            description: `${titles.get(String(shift.eventId)) ?? 'Événement'} — ${shift.label}`,
            quantity: hours,
            unit: 'h',
            valueEuros: roundCents(hours * volunteerRate),
            valuation: { method: 'rate', rateEuros: volunteerRate, per: 'hour' },
            gift: false,
            status: 'delivered',
            date: parisDay(new Date(shift.start)),
            source: 'shift',
            origin: { shiftId: String(shift._id), eventId: String(shift.eventId) },
            recordedBy: null,
            version: 0,
            createdAt: new Date(entry.confirmedAt).toISOString(),
            updatedAt: new Date(entry.confirmedAt).toISOString(),
          }) satisfies ContributionView,
      );
    });
  }
}
