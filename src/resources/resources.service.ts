import type { BookingView, BusySlotView, ResourceView } from '@maillage/contract';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { AccessService } from '../common/access/access.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, staleVersion } from '../common/errors/problem.exception';
import { decodeCursor, DEFAULT_LIMIT, Page, toPage } from '../common/pagination/pagination';
import { bookingView, busySlotView, LeanBooking } from './bookings/booking-view';
import { CapacityLedger } from './bookings/capacity-ledger';
import { Booking } from './bookings/schemas/booking.schema';
import { CatalogueQueryDto, CreateResourceDto, OpeningSlotDto, ResourceBookingsQueryDto, UpdateResourceDto } from './dto/resource.dto';
import { Resource } from './schemas/resource.schema';
import { dayNumber, MAX_BOOKING_MS } from './time-windows';
import { searchTextOf } from '../common/search-text';
import { ClaimedStamps, StampedCache, StampHead } from '../database/stamped-cache';

type LeanResource = Resource & { _id: Types.ObjectId };

/** The model of the catalogue's stamp, which every write of a resource changes (collection `stamps_resource_catalogue`). */
export const CATALOGUE_STAMP = 'ResourceCatalogueStamp';
export const CATALOGUE_KEY = 'catalogue';

/** Parses an optional [from, to) pair of query parameters. */
export function parseWindow(from?: string, to?: string, required = false): { from: Date; to: Date } | undefined {
  if (from === undefined && to === undefined && !required) return undefined;
  if (from === undefined) throw badRequest('from', 'is required with to');
  if (to === undefined) throw badRequest('to', 'is required with from');
  const window = { from: new Date(from), to: new Date(to) };
  if (window.to <= window.from) throw badRequest('to', 'must be after from');
  return window;
}

@Injectable()
export class ResourcesService {
  /**
   * The active resources, sorted by id (see StampedCache). On FerretDB v1 reading the resources
   * costs about 0.1 ms per document whatever the filter; this copy is checked with one small read.
   * Only this service writes resources, and each write stamps the catalogue after it.
   */
  private readonly catalogueCopy: StampedCache<LeanResource[]>;

  constructor(
    @InjectModel(Resource.name) private readonly resources: Model<Resource>,
    @InjectModel(Booking.name) private readonly bookings: Model<Booking>,
    @InjectModel(CATALOGUE_STAMP) catalogueStamps: Model<StampHead>,
    private readonly access: AccessService,
    private readonly ledger: CapacityLedger,
  ) {
    this.catalogueCopy = new StampedCache(new ClaimedStamps(catalogueStamps));
  }

  private async touchCatalogue(): Promise<void> {
    await this.catalogueCopy.stampAfterWrite(CATALOGUE_KEY);
  }

  private activeResources(): Promise<LeanResource[]> {
    return this.catalogueCopy.get(CATALOGUE_KEY, () => this.resources.find({ status: 'active' }).sort({ _id: 1 }).lean<LeanResource[]>());
  }

  async create(user: AuthUser, associationId: string, input: CreateResourceDto) {
    await this.access.requireAssociation(user.id, associationId, 'association.admin');
    const quantity = input.quantity ?? 1;
    if (input.kind === 'premise' && quantity !== 1) throw badRequest('quantity', 'must be 1 for premises');
    const created = await this.resources.create({
      ...input,
      associationId: new Types.ObjectId(associationId),
      quantity,
      searchText: searchTextOf(input.name, input.description, input.address),
      openingHours: normalizeSlots(input.openingHours),
      requiresApproval: input.requiresApproval ?? true,
      stepFreeAccess: input.stepFreeAccess ?? false,
      createdBy: new Types.ObjectId(user.id),
    });
    await this.touchCatalogue();
    return resourceView(created.toObject());
  }

  async get(user: AuthUser, resourceId: string) {
    const { resource } = await this.access.requireResource(user.id, resourceId, 'resource.view');
    return resourceView(resource);
  }

  async update(user: AuthUser, resourceId: string, input: UpdateResourceDto) {
    const { resource } = await this.access.requireResource(user.id, resourceId, 'resource.manage');
    const { version, openingHours, ...fields } = input;
    if (version !== undefined && version !== resource.version) throw staleVersion(resourceView(resource));
    const kind = fields.kind ?? resource.kind;
    const quantity = fields.quantity ?? resource.quantity;
    if (kind === 'premise' && quantity !== 1) throw badRequest('quantity', 'must be 1 for premises');
    const set: Record<string, unknown> = { ...fields };
    delete set.quantity;
    if (openingHours !== undefined) set.openingHours = normalizeSlots(openingHours);
    if (fields.name !== undefined || fields.description !== undefined || fields.address !== undefined) {
      set.searchText = searchTextOf(fields.name ?? resource.name, fields.description ?? resource.description, fields.address ?? resource.address);
    }
    const expected = version ?? resource.version;
    const apply = () =>
      this.resources
        .findOneAndUpdate({ _id: resource._id, version: expected }, { $set: { ...set, quantity }, $inc: { version: 1 } }, { new: true })
        .lean<LeanResource>();
    // Lowering the quantity is a capacity decision: it goes through the ledger's guard.
    const updated = quantity < resource.quantity ? await this.ledger.changeQuantity(resource._id, quantity, apply) : await apply();
    if (updated) await this.touchCatalogue();
    if (!updated) {
      const current = await this.resources.findById(resource._id).lean<LeanResource>();
      throw staleVersion(current ? resourceView(current) : null);
    }
    return resourceView(updated);
  }

  /** A resource with bookings keeps its history: it is archived instead of deleted. */
  async remove(user: AuthUser, resourceId: string): Promise<void> {
    const { resource } = await this.access.requireResource(user.id, resourceId, 'resource.manage');
    // Archived first, so that no new booking starts while we look; deleted only if none exists.
    await this.resources.updateOne({ _id: resource._id }, { $set: { status: 'archived' }, $inc: { version: 1 } });
    await this.touchCatalogue();
    if (!(await this.bookings.exists({ resourceId: resource._id }))) await this.resources.deleteOne({ _id: resource._id });
  }

  /** The active resources I can see; with from/to, what is free during all of [from, to). */
  async catalogue(user: AuthUser, query: CatalogueQueryDto) {
    const window = parseWindow(query.from, query.to);
    if (query.quantity !== undefined && !window) throw badRequest('quantity', 'needs from and to');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor<{ id: string }>(query.cursor);
    if (after && !Types.ObjectId.isValid(String(after.id))) throw badRequest('cursor', 'is not a cursor this server gave');

    const roles = await this.access.rolesOf(user.id);
    if (!roles.size) return { items: [], nextCursor: null };
    const mine = [...roles.keys()];
    const partnerOwners = await this.access.partnerAssociationIds(mine);
    const visible = (row: LeanResource) => {
      const ownerId = String(row.associationId);
      return roles.has(ownerId) || row.sharing === 'network' || (row.sharing === 'partners' && partnerOwners.has(ownerId));
    };
    const words = searchTextOf(query.q).split(/\s+/).filter(Boolean);
    const afterId = after ? new Types.ObjectId(String(after.id)).toHexString() : undefined;
    // Ids of one length compare as their hex strings do.
    const candidates = (await this.activeResources()).filter(
      (row) =>
        (!afterId || String(row._id) > afterId) &&
        (!query.kind || row.kind === query.kind) &&
        visible(row) &&
        words.every((word) => (row.searchText ?? '').includes(word)),
    );

    // With a quantity wanted, a page is filled batch by batch with the resources that have it free.
    const items: ResourceView[] = [];
    const batchSize = query.quantity ? Math.max(limit + 1, 100) : limit + 1;
    for (let offset = 0; offset < candidates.length && items.length <= limit; offset += batchSize) {
      const rows = candidates.slice(offset, offset + batchSize);
      const available = window ? await this.ledger.available(rows, window.from, window.to) : undefined;
      for (const row of rows) {
        const free = available?.get(String(row._id));
        if (query.quantity !== undefined && (free ?? 0) < query.quantity) continue;
        items.push({ ...resourceView(row), ...(free !== undefined ? { available: free } : {}) });
        if (items.length > limit) break;
      }
    }
    return toPage(items, limit, (last) => ({ id: last.id }));
  }

  /**
   * A resource's bookings overlapping [from, to). Owner members, and the requesting association's
   * members for their own bookings, see everything; others see busy slots only.
   */
  async listBookings(user: AuthUser, resourceId: string, query: ResourceBookingsQueryDto): Promise<Page<BookingView | BusySlotView>> {
    const { resource, roles, isOwnerMember } = await this.access.requireResource(user.id, resourceId, 'resource.view');
    const from = query.from ? new Date(query.from) : new Date();
    const to = query.to ? new Date(query.to) : undefined;
    if (to && to <= from) throw badRequest('to', 'must be after from');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor<{ start: string; id: string }>(query.cursor);
    const filter: FilterQuery<Booking> = {
      resourceId: resource._id,
      status: { $in: ['pending', 'approved', 'checked_out', 'returned'] },
      start: { $gt: new Date(from.getTime() - MAX_BOOKING_MS), ...(to ? { $lt: to } : {}) },
      end: { $gt: from },
    };
    if (after) {
      if (!Types.ObjectId.isValid(String(after.id)) || Number.isNaN(Date.parse(String(after.start))))
        throw badRequest('cursor', 'is not a cursor this server gave');
      const start = new Date(after.start);
      filter.$or = [{ start: { $gt: start } }, { start, _id: { $gt: new Types.ObjectId(after.id) } }];
    }
    const rows = await this.bookings
      .find(filter)
      .sort({ start: 1, _id: 1 })
      .limit(limit + 1)
      .lean<LeanBooking[]>();
    const page = toPage(rows, limit, (last) => ({ start: last.start.toISOString(), id: String(last._id) }));
    const now = new Date();
    const items = page.items.flatMap((row) => {
      if (isOwnerMember || roles.has(String(row.requesterAssociationId))) return [bookingView(row, now)];
      return row.status === 'approved' || row.status === 'checked_out' ? [busySlotView(row)] : [];
    });
    return { items, nextCursor: page.nextCursor };
  }
}

function normalizeSlots(slots: OpeningSlotDto[] | undefined) {
  return (slots ?? []).map((slot) => ({ day: dayNumber(slot.day), opens: slot.opens, closes: slot.closes }));
}

export function resourceView(resource: LeanResource): ResourceView {
  return {
    id: String(resource._id),
    associationId: String(resource.associationId),
    kind: resource.kind,
    name: resource.name,
    description: resource.description ?? null,
    quantity: resource.quantity,
    capacity: resource.capacity ?? null,
    address: resource.address ?? null,
    addressIsPublic: resource.addressIsPublic ?? false,
    storagePlace: resource.storagePlace ?? null,
    rules: resource.rules ?? null,
    stepFreeAccess: resource.stepFreeAccess ?? false,
    accessibilityNotes: resource.accessibilityNotes ?? null,
    sharing: resource.sharing,
    requiresApproval: resource.requiresApproval,
    valuation: resource.valuation ? { euros: resource.valuation.euros, per: resource.valuation.per } : null,
    openingHours: (resource.openingHours ?? []).map((slot) => ({ day: slot.day, opens: slot.opens, closes: slot.closes })),
    status: resource.status,
    version: resource.version,
    createdAt: resource.createdAt ? new Date(resource.createdAt).toISOString() : null,
    updatedAt: resource.updatedAt ? new Date(resource.updatedAt).toISOString() : null,
  };
}
