import type { AssociationView } from '@maillage/contract';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { AccessService } from '../common/access/access.service';
import { notFound, staleVersion } from '../common/errors/problem.exception';
import { decodeCursor, DEFAULT_LIMIT, Page, PageQueryDto, toPage } from '../common/pagination/pagination';
import { CreateAssociationDto, DirectoryQueryDto, UpdateAssociationDto } from './dto/association.dto';
import { Association } from './schemas/association.schema';
import { AssociationRole, Membership } from './schemas/membership.schema';
import { escapeRegExp, normalizeSearchText, searchTextOf } from '../common/search-text';

type StoredAssociation = Association & { _id: Types.ObjectId };

const PROFILE_FIELDS = ['description', 'city', 'neighbourhood', 'contactEmail'] as const;
const MAX_UPDATE_ATTEMPTS = 10;

@Injectable()
export class AssociationsService {
  constructor(
    @InjectModel(Association.name) private readonly associations: Model<Association>,
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    private readonly access: AccessService,
  ) {}

  /** The creator becomes its first admin. */
  async create(userId: string, input: CreateAssociationDto): Promise<AssociationView> {
    const association = await this.associations.create({
      name: input.name,
      searchText: searchTextOf(input.name, input.city),
      sortKey: normalizeSearchText(input.name),
      description: input.description || undefined,
      city: input.city || undefined,
      cityKey: input.city ? normalizeSearchText(input.city) : undefined,
      neighbourhood: input.neighbourhood || undefined,
      contactEmail: input.contactEmail || undefined,
      createdBy: new Types.ObjectId(userId),
      // Nobody else can reach a brand-new association, so its one admin seat can be counted up front.
      adminCount: 1,
      version: 1,
    });
    try {
      await this.memberships.create({ associationId: association._id, userId: new Types.ObjectId(userId), role: 'admin' });
    } catch (error) {
      await this.associations.deleteOne({ _id: association._id });
      throw error;
    }
    return this.toView(association.toObject(), 'admin');
  }

  /** The network directory: every authenticated user may browse and search it. */
  async directory(userId: string, query: DirectoryQueryDto): Promise<Page<AssociationView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor<{ k: string; id: string }>(query.cursor);
    const filter: FilterQuery<Association> = {};
    const q = query.q === undefined ? '' : normalizeSearchText(query.q);
    if (q) filter.searchText = { $regex: escapeRegExp(q) };
    if (query.city !== undefined && normalizeSearchText(query.city)) filter.cityKey = normalizeSearchText(query.city);
    if (after) {
      if (typeof after.k !== 'string' || typeof after.id !== 'string' || !Types.ObjectId.isValid(after.id)) return { items: [], nextCursor: null };
      filter.$or = [{ sortKey: { $gt: after.k } }, { sortKey: after.k, _id: { $gt: new Types.ObjectId(after.id) } }];
    }
    const [rows, roles] = await Promise.all([
      this.associations
        .find(filter)
        .sort({ sortKey: 1, _id: 1 })
        .limit(limit + 1)
        .lean(),
      this.access.rolesOf(userId),
    ]);
    const page = toPage(rows, limit, (last) => ({ k: last.sortKey, id: String(last._id) }));
    return { items: page.items.map((row) => this.toView(row, roles.get(String(row._id)))), nextCursor: page.nextCursor };
  }

  /** My associations, each with my `role`, in the order I joined them. */
  async mine(userId: string, query: PageQueryDto): Promise<Page<AssociationView & { role: AssociationRole }>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor<{ id: string }>(query.cursor);
    const filter: FilterQuery<Membership> = { userId: new Types.ObjectId(userId) };
    if (after) {
      if (typeof after.id !== 'string' || !Types.ObjectId.isValid(after.id)) return { items: [], nextCursor: null };
      filter._id = { $gt: new Types.ObjectId(after.id) };
    }
    const memberships = await this.memberships
      .find(filter)
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean();
    const page = toPage(memberships, limit, (last) => ({ id: String(last._id) }));
    const associations = await this.associations.find({ _id: { $in: page.items.map((m) => m.associationId) } }).lean();
    const byId = new Map(associations.map((row) => [String(row._id), row]));
    const items = page.items.flatMap((membership) => {
      const association = byId.get(String(membership.associationId));
      return association ? [{ ...this.toView(association, membership.role), role: membership.role }] : [];
    });
    return { items, nextCursor: page.nextCursor };
  }

  /** The public profile; any authenticated user may read it. */
  async get(userId: string, associationId: string): Promise<AssociationView> {
    const [association, roles] = await Promise.all([this.associations.findById(associationId).lean(), this.access.rolesOf(userId)]);
    if (!association) throw notFound('Association');
    return this.toView(association, roles.get(associationId));
  }

  async update(userId: string, associationId: string, input: UpdateAssociationDto): Promise<AssociationView> {
    const grant = await this.access.requireAssociation(userId, associationId, 'association.admin');
    // Recomputing the search text needs the current name and city: read, then write only if nobody
    // changed the profile meanwhile (version), else read again.
    for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
      const current = await this.associations.findById(associationId).lean();
      if (!current) throw notFound('Association');
      if (input.version !== undefined && input.version !== current.version) throw staleVersion(this.toView(current, grant.role));
      const set: Record<string, unknown> = {};
      const unset: Record<string, ''> = {};
      if (input.name !== undefined) set.name = input.name;
      for (const field of PROFILE_FIELDS) {
        const value = input[field];
        if (value === undefined) continue;
        if (value === null || value === '') unset[field] = '';
        else set[field] = value;
      }
      if (input.city !== undefined) {
        if (input.city) set.cityKey = normalizeSearchText(input.city);
        else unset.cityKey = '';
      }
      if (!Object.keys(set).length && !Object.keys(unset).length) return this.toView(current, grant.role);
      const name = input.name ?? current.name;
      const city = input.city === undefined ? current.city : input.city;
      set.searchText = searchTextOf(name, city);
      set.sortKey = normalizeSearchText(name);
      const updated = await this.associations
        .findOneAndUpdate(
          { _id: current._id, version: current.version },
          { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}), $inc: { version: 1 } },
          { new: true },
        )
        .lean();
      if (updated) return this.toView(updated, grant.role);
    }
    throw new Error(`Association ${associationId} kept changing during an update`);
  }

  /** Names of associations, for other features' views and exports. */
  async names(associationIds: (string | Types.ObjectId)[]): Promise<Map<string, string>> {
    const ids = associationIds.map((id) => String(id)).filter((id) => Types.ObjectId.isValid(id));
    const rows = await this.associations.find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }, { name: 1 }).lean();
    return new Map(rows.map((row) => [String(row._id), row.name]));
  }

  toView(association: StoredAssociation, myRole?: AssociationRole): AssociationView {
    return {
      id: String(association._id),
      name: association.name,
      description: association.description ?? null,
      city: association.city ?? null,
      neighbourhood: association.neighbourhood ?? null,
      contactEmail: association.contactEmail ?? null,
      version: association.version ?? 1,
      createdAt: new Date(association.createdAt).toISOString(),
      updatedAt: new Date(association.updatedAt).toISOString(),
      ...(myRole ? { myRole } : {}),
    };
  }
}
