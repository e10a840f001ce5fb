import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { randomUUID } from 'node:crypto';
import { Model, Types } from 'mongoose';
import { conflict, invalidTransition, notFound, ProblemException } from '../../common/errors/problem.exception';
import { isDuplicateKeyError } from '../../common/errors/mongo-errors';
import { Resource } from '../schemas/resource.schema';
import { MAX_BOOKING_MS, peakUsage, Usage } from '../time-windows';
import { bookingView, busySlotView, LeanBooking } from './booking-view';
import { CapacityEntry } from './schemas/capacity-entry.schema';
import { ScheduleStamp } from './schemas/schedule-stamp.schema';
import { Booking, HOLDING_STATUSES } from './schemas/booking.schema';

const MAX_ATTEMPTS = 300;
/** The in-memory schedule keeps bookings ending after now minus this; older windows are read from the database. */
const CACHE_HORIZON_MS = 30 * 24 * 3600_000;
const NO_STAMP = 'none';

interface CachedSchedule {
  stamp: string;
  since: number;
  rows: LeanBooking[];
}

type LeanResource = Resource & { _id: Types.ObjectId };
type LeanEntry = CapacityEntry & { _id: Types.ObjectId };

/**
 * The capacity guard: the only way a booking becomes `approved`, and the only way a resource's
 * quantity goes down.
 *
 * Invariant: the approved and checked-out bookings of a resource never hold more than its quantity
 * at any instant — under racing requests and approvals, on MongoDB and FerretDB, without
 * multi-document transactions.
 *
 * Decisions are serialized per resource by a ledger (`capacity_ledger`) whose entries are numbered
 * under a unique (resourceId, version) index. An approval:
 *  1. reads the ledger's head version v;
 *  2. reads the resource (quantity) and the unsettled entries (approvals in flight, pending
 *     quantity cuts) — after step 1;
 *  3. reads the approved/checked-out bookings overlapping the window — after step 2 (from the
 *     in-memory copy when its stamp is current: an approval stamps before it settles, so an entry
 *     seen settled in step 2 was stamped before step 3 reads the stamp);
 *  4. checks capacity against those bookings plus the in-flight approvals (one per booking);
 *  5. inserts entry v+1 (its claim). The unique index admits one entry per version: of two
 *     decisions that checked the same state, one gets a duplicate-key error and starts again;
 *  6. sets the booking approved (if still pending), stamps the change, then settles its entry.
 *
 * Why inserts and not a counter bumped by a conditional update: FerretDB v1 runs a conditional
 * update as a read then a write, so two "compare-and-set"s can both win; a unique index cannot be
 * fooled. Why an entry and not the version alone: between my step 5 and my step 6, another approver
 * could read version v+1 and bookings that do not show mine yet; my unsettled entry makes my
 * approval count from the instant the version moves. Once v exists, every version up to v exists
 * (each was inserted as head+1), so step 2 sees every earlier entry: unsettled (counted) or settled
 * after its booking was approved (then seen in step 3, which comes later) or after it could no
 * longer be approved.
 *
 * Crashes: a crash between steps 5 and 6 leaves an unsettled entry of a pending booking; it keeps
 * counting (capacity wasted, never over-booked) until that booking is decided: an approval of the
 * same booking ignores its own old entries, a reject or cancel makes the entry dead. Releasing units
 * (reject, cancel, early return) only lowers usage and needs no guard: a check that read the older,
 * higher usage merely errs on the safe side.
 */
@Injectable()
export class CapacityLedger {
  private readonly logger = new Logger(CapacityLedger.name);

  constructor(
    @InjectModel(Resource.name) private readonly resources: Model<Resource>,
    @InjectModel(Booking.name) private readonly bookings: Model<Booking>,
    @InjectModel(CapacityEntry.name) private readonly ledger: Model<CapacityEntry>,
    @InjectModel(ScheduleStamp.name) private readonly stamps: Model<ScheduleStamp>,
  ) {}

  /**
   * Per resource, the approved and checked-out bookings as last read, with the stamp read just
   * before. FerretDB v1 pushes only _id lookups down to its storage, so a bookings query scans the
   * whole collection; this copy turns most reads into one small read of the stamps.
   */
  private readonly schedules = new Map<string, CachedSchedule>();

  /**
   * Marks a change of a resource's held bookings; called AFTER the booking is written (and, for an
   * approval, BEFORE its ledger entry is settled), so that a copy read with an older stamp is
   * never taken for current.
   */
  async touch(resourceId: Types.ObjectId): Promise<void> {
    await this.stamps.replaceOne({ _id: resourceId }, { _id: resourceId, stamp: randomUUID() }, { upsert: true });
  }

  /** Approved and checked-out bookings overlapping [start, end) (bookings last at most 90 days). */
  async holding(resourceIds: Types.ObjectId[], start: Date, end: Date, excludeId?: Types.ObjectId): Promise<LeanBooking[]> {
    if (!resourceIds.length) return [];
    const now = Date.now();
    if (start.getTime() < now - CACHE_HORIZON_MS + 1) return this.readHolding(resourceIds, start, end, excludeId);
    // The stamps first: a copy is current only if no change was stamped after it was read.
    const stampRows = await this.stamps.find({ _id: resourceIds.length === 1 ? resourceIds[0] : { $in: resourceIds } }).lean();
    let stampOf = new Map(stampRows.map((row) => [String(row._id), row.stamp]));
    const stale = resourceIds.filter((id) => {
      const cached = this.schedules.get(String(id));
      return !cached || cached.stamp !== (stampOf.get(String(id)) ?? NO_STAMP) || cached.since > start.getTime();
    });
    if (stale.length) {
      // Any query but by _id costs a full scan on FerretDB: when a resource was never read, read
      // every resource's schedule in that one scan.
      const everything = stale.some((id) => !this.schedules.has(String(id)));
      if (everything) stampOf = new Map((await this.stamps.find({}).lean()).map((row) => [String(row._id), row.stamp]));
      const since = now - CACHE_HORIZON_MS;
      const rows = await this.bookings
        .find({
          ...(everything ? {} : { resourceId: stale.length === 1 ? stale[0] : { $in: stale } }),
          status: { $in: HOLDING_STATUSES },
          end: { $gt: new Date(since) },
        })
        .lean<LeanBooking[]>();
      const fresh = new Map<string, LeanBooking[]>(stale.map((id) => [String(id), []]));
      if (everything) for (const id of stampOf.keys()) fresh.set(id, []);
      for (const row of rows) {
        const id = String(row.resourceId);
        const list = fresh.get(id) ?? [];
        list.push(row);
        fresh.set(id, list);
      }
      for (const [id, list] of fresh) this.schedules.set(id, { stamp: stampOf.get(id) ?? NO_STAMP, since, rows: list });
    }
    const result: LeanBooking[] = [];
    for (const id of resourceIds) {
      for (const row of this.schedules.get(String(id))?.rows ?? []) {
        if (row.start < end && row.end > start && !(excludeId && row._id.equals(excludeId))) result.push(row);
      }
    }
    return result.sort((a, b) => a.start.getTime() - b.start.getTime());
  }

  private readHolding(resourceIds: Types.ObjectId[], start: Date, end: Date, excludeId?: Types.ObjectId): Promise<LeanBooking[]> {
    return this.bookings
      .find({
        resourceId: resourceIds.length === 1 ? resourceIds[0] : { $in: resourceIds },
        status: { $in: HOLDING_STATUSES },
        start: { $lt: end, $gt: new Date(start.getTime() - MAX_BOOKING_MS) },
        end: { $gt: start },
        ...(excludeId ? { _id: { $ne: excludeId } } : {}),
      })
      .sort({ start: 1 })
      .lean<LeanBooking[]>();
  }

  /** Units free during all of [from, to), per resource id. */
  async available(resources: Pick<LeanResource, '_id' | 'quantity'>[], from: Date, to: Date): Promise<Map<string, number>> {
    const rows = resources.length ? await this.holding(resources.map((r) => r._id), from, to) : [];
    const byResource = new Map<string, Usage[]>();
    for (const row of rows) {
      const key = String(row.resourceId);
      const list = byResource.get(key) ?? [];
      list.push(row);
      byResource.set(key, list);
    }
    return new Map(resources.map((r) => [String(r._id), Math.max(0, r.quantity - peakUsage(byResource.get(String(r._id)) ?? [], from, to))]));
  }

  /** A non-binding check (pending requests reserve nothing): the bookings in the way, or []. */
  async conflictsFor(resource: Pick<LeanResource, '_id' | 'quantity'>, start: Date, end: Date, quantity: number): Promise<LeanBooking[]> {
    const holding = await this.holding([resource._id], start, end);
    return peakUsage(holding, start, end) + quantity > resource.quantity ? holding : [];
  }

  /** pending → approved under the capacity guard; 409 `conflicts` when the units are not free. */
  async approve(bookingId: Types.ObjectId, decision: Partial<Booking>): Promise<LeanBooking> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const booking = await this.bookings.findById(bookingId).lean<LeanBooking>();
      if (!booking) throw notFound('Booking');
      if (booking.status !== 'pending') throw invalidTransition('booking', 'approve', bookingView(booking));

      const version = await this.headVersion(booking.resourceId); // step 1
      const state = await this.state(booking.resourceId, bookingId); // step 2
      if (state.resource.status === 'archived') throw conflict('This resource is archived', { code: 'resource_archived' });
      const holding = await this.holding([booking.resourceId], booking.start, booking.end, bookingId); // step 3
      const held = new Set(holding.map((row) => String(row._id)));
      const inFlight = state.inFlight.filter((entry) => !held.has(String(entry.bookingId)));
      const usages: Usage[] = [...holding, ...inFlight.map((entry) => ({ start: entry.start!, end: entry.end!, quantity: entry.quantity }))];
      if (peakUsage(usages, booking.start, booking.end) + booking.quantity > state.quantity) {
        throw await this.conflictError(holding, inFlight, booking, state.quantity); // step 4
      }

      let entry: LeanEntry;
      try {
        entry = (
          await this.ledger.create({
            resourceId: booking.resourceId,
            version: version + 1,
            kind: 'approval',
            bookingId,
            start: booking.start,
            end: booking.end,
            quantity: booking.quantity,
            at: new Date(),
          })
        ).toObject() as LeanEntry; // step 5
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        await backOff(attempt);
        continue;
      }

      const approved = await this.bookings
        .findOneAndUpdate({ _id: bookingId, status: 'pending' }, { $set: { ...decision, status: 'approved' }, $inc: { version: 1 } }, { new: true })
        .lean<LeanBooking>(); // step 6
      if (approved) await this.touch(booking.resourceId);
      await this.ledger.updateOne({ _id: entry._id }, { $set: { settled: true } });
      if (approved) return approved;
      // The booking left `pending` meanwhile (cancelled, or approved by someone else): the next round says so.
    }
    this.logger.warn(`Gave up approving booking ${bookingId} after ${MAX_ATTEMPTS} attempts`);
    throw busy();
  }

  /**
   * Lowers (or raises) a resource's quantity. A cut is announced in the ledger first, so that every
   * approval from then on respects it; it lands only if what is booked from now on fits.
   */
  async changeQuantity(resourceId: Types.ObjectId, quantity: number, apply: () => Promise<LeanResource | null>): Promise<LeanResource | null> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const version = await this.headVersion(resourceId);
      let entry: LeanEntry;
      try {
        entry = (await this.ledger.create({ resourceId, version: version + 1, kind: 'quantity', quantity, at: new Date() })).toObject() as LeanEntry;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        await backOff(attempt);
        continue;
      }
      try {
        const now = new Date();
        const state = await this.state(resourceId);
        const future = await this.bookings.find({ resourceId, status: { $in: HOLDING_STATUSES }, end: { $gt: now } }).lean<LeanBooking[]>();
        const held = new Set(future.map((row) => String(row._id)));
        const usages: Usage[] = [
          ...future,
          ...state.inFlight.filter((e) => !held.has(String(e.bookingId))).map((e) => ({ start: e.start!, end: e.end!, quantity: e.quantity })),
        ];
        const horizon = new Date(Math.max(now.getTime() + 1, ...usages.map((usage) => new Date(usage.end).getTime())));
        if (peakUsage(usages, now, horizon) > quantity) {
          throw bookingConflict(future, quantity, 'Approved bookings already hold more units than this quantity');
        }
        return await apply();
      } finally {
        await this.ledger.updateOne({ _id: entry._id }, { $set: { settled: true } });
      }
    }
    throw busy();
  }

  private async headVersion(resourceId: Types.ObjectId): Promise<number> {
    const head = await this.ledger.findOne({ resourceId }, { version: 1 }).sort({ version: -1 }).lean();
    return head?.version ?? 0;
  }

  /**
   * The resource's quantity (capped by pending cuts) and the approvals in flight — one per booking,
   * not counting `ownBookingId`. Entries that can no longer land are settled on the way.
   */
  private async state(resourceId: Types.ObjectId, ownBookingId?: Types.ObjectId): Promise<{ resource: LeanResource; quantity: number; inFlight: LeanEntry[] }> {
    const [resource, unsettled] = await Promise.all([
      this.resources.findById(resourceId).lean<LeanResource>(),
      this.ledger.find({ resourceId, settled: false }).lean<LeanEntry[]>(),
    ]);
    if (!resource) throw notFound('Resource');
    let quantity = resource.quantity;
    for (const entry of unsettled) if (entry.kind === 'quantity') quantity = Math.min(quantity, entry.quantity);
    const approvals = unsettled.filter((entry) => entry.kind === 'approval' && !(ownBookingId && entry.bookingId!.equals(ownBookingId)));
    if (!approvals.length) return { resource, quantity, inFlight: [] };
    const rows = await this.bookings.find({ _id: { $in: approvals.map((entry) => entry.bookingId) } }, { status: 1 }).lean();
    const pending = new Set(rows.filter((row) => row.status === 'pending').map((row) => String(row._id)));
    const inFlight = new Map<string, LeanEntry>();
    const dead: Types.ObjectId[] = [];
    for (const entry of approvals) {
      // Approved: counted through the bookings read that follows. Otherwise it can never land.
      if (!pending.has(String(entry.bookingId))) dead.push(entry._id);
      else inFlight.set(String(entry.bookingId), entry);
    }
    if (dead.length) await this.ledger.updateMany({ _id: { $in: dead } }, { $set: { settled: true } });
    return { resource, quantity, inFlight: [...inFlight.values()] };
  }

  private async conflictError(holding: LeanBooking[], inFlight: LeanEntry[], booking: Pick<LeanBooking, 'start' | 'end'>, quantity: number) {
    const claimed = inFlight.length ? await this.bookings.find({ _id: { $in: inFlight.map((entry) => entry.bookingId) } }).lean<LeanBooking[]>() : [];
    const inTheWay = [...holding, ...claimed].filter((row) => row.start < booking.end && row.end > booking.start);
    return bookingConflict(inTheWay, quantity);
  }
}

export function bookingConflict(conflicts: LeanBooking[], quantity: number, detail = 'The resource is not free for this time range') {
  return conflict(detail, { code: 'booking_conflict', quantity, conflicts: conflicts.map((row) => busySlotView(row)) });
}

const busy = () => new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'This resource is very busy; try again', { code: 'resource_busy' });

/** Random, growing pauses so that racing approvers do not collide in lockstep. */
function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 + attempt * 2, 40)));
}
