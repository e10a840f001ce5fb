import type { MemberView } from '@maillage/contract';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { AccessService } from '../common/access/access.service';
import { DomainEvent, ProjectAccessChanged } from '../common/domain-events';
import { conflict, notFound } from '../common/errors/problem.exception';
import { decodeCursor, DEFAULT_LIMIT, Page, PageQueryDto, toPage } from '../common/pagination/pagination';
import { User } from '../users/schemas/user.schema';
import { UserDataRegistry } from '../users/user-data.registry';
import { Association } from './schemas/association.schema';
import { Invitation } from './schemas/invitation.schema';
import { AssociationRole, Membership } from './schemas/membership.schema';

type StoredMembership = Membership & { _id: Types.ObjectId };

/** A membership can change under our feet (a racing role change or removal): re-read and try again. */
const MAX_ATTEMPTS = 20;

@Injectable()
export class MembersService implements OnModuleInit {
  private readonly logger = new Logger(MembersService.name);

  constructor(
    @InjectModel(Association.name) private readonly associations: Model<Association>,
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    @InjectModel(Invitation.name) private readonly invitations: Model<Invitation>,
    @InjectModel(User.name) private readonly users: Model<User>,
    private readonly access: AccessService,
    private readonly events: EventEmitter2,
    private readonly registry: UserDataRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'associations',
      export: (userId) => this.exportUserData(userId),
      erase: (userId) => this.eraseUserData(userId),
    });
  }

  async list(userId: string, associationId: string, query: PageQueryDto): Promise<Page<MemberView>> {
    const grant = await this.access.requireAssociation(userId, associationId, 'association.member');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor<{ at: string; id: string }>(query.cursor);
    const filter: FilterQuery<Membership> = { associationId: new Types.ObjectId(associationId) };
    if (after) {
      const at = new Date(String(after.at));
      if (Number.isNaN(at.getTime()) || typeof after.id !== 'string' || !Types.ObjectId.isValid(after.id)) return { items: [], nextCursor: null };
      filter.$or = [{ createdAt: { $gt: at } }, { createdAt: at, _id: { $gt: new Types.ObjectId(after.id) } }];
    }
    const rows = await this.memberships
      .find(filter)
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit + 1)
      .lean();
    const page = toPage(rows, limit, (last) => ({ at: new Date(last.createdAt).toISOString(), id: String(last._id) }));
    return { items: await this.toViews(page.items, grant.role === 'admin'), nextCursor: page.nextCursor };
  }

  /** Admins change roles; demoting the last admin answers 409. */
  async changeRole(actorId: string, associationId: string, userId: string, role: AssociationRole): Promise<MemberView> {
    await this.access.requireAssociation(actorId, associationId, 'association.admin');
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const membership = await this.findMembership(associationId, userId);
      if (membership.role === role) return this.toView(membership, true);
      if (role === 'admin') {
        const promoted = await this.memberships.findOneAndUpdate({ _id: membership._id, role: 'member' }, { $set: { role: 'admin' } }, { new: true }).lean();
        if (!promoted) continue;
        await this.addAdminSeat(associationId);
        return this.toView(promoted, true);
      }
      if (!(await this.takeAdminSeat(associationId))) throw await this.lastAdminConflict(associationId, membership, 'demote');
      const demoted = await this.memberships.findOneAndUpdate({ _id: membership._id, role: 'admin' }, { $set: { role: 'member' } }, { new: true }).lean();
      if (demoted) return this.toView(demoted, true);
      await this.addAdminSeat(associationId);
    }
    throw conflict('This membership keeps changing; try again', { code: 'busy' });
  }

  /** An admin removes anyone; a member removes only themself (leaving). The last admin stays. */
  async remove(actorId: string, associationId: string, userId: string): Promise<void> {
    await this.access.requireAssociation(actorId, associationId, actorId === userId ? 'association.member' : 'association.admin');
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const membership = await this.findMembership(associationId, userId);
      if (membership.role === 'admin' && !(await this.takeAdminSeat(associationId))) {
        throw await this.lastAdminConflict(associationId, membership, actorId === userId ? 'leave' : 'remove');
      }
      const { deletedCount } = await this.memberships.deleteOne({ _id: membership._id, role: membership.role });
      if (deletedCount) {
        this.emitAccessChanged(associationId, userId);
        return;
      }
      // The role changed meanwhile (or someone else removed them): give the seat back and re-read.
      if (membership.role === 'admin') await this.addAdminSeat(associationId);
    }
    throw conflict('This membership keeps changing; try again', { code: 'busy' });
  }

  /** Counts a new admin membership; call after the membership is stored (the count may lag, never lead). */
  async addAdminSeat(associationId: string | Types.ObjectId): Promise<void> {
    await this.associations.updateOne({ _id: new Types.ObjectId(String(associationId)) }, { $inc: { adminCount: 1 } });
  }

  /**
   * Takes one admin seat away unless it is the last one: a single conditional update, so of two
   * racing demotions of the last two admins exactly one passes. Call before changing the membership.
   */
  private async takeAdminSeat(associationId: string | Types.ObjectId): Promise<boolean> {
    const taken = await this.associations
      // No projection: FerretDB v1 does not implement findAndModify's `fields`.
      .findOneAndUpdate({ _id: new Types.ObjectId(String(associationId)), adminCount: { $gt: 1 } }, { $inc: { adminCount: -1 } })
      .lean();
    return !!taken;
  }

  private async findMembership(associationId: string, userId: string): Promise<StoredMembership> {
    if (!Types.ObjectId.isValid(userId)) throw notFound('Member');
    const membership = await this.memberships.findOne({ associationId: new Types.ObjectId(associationId), userId: new Types.ObjectId(userId) }).lean();
    if (!membership) throw notFound('Member');
    return membership;
  }

  private async lastAdminConflict(associationId: string, membership: StoredMembership, action: 'demote' | 'remove' | 'leave') {
    const admins = await this.memberships
      .find({ associationId: new Types.ObjectId(associationId), role: 'admin' })
      .sort({ createdAt: 1, _id: 1 })
      .lean();
    const detail =
      action === 'leave'
        ? 'You are the last admin of this association: make another member admin before leaving'
        : `The last admin of an association cannot be ${action === 'demote' ? 'demoted' : 'removed'}: make another member admin first`;
    return conflict(detail, {
      code: 'last_admin',
      current: await this.toView(membership, true),
      admins: await this.toViews(admins, true),
    });
  }

  private emitAccessChanged(associationId: string, userId: string): void {
    const event: ProjectAccessChanged = { projectIds: [], associationId, userIds: [userId] };
    this.events.emit(DomainEvent.ProjectAccessChanged, event);
  }

  private async toView(membership: StoredMembership, withEmail: boolean): Promise<MemberView> {
    return (await this.toViews([membership], withEmail))[0];
  }

  private async toViews(memberships: StoredMembership[], withEmail: boolean): Promise<MemberView[]> {
    const users = await this.users.find({ _id: { $in: memberships.map((m) => m.userId) } }, { displayName: 1, email: 1 }).lean();
    const byId = new Map(users.map((user) => [String(user._id), user]));
    return memberships.map((membership) => {
      const user = byId.get(String(membership.userId));
      return {
        id: String(membership._id),
        userId: String(membership.userId),
        displayName: user?.displayName ?? null,
        role: membership.role,
        joinedAt: new Date(membership.createdAt).toISOString(),
        ...(withEmail ? { email: user?.email ?? null } : {}),
      };
    });
  }

  private async exportUserData(userId: string) {
    const uid = new Types.ObjectId(userId);
    const [memberships, invitations] = await Promise.all([
      this.memberships.find({ userId: uid }).sort({ createdAt: 1 }).lean(),
      this.invitations.find({ createdBy: uid }, { tokenHash: 0 }).sort({ createdAt: 1 }).lean(),
    ]);
    const names = await this.associations
      .find({ _id: { $in: [...memberships, ...invitations].map((row) => row.associationId) } }, { name: 1 })
      .lean()
      .then((rows) => new Map(rows.map((row) => [String(row._id), row.name])));
    return {
      memberships: memberships.map((m) => ({
        associationId: String(m.associationId),
        associationName: names.get(String(m.associationId)) ?? null,
        role: m.role,
        joinedAt: new Date(m.createdAt).toISOString(),
      })),
      invitationsCreated: invitations.map((invitation) => ({
        id: String(invitation._id),
        associationId: String(invitation.associationId),
        associationName: names.get(String(invitation.associationId)) ?? null,
        email: invitation.email,
        role: invitation.role,
        createdAt: new Date(invitation.createdAt).toISOString(),
        expiresAt: new Date(invitation.expiresAt).toISOString(),
        usedAt: invitation.usedAt ? new Date(invitation.usedAt).toISOString() : null,
        revokedAt: invitation.revokedAt ? new Date(invitation.revokedAt).toISOString() : null,
      })),
    };
  }

  /**
   * Deletes the user's memberships. A last admin of an association that has other members hands
   * the role to its longest-standing member first, so no association is left without an admin.
   * Idempotent: a retried erasure finishes the job.
   */
  private async eraseUserData(userId: string): Promise<void> {
    const uid = new Types.ObjectId(userId);
    const memberships = await this.memberships.find({ userId: uid }).lean();
    for (const membership of memberships) await this.eraseMembership(membership);
    const user = await this.users.findById(uid, { email: 1 }).lean();
    await Promise.all([
      this.associations.updateMany({ createdBy: uid }, { $set: { createdBy: null } }),
      this.invitations.updateMany({ createdBy: uid }, { $set: { createdBy: null } }),
      this.invitations.updateMany({ usedBy: uid }, { $set: { usedBy: null } }),
      // Invitations addressed to this person carry their email: they go too.
      user ? this.invitations.deleteMany({ email: user.email }) : Promise.resolve(),
    ]);
  }

  private async eraseMembership(initial: StoredMembership): Promise<void> {
    const associationId = initial.associationId;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const membership = await this.memberships.findById(initial._id).lean();
      if (!membership) return;
      if (membership.role === 'member') {
        if ((await this.memberships.deleteOne({ _id: membership._id, role: 'member' })).deletedCount)
          return this.emitAccessChanged(String(associationId), String(membership.userId));
        continue;
      }
      if (await this.takeAdminSeat(associationId)) {
        if ((await this.memberships.deleteOne({ _id: membership._id, role: 'admin' })).deletedCount)
          return this.emitAccessChanged(String(associationId), String(membership.userId));
        await this.addAdminSeat(associationId);
        continue;
      }
      const heir = await this.memberships
        .findOne({ associationId, _id: { $ne: membership._id }, role: 'member' })
        .sort({ createdAt: 1, _id: 1 })
        .lean();
      if (heir) {
        const promoted = await this.memberships.updateOne({ _id: heir._id, role: 'member' }, { $set: { role: 'admin' } });
        if (promoted.modifiedCount) await this.addAdminSeat(associationId);
        continue;
      }
      const otherAdmin = await this.memberships.exists({ associationId, _id: { $ne: membership._id }, role: 'admin' });
      if (otherAdmin) {
        // Another admin is being counted right now (its seat lags its membership): wait for it.
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
        continue;
      }
      // The only member: the association stays (projects and resources may refer to it), with no one.
      if ((await this.memberships.deleteOne({ _id: membership._id })).deletedCount) {
        await this.associations.updateOne({ _id: associationId, adminCount: { $gt: 0 } }, { $inc: { adminCount: -1 } });
      }
      return;
    }
    this.logger.warn(`Could not erase membership ${String(initial._id)}: it kept changing`);
    throw conflict('A membership kept changing during the erasure; try again', { code: 'busy' });
  }
}
