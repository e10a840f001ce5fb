// Over 300 lines on purpose: the capacity guard is one consistency argument (ledger, claims,
// in-memory schedule, crash recovery) that reads best whole; splitting it would scatter the proof.
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { PendingActivityService } from '../../activity/pending-activity.service';
import { NO_PENDING_ACTIVITY } from '../../activity/schemas/pending-activity.schema';
import { conflict, invalidTransition, notFound, ProblemException } from '../../common/errors/problem.exception';
import { isDuplicateKeyError } from '../../common/errors/mongo-errors';
import { Resource } from '../schemas/resource.schema';
import { MAX_BOOKING_MS, peakUsage, Usage } from '../time-windows';
import { bookingView, busySlotView, LeanBooking } from './booking-view';
import { CapacityClaim } from './schemas/capacity-claim.schema';
import { CapacityEntry } from './schemas/capacity-entry.schema';
import { IdOnlyWrites } from '../../database/id-only-writes';
import { rowById } from '../../database/row-by-id';
import { ClaimedStamps, StampedCache, StampedCopy, StampHead } from '../../database/stamped-cache';
import { Booking, HOLDING_STATUSES } from './schemas/booking.schema';

const MAX_ATTEMPTS = 300;
/** The in-memory schedule keeps bookings ending after now minus this; older windows are read from the database. */
const CACHE_HORIZON_MS = 30 * 24 * 3600_000;
/** A claim older than this is taken for left behind by a crash, and finished or voided by whoever meets it. */
const STALE_CLAIM_MS = 60_000;
const RETRY = Symbol('retry');
/** The model of the schedules' stamps, one per resource (collection `stamps_resource_schedules`). */
export const SCHEDULE_STAMP = 'ResourceScheduleStamp';

/** A resource's held bookings ending after `since`, as read at one stamp. */
interface Schedule {
  since: number;
  rows: LeanBooking[];
}

/** A change of a resource's held bookings, applied to the in-memory copy along with its stamp. */
export interface ScheduleChange {
  /** The booking as now stored: kept if it holds units, dropped otherwise. */
  upsert?: LeanBooking;
  /** A booking that no longer holds units. */
  removeId?: Types.ObjectId;
}

type LeanResource = Resource & { _id: Types.ObjectId };
type LeanClaim = CapacityClaim & { _id: Types.ObjectId };
type Candidate = Pick<LeanBooking, '_id' | 'resourceId' | 'start' | 'end' | 'quantity'>;

/**
 * The capacity guard: the only way a booking becomes `approved`, and the only way a resource's
 * quantity goes down.
 *
 * Invariant: the approved and checked-out bookings of a resource never hold more than its quantity
 * at any instant — under racing requests and approvals, on MongoDB and FerretDB, without
 * multi-document transactions.
 *
 * Cost model (FerretDB v1): every query scans its whole collection, even by _id, while an insert
 * is one index probe. `bookings` and the ledger grow without bound, so a decision reads neither:
 * it reads small collections (resources, claims, stamps), the in-memory copy of held bookings,
 * and only inserts into the big ones. An auto-approved request is inserted directly as approved.
 *
 * Decisions are serialized per resource by a ledger (`capacity_ledger`, append-only) whose entries
 * are numbered under a unique (resourceId, version) index; what a decision in flight holds lives
 * in a claim (`capacity_claims`, deleted once the decision has landed). A decision:
 *  1. takes v, a ledger version known to exist: the highest this process has inserted or met as a
 *     duplicate (read from the ledger once per process, or again after repeated duplicates);
 *  2. reads the resource (quantity) and the resource's claims — after step 1;
 *  3. reads the approved/checked-out bookings overlapping the window — after step 2 (from the
 *     in-memory copy when its stamp is current);
 *  4. checks capacity against those bookings plus the claimed approvals (one per booking);
 *  5. inserts its claim, then ledger entry v+1. The unique index admits one entry per version: of
 *     two decisions that checked the same state, one gets a duplicate-key error, deletes its claim
 *     and starts again from v+1;
 *  6. lands (inserts the approved booking, or sets the pending one approved), stamps the change,
 *     then deletes its claim.
 * Why it holds: entries are gap-free (v+1 is inserted only once v is known to exist), so if I win
 * v+1, every earlier winner inserted its entry before I learned of v, hence before my step 2; its
 * claim was inserted before its entry, and is deleted only after its booking was stamped. So my
 * step 2 sees its claim (counted), or my step 3 sees its stamp, hence its booking. A later winner
 * sees my claim the same way. A version taken from memory is never too high: entries are never
 * deleted.
 * Why inserts and not a counter bumped by a conditional update: the ledger was built when FerretDB
 * ran a conditional update as a read then a write; a unique index cannot be fooled by anything.
 *
 * The in-memory copy of held bookings is a StampedCache (see there why it is never stale): whoever
 * changes held bookings writes the booking, then stamps the resource (`touch`); when the stamp it
 * claimed directly follows this process's copy, the copy is advanced with the change instead of
 * being read again (a read of `bookings` is a full scan).
 *
 * Crashes: a claim left behind keeps counting (capacity held, never over-booked). A claim older
 * than STALE_CLAIM_MS is settled by whoever meets it, through its ledger version: if its entry is
 * in the ledger, the decision had been taken, so it is finished (the booking it carries inserted,
 * or the pending booking approved if still pending), stamped, and deleted; if another entry holds
 * the version, it lost and is deleted; if no entry holds it, a `void` entry is inserted first so
 * that its author can no longer win it. A quantity cut cannot be finished for its author: its claim
 * keeps capping until the quantity is at most the cut. Releasing units (reject, cancel, early
 * return) only lowers usage and needs no guard: a check that read the older, higher usage merely
 * errs on the safe side.
 */
@Injectable()
export class CapacityLedger {
  private readonly logger = new Logger(CapacityLedger.name);

  constructor(
    @InjectModel(Resource.name) private readonly resources: Model<Resource>,
    @InjectModel(Booking.name) private readonly bookings: Model<Booking>,
    @InjectModel(CapacityEntry.name) private readonly ledger: Model<CapacityEntry>,
    @InjectModel(CapacityClaim.name) private readonly claims: Model<CapacityClaim>,
    @InjectModel(SCHEDULE_STAMP) stamps: Model<StampHead>,
    private readonly pending: PendingActivityService,
    private readonly writes: IdOnlyWrites,
  ) {
    this.schedules = new StampedCache(new ClaimedStamps(stamps), { fallback: () => this.baseline });
  }

  /**
   * Per resource, the approved and checked-out bookings as last read. A bookings query scans the
   * whole collection on FerretDB; this copy turns most reads into one small read of the stamps.
   */
  private readonly schedules: StampedCache<Schedule>;
  /**
   * What a resource absent from `schedules` holds once every schedule was read in one scan: nothing,
   * as long as it has no stamp (a resource without held bookings then is absent from that scan, and
   * any later change of its held bookings writes a stamp).
   */
  private baseline?: StampedCopy<Schedule>;
  /** Per resource, a ledger version known to exist (see step 1). */
  private readonly heads = new Map<string, number>();

  /**
   * Marks a change of a resource's held bookings; called AFTER the booking is written (and, for an
   * approval, BEFORE its claim is deleted), so that a copy read with an older stamp is never taken
   * for current. With `change`, this process's copy follows when nothing else changed meanwhile.
   */
  async touch(resourceId: Types.ObjectId, change?: ScheduleChange): Promise<void> {
    await this.schedules.stampAfterWrite(
      String(resourceId),
      change &&
        ((cached) => {
          const changedId = change.upsert?._id ?? change.removeId;
          const rows = cached.rows.filter((row) => !changedId || !row._id.equals(changedId));
          if (change.upsert && HOLDING_STATUSES.includes(change.upsert.status)) rows.push(change.upsert);
          return { since: cached.since, rows };
        }),
    );
  }

  /** Approved and checked-out bookings overlapping [start, end) (bookings last at most 90 days). */
  async holding(resourceIds: Types.ObjectId[], start: Date, end: Date, excludeId?: Types.ObjectId): Promise<LeanBooking[]> {
    if (!resourceIds.length) return [];
    const now = Date.now();
    if (start.getTime() < now - CACHE_HORIZON_MS + 1) return this.readHolding(resourceIds, start, end, excludeId);
    // The stamps first: a copy is current only if no change was stamped after it was read.
    let stampOf = await this.schedules.readStamps(resourceIds.map(String));
    const copyOf = (id: string) => {
      const stamp = stampOf.get(id) ?? 0;
      return this.schedules.copyAt(id, stamp) ?? (stamp === 0 ? this.baseline : undefined);
    };
    const stale = resourceIds.filter((id) => {
      const cached = copyOf(String(id));
      return !cached || cached.value.since > start.getTime();
    });
    if (stale.length) {
      // Any query costs a full scan on FerretDB: the first time, read every resource's schedule in
      // that one scan.
      const everything = !this.baseline;
      if (everything) stampOf = new Map([...stampOf, ...(await this.schedules.stamps.readAll())]);
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
      for (const [id, list] of fresh) this.schedules.keep(id, stampOf.get(id) ?? 0, { since, rows: list });
      if (everything) this.baseline = { stamp: 0, value: { since, rows: [] }, loadedAt: Date.now() };
    }
    const result: LeanBooking[] = [];
    for (const id of resourceIds) {
      for (const row of (this.schedules.latest(String(id)) ?? this.baseline)?.value.rows ?? []) {
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
    const rows = resources.length
      ? await this.holding(
          resources.map((r) => r._id),
          from,
          to,
        )
      : [];
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

  /**
   * A new booking, stored directly as approved when the units are free (409 `conflicts`
   * otherwise): the request path inserts into `bookings` and reads nothing from it.
   */
  async approveNew(fields: Partial<Booking>): Promise<LeanBooking> {
    const draft = new this.bookings({ ...fields, status: 'approved' });
    const now = new Date();
    draft.createdAt = now;
    draft.updatedAt = now;
    const booking = draft.toObject() as LeanBooking;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const outcome = await this.decide(booking, { booking: booking as unknown as Record<string, unknown> }, attempt, async () => {
        try {
          await this.bookings.collection.insertOne(booking);
        } catch (error) {
          // Already inserted by someone finishing this decision for us (see Crashes).
          if (!isDuplicateKeyError(error)) throw error;
        }
        return booking;
      });
      if (outcome !== RETRY) return outcome!;
      await backOff(attempt);
    }
    this.logger.warn(`Gave up booking resource ${String(booking.resourceId)} after ${MAX_ATTEMPTS} attempts`);
    throw busy();
  }

  /** pending → approved under the capacity guard; 409 `conflicts` when the units are not free. */
  async approve(bookingId: Types.ObjectId, decision: Partial<Booking>): Promise<LeanBooking> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const booking = await this.bookings.findById(bookingId).lean<LeanBooking>();
      if (!booking) throw notFound('Booking');
      if (booking.status !== 'pending') throw invalidTransition('booking', 'approve', bookingView(booking));
      if (booking.pendingActivity) {
        // Its request is not logged yet: log it first, so that the approval (which carries its own
        // operation in `decision`) does not overwrite it.
        await this.pending.settle(this.bookings, booking);
        continue;
      }
      const outcome = await this.decide(booking, { decision }, attempt, () =>
        this.writes.findOneAndUpdate<Booking, LeanBooking>(
          this.bookings,
          { _id: bookingId, status: 'pending', ...NO_PENDING_ACTIVITY },
          { $set: { ...decision, status: 'approved' }, $inc: { version: 1 } },
        ),
      );
      if (outcome === RETRY) await backOff(attempt);
      else if (outcome) return outcome;
      // Otherwise the booking left `pending` meanwhile (cancelled, or approved by someone else): the next round says so.
    }
    this.logger.warn(`Gave up approving booking ${bookingId} after ${MAX_ATTEMPTS} attempts`);
    throw busy();
  }

  /** Steps 1 to 6 once: the landed booking, null if it did not land, RETRY when another decision took the version. */
  private async decide(
    booking: Candidate,
    carried: Pick<CapacityClaim, 'booking' | 'decision'>,
    attempt: number,
    land: () => Promise<LeanBooking | null>,
  ): Promise<LeanBooking | null | typeof RETRY> {
    const resourceId = booking.resourceId;
    const version = await this.headVersion(resourceId); // step 1
    const state = await this.state(resourceId, booking._id); // step 2
    if (state.resource.status === 'archived') throw conflict('This resource is archived', { code: 'resource_archived' });
    const holding = await this.holding([resourceId], booking.start, booking.end, booking._id); // step 3
    const held = new Set(holding.map((row) => String(row._id)));
    const inFlight = state.inFlight.filter((claim) => !held.has(String(claim.bookingId)));
    const usages: Usage[] = [...holding, ...inFlight.map((claim) => ({ start: claim.start!, end: claim.end!, quantity: claim.quantity }))];
    if (peakUsage(usages, booking.start, booking.end) + booking.quantity > state.quantity) {
      throw bookingConflict(
        [...holding, ...inFlight.map(claimedBooking)].filter((row) => row.start < booking.end && row.end > booking.start),
        state.quantity,
      ); // step 4
    }
    const claim = await this.claim(resourceId, version + 1, attempt, {
      kind: 'approval',
      bookingId: booking._id,
      start: booking.start,
      end: booking.end,
      quantity: booking.quantity,
      ...carried,
    }); // step 5
    if (!claim) return RETRY;
    let landed: LeanBooking | null;
    try {
      landed = await land(); // step 6
    } catch (error) {
      // The write may have landed anyway: stamp before the claim goes, as for a success.
      await this.touch(resourceId);
      await this.claims.deleteOne({ _id: claim._id });
      throw error;
    }
    if (landed) await this.touch(resourceId, { upsert: landed });
    await this.claims.deleteOne({ _id: claim._id });
    return landed;
  }

  /**
   * Lowers (or raises) a resource's quantity. A cut is claimed first, so that every approval from
   * then on respects it; it lands only if what is booked from now on fits.
   */
  async changeQuantity(resourceId: Types.ObjectId, quantity: number, apply: () => Promise<LeanResource | null>): Promise<LeanResource | null> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const version = await this.headVersion(resourceId);
      const claim = await this.claim(resourceId, version + 1, attempt, { kind: 'quantity', quantity });
      if (!claim) {
        await backOff(attempt);
        continue;
      }
      try {
        const now = new Date();
        const state = await this.state(resourceId);
        // Not on the request path: a fresh read of every future booking, not the copy.
        const future = await this.bookings.find({ resourceId, status: { $in: HOLDING_STATUSES }, end: { $gt: now } }).lean<LeanBooking[]>();
        const held = new Set(future.map((row) => String(row._id)));
        const usages: Usage[] = [
          ...future,
          ...state.inFlight.filter((c) => !held.has(String(c.bookingId))).map((c) => ({ start: c.start!, end: c.end!, quantity: c.quantity })),
        ];
        const horizon = new Date(Math.max(now.getTime() + 1, ...usages.map((usage) => new Date(usage.end).getTime())));
        if (peakUsage(usages, now, horizon) > quantity) {
          throw bookingConflict(future, quantity, 'Approved bookings already hold more units than this quantity');
        }
        return await apply();
      } finally {
        await this.claims.deleteOne({ _id: claim._id });
      }
    }
    throw busy();
  }

  /** Step 1: a version known to exist, from memory; the ledger is read (a scan) once per process. */
  private async headVersion(resourceId: Types.ObjectId): Promise<number> {
    const key = String(resourceId);
    if (!this.heads.has(key)) {
      await this.readHeads();
      if (!this.heads.has(key)) this.heads.set(key, 0);
    }
    return this.heads.get(key)!;
  }

  /**
   * Every resource's highest version, in one scan of the ledger: the number of its entries, as
   * versions are gap-free from 1 (FerretDB v1 has no $max accumulator). Were it ever lower, a
   * duplicate would only make the next attempt start higher.
   */
  private async readHeads(): Promise<void> {
    const rows = await this.ledger.aggregate<{ _id: Types.ObjectId; version: number }>([{ $group: { _id: '$resourceId', version: { $sum: 1 } } }]);
    for (const row of rows) this.learn(row._id, row.version);
  }

  private learn(resourceId: Types.ObjectId, version: number): void {
    const key = String(resourceId);
    this.heads.set(key, Math.max(this.heads.get(key) ?? 0, version));
  }

  /** Step 5: the claim, then the ledger entry that makes it win `version`; null when another decision has it. */
  private async claim(
    resourceId: Types.ObjectId,
    version: number,
    attempt: number,
    fields: Omit<CapacityClaim, 'resourceId' | 'version' | 'at'>,
  ): Promise<LeanClaim | null> {
    const at = new Date();
    const claim = (await this.claims.create({ ...fields, resourceId, version, at })).toObject() as LeanClaim;
    try {
      await this.ledger.create({ resourceId, version, kind: fields.kind, claimId: claim._id, bookingId: fields.bookingId, at });
    } catch (error) {
      await this.claims.deleteOne({ _id: claim._id });
      if (!isDuplicateKeyError(error)) throw error;
      this.learn(resourceId, version);
      // Far behind (another instance decides too): read the true head rather than walk to it.
      if (attempt % 3 === 0) await this.readHeads();
      return null;
    }
    this.learn(resourceId, version);
    return claim;
  }

  /**
   * Step 2: the resource's quantity (capped by claimed cuts) and the approvals in flight — one per
   * booking, not counting `ownBookingId`. Claims left behind by a crash are settled on the way.
   */
  private async state(resourceId: Types.ObjectId, ownBookingId?: Types.ObjectId): Promise<{ resource: LeanResource; quantity: number; inFlight: LeanClaim[] }> {
    const [resource, claims] = await Promise.all([
      rowById(this.resources, resourceId) as Promise<LeanResource | null>,
      this.claims.find({ resourceId }).lean<LeanClaim[]>(),
    ]);
    if (!resource) throw notFound('Resource');
    const now = Date.now();
    let quantity = resource.quantity;
    const inFlight = new Map<string, LeanClaim>();
    for (const claim of claims) {
      if (now - new Date(claim.at).getTime() > STALE_CLAIM_MS && (await this.settleStale(claim, resource))) continue;
      if (claim.kind === 'quantity') quantity = Math.min(quantity, claim.quantity);
      else if (!(ownBookingId && claim.bookingId!.equals(ownBookingId))) inFlight.set(String(claim.bookingId), claim);
    }
    return { resource, quantity, inFlight: [...inFlight.values()] };
  }

  /** A claim left behind (see Crashes): true once it is settled and no longer counts. */
  private async settleStale(claim: LeanClaim, resource: LeanResource): Promise<boolean> {
    const entryAt = () => this.ledger.findOne({ resourceId: claim.resourceId, version: claim.version }).lean();
    let entry = await entryAt();
    if (!entry) {
      try {
        await this.ledger.create({ resourceId: claim.resourceId, version: claim.version, kind: 'void', at: new Date() });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      this.learn(claim.resourceId, claim.version);
      entry = await entryAt();
    }
    if (entry?.kind !== 'void' && entry?.claimId?.equals(claim._id)) {
      this.logger.warn(`Finishing capacity decision ${String(claim._id)} of resource ${String(claim.resourceId)} left behind`);
      if (claim.kind === 'quantity') {
        if (resource.quantity > claim.quantity) return false;
      } else if (claim.booking) {
        try {
          await this.bookings.collection.insertOne(claim.booking);
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
        await this.touch(claim.resourceId);
      } else {
        await this.writes.updateOne(
          this.bookings,
          { _id: claim.bookingId, status: 'pending' },
          { $set: { ...claim.decision, status: 'approved' }, $inc: { version: 1 } },
        );
        await this.touch(claim.resourceId);
      }
    }
    await this.claims.deleteOne({ _id: claim._id });
    return true;
  }
}

/** How a claimed approval shows among the bookings in the way. */
function claimedBooking(claim: LeanClaim): LeanBooking {
  return {
    _id: claim.bookingId!,
    resourceId: claim.resourceId,
    start: claim.start!,
    end: claim.end!,
    quantity: claim.quantity,
    status: 'approved',
  } as LeanBooking;
}

export function bookingConflict(conflicts: LeanBooking[], quantity: number, detail = 'The resource is not free for this time range') {
  return conflict(detail, { code: 'booking_conflict', quantity, conflicts: conflicts.map((row) => busySlotView(row)) });
}

const busy = () => new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'This resource is very busy; try again', { code: 'resource_busy' });

/** Random, growing pauses so that racing approvers do not collide in lockstep. */
function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 + attempt * 2, 40)));
}
