import { HttpException, HttpStatus, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { isBeingRemoved } from '../../activity/schemas/pending-activity.schema';
import { oid } from '../ids';
import { Membership, AssociationRole } from '../../associations/schemas/membership.schema';
import { Partner, PartnerStatus } from '../../projects/schemas/partner.schema';
import { Project } from '../../projects/schemas/project.schema';
import { Resource } from '../../resources/schemas/resource.schema';
import { conflict, forbidden, notFound, ProblemException } from '../errors/problem.exception';
import { ChangeMarks } from '../../database/change-marks';
import { rowById } from '../../database/row-by-id';
import { ShortMemo } from '../short-memo';
import { accessWrites } from './access-writes';

/**
 * What a caller wants to do. Each service method asks for exactly one of these, once, first.
 *  - association.member / association.admin: a member (any role) / an admin of the association;
 *  - project.read: a member of an association that is an active partner of the project;
 *  - project.write: the same, and the project is not archived;
 *  - project.manage: an admin of the coordinator association (archived projects may only be reopened);
 *  - project.invitation: project.read, or an admin of an invited association (invitation and charter only).
 */
export type Permission = 'association.member' | 'association.admin' | 'project.read' | 'project.write' | 'project.manage' | 'project.invitation';

/**
 * Resources: `resource.view` — a member of the owner, or of any association when shared with the
 * `network`, or of an active partner of the owner in a common non-archived project when shared with
 * `partners` (archived resources: owner members only); `resource.manage` — an admin of the owner;
 * `resource.book` — view, and the requesting association (a membership of the caller) may use it.
 */
export type ResourcePermission = 'resource.view' | 'resource.manage' | 'resource.book';

export interface ResourceGrant {
  resource: Resource & { _id: Types.ObjectId };
  /** The caller's memberships, as association id → role. */
  roles: Map<string, AssociationRole>;
  isOwnerMember: boolean;
  isOwnerAdmin: boolean;
}

export interface AssociationGrant {
  associationId: string;
  role: AssociationRole;
}

/** The permissions that concern a project. */
export type ProjectPermission = Exclude<Permission, `association.${string}`>;

/** A stored object that belongs to a project (task, comment, event, shift…). */
export type ProjectChild = { projectId: Types.ObjectId };

export interface ProjectGrant {
  project: Project & { _id: Types.ObjectId };
  /** The caller's associations that are active partners of the project. */
  activeAssociationIds: string[];
  /** Of those, the ones the caller administers. */
  adminAssociationIds: string[];
  /** The caller's administered associations whose partner status is `invited`. */
  invitedAdminAssociationIds: string[];
  isCoordinatorAdmin: boolean;
}

type ProjectRow = Project & { _id: Types.ObjectId };

/** Who the caller is around a project: their memberships, and how their associations stand in it. */
interface Standing {
  roles: Map<string, AssociationRole>;
  partnerRows: { associationId: Types.ObjectId; status: PartnerStatus }[];
}

/**
 * How long a standing is trusted while no membership or partner row is written (here, or elsewhere:
 * the access mark, read again every 500 ms). A backstop for a write whose mark move failed.
 */
const STANDING_TTL_MS = 10_000;

@Injectable()
export class AccessService implements OnModuleInit, OnModuleDestroy {
  /** Membership, partner and project writes this process made: moves the mark of what it remembers at once. */
  private localWrites = 0;
  /**
   * The two reads of a project check that are not by `_id` (memberships by user, partners of the
   * project), remembered per user and project: on FerretDB each scans its whole collection.
   */
  private readonly standings = new ShortMemo<Standing>(STANDING_TTL_MS, { mark: () => this.accessMark(), refreshAhead: true });
  /** The project read by a check (its status decides writes), remembered the same way: its writes move the mark too. */
  private readonly projectRows = new ShortMemo<ProjectRow | null>(STANDING_TTL_MS, { mark: () => this.accessMark(), refreshAhead: true });
  private readonly onAccessWrite = async () => {
    this.localWrites++;
    // The write is done: a failure here must not fail it (the standings' 10 s bound then holds).
    await this.marks.moveOrWarn('access');
  };

  constructor(
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    @InjectModel(Partner.name) private readonly partners: Model<Partner>,
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    @InjectModel(Resource.name) private readonly resources: Model<Resource>,
    private readonly marks: ChangeMarks,
  ) {}

  onModuleInit(): void {
    accessWrites.on(this.onAccessWrite);
  }

  onModuleDestroy(): void {
    accessWrites.off(this.onAccessWrite);
  }

  /** Non-members get 404 (an outsider learns nothing); members lacking the admin role get 403. */
  async requireAssociation(userId: string, associationId: string, permission: 'association.member' | 'association.admin'): Promise<AssociationGrant> {
    if (!Types.ObjectId.isValid(associationId)) throw notFound('Association');
    const membership = await this.memberships.findOne({ associationId: new Types.ObjectId(associationId), userId: new Types.ObjectId(userId) }).lean();
    if (!membership) throw notFound('Association');
    if (permission === 'association.admin' && membership.role !== 'admin') {
      throw forbidden('Only an admin of this association can do this');
    }
    return { associationId, role: membership.role };
  }

  /** The caller's memberships, as association id → role. */
  async rolesOf(userId: string): Promise<Map<string, AssociationRole>> {
    const rows = await this.memberships.find({ userId: new Types.ObjectId(userId) }, { associationId: 1, role: 1 }).lean();
    return new Map(rows.map((row) => [String(row.associationId), row.role]));
  }

  /**
   * Every project the caller may read (the reach of project.read, as a set): those where one of
   * their associations is an active partner. `roles` may be passed when the caller already has them.
   */
  async readableProjectIds(userId: string, roles?: Map<string, AssociationRole>): Promise<Types.ObjectId[]> {
    const associationIds = [...(roles ?? (await this.rolesOf(userId))).keys()].map((id) => new Types.ObjectId(id));
    if (!associationIds.length) return [];
    const rows = await this.partners.find({ associationId: { $in: associationIds }, status: 'active' }, { projectId: 1 }).lean();
    return [...new Set(rows.map((row) => String(row.projectId)))].map((id) => new Types.ObjectId(id));
  }

  /**
   * The caller's grant on a project. Their standing may come from memory (see `standings`), but only
   * to say yes: a refusal is decided on a fresh read, so someone who has just joined, been promoted or
   * been invited is never refused from memory. `fresh` reads everything again, for the checks that
   * decide what a socket keeps receiving.
   */
  async requireProject(userId: string, projectId: string, permission: ProjectPermission, options: { fresh?: boolean } = {}): Promise<ProjectGrant> {
    if (!Types.ObjectId.isValid(projectId)) throw notFound('Project');
    const key = `${userId}:${projectId}`;
    const [project, standing] = await Promise.all(
      options.fresh
        ? [this.readProject(projectId), this.readStanding(userId, projectId)]
        : [this.projectRows.get(projectId, () => this.readProject(projectId)), this.standings.get(key, () => this.readStanding(userId, projectId))],
    );
    try {
      if (!project) throw notFound('Project');
      // A copy per caller: the remembered row is shared.
      return this.grantOn({ ...project }, standing, permission);
    } catch (refusal) {
      if (options.fresh) throw refusal;
      this.standings.forget(key);
      this.projectRows.forget(projectId);
      return this.requireProject(userId, projectId, permission, { fresh: true });
    }
  }

  private readProject(projectId: string): Promise<ProjectRow | null> {
    return rowById(this.projects, projectId);
  }

  private async accessMark(): Promise<string> {
    return `${await this.marks.current('access')}#${this.localWrites}`;
  }

  private async readStanding(userId: string, projectId: string): Promise<Standing> {
    const roles = await this.rolesOf(userId);
    const partnerRows = roles.size
      ? await this.partners
          .find(
            { projectId: new Types.ObjectId(projectId), associationId: { $in: [...roles.keys()].map((id) => new Types.ObjectId(id)) } },
            { associationId: 1, status: 1 },
          )
          .lean()
      : [];
    return { roles, partnerRows };
  }

  private grantOn(project: Project & { _id: Types.ObjectId }, { roles, partnerRows }: Standing, permission: ProjectPermission): ProjectGrant {
    const statusOf = new Map<string, PartnerStatus>(partnerRows.map((row) => [String(row.associationId), row.status]));
    const activeAssociationIds = [...statusOf].filter(([, status]) => status === 'active').map(([id]) => id);
    const adminAssociationIds = activeAssociationIds.filter((id) => roles.get(id) === 'admin');
    const invitedAdminAssociationIds = [...statusOf].filter(([id, status]) => status === 'invited' && roles.get(id) === 'admin').map(([id]) => id);
    const coordinatorId = String(project.coordinatorAssociationId);
    const grant: ProjectGrant = {
      project,
      activeAssociationIds,
      adminAssociationIds,
      invitedAdminAssociationIds,
      isCoordinatorAdmin: adminAssociationIds.includes(coordinatorId),
    };

    if (permission === 'project.invitation') {
      if (!activeAssociationIds.length && !invitedAdminAssociationIds.length) throw notFound('Project');
      return grant;
    }
    if (!activeAssociationIds.length) throw notFound('Project');
    if (permission === 'project.manage' && !grant.isCoordinatorAdmin) {
      throw forbidden('Only an admin of the coordinating association can do this');
    }
    if (permission === 'project.write') this.assertNotArchived(project);
    return grant;
  }

  /** Whether the caller still has `permission` on the project (for re-checks, where a refusal is not an error). */
  async mayAccessProject(userId: string, projectId: string, permission: ProjectPermission): Promise<boolean> {
    try {
      await this.requireProject(userId, projectId, permission, { fresh: true });
      return true;
    } catch (error) {
      if (error instanceof HttpException) return false;
      throw error;
    }
  }

  /**
   * A child object of a project (`what` names it: 'Task', 'Event'…) and the caller's grant on that
   * project. A missing object and one in a project the caller cannot see answer the same 404, so an
   * id reveals nothing; other refusals (403, 409 archived) only reach those who can see the project.
   */
  async requireProjectChild<T extends ProjectChild>(
    userId: string,
    model: Model<T>,
    childId: string,
    permission: ProjectPermission,
    what: string,
  ): Promise<{ child: T & { _id: Types.ObjectId }; grant: ProjectGrant }> {
    if (!Types.ObjectId.isValid(childId)) throw notFound(what);
    const child = await rowById(model, childId);
    // A child whose deletion is under way (see PendingActivityService.remove) is gone already.
    if (!child || isBeingRemoved(child)) throw notFound(what);
    try {
      return { child, grant: await this.requireProject(userId, String(child.projectId), permission) };
    } catch (error) {
      if (error instanceof ProblemException && error.getStatus() === HttpStatus.NOT_FOUND) throw notFound(what);
      throw error;
    }
  }

  /**
   * An admin of `associationId` acts for it in the project: `active` admins only, or also admins of
   * an invited association (answering the invitation, signing the charter). `action` ends the 403.
   */
  requireAssociationAdminIn(grant: ProjectGrant, associationId: string, action: string, options: { invited: boolean }): void {
    if (grant.adminAssociationIds.includes(associationId)) return;
    if (options.invited && grant.invitedAdminAssociationIds.includes(associationId)) return;
    throw forbidden(`Only an admin of this association can ${action}`);
  }

  /** Members of the organizing association and coordinator admins change an event and its shifts. */
  requireEventEditor(grant: ProjectGrant, event: { organizerAssociationId: Types.ObjectId | string }): void {
    if (grant.isCoordinatorAdmin || grant.activeAssociationIds.includes(String(event.organizerAssociationId))) return;
    throw forbidden('Only members of the organizing association or admins of the coordinator can change this event');
  }

  /** Archived projects are read-only; only reopening them (PATCH status) is allowed. */
  assertNotArchived(project: { _id: Types.ObjectId; status: string }): void {
    if (project.status === 'archived') {
      throw conflict('This project is archived and read-only', { code: 'project_archived', current: { id: String(project._id), status: project.status } });
    }
  }

  /** The associations that are active partners of a project (who may be assigned its work). */
  async activePartnerIds(projectId: Types.ObjectId): Promise<string[]> {
    const rows = await this.partners.find({ projectId, status: 'active' }, { associationId: 1 }).lean();
    return rows.map((row) => String(row.associationId));
  }

  /**
   * Everyone who may read the project (the reach of project.read, as a set): the members of its active
   * partners. For many checks of one project at once (a reconnect storm); empty for an unknown project.
   */
  async projectReaderIds(projectId: string): Promise<Set<string>> {
    if (!Types.ObjectId.isValid(projectId)) return new Set();
    const partnerIds = await this.activePartnerIds(oid(projectId));
    if (!partnerIds.length) return new Set();
    const members = await this.memberships.distinct('userId', { associationId: { $in: partnerIds.map(oid) } });
    return new Set(members.map(String));
  }

  /** Of `userIds`, those who are members of one of `associationIds` (e.g. a project's active partners). */
  async membersAmong(userIds: Types.ObjectId[], associationIds: string[]): Promise<Set<string>> {
    if (!userIds.length || !associationIds.length) return new Set();
    const members = await this.memberships.distinct('userId', { userId: { $in: userIds }, associationId: { $in: associationIds.map(oid) } });
    return new Set(members.map(String));
  }

  /** Every project an association is or was a partner of, whatever the status (whose access may change with it). */
  /** The admins of an association: they answer its project invitations. */
  async adminIdsOf(associationId: string): Promise<string[]> {
    if (!Types.ObjectId.isValid(associationId)) return [];
    const rows = await this.memberships.find({ associationId: oid(associationId), role: 'admin' }, { userId: 1 }).lean();
    return rows.map((row) => String(row.userId));
  }

  async projectIdsOfAssociation(associationId: string): Promise<string[]> {
    if (!Types.ObjectId.isValid(associationId)) return [];
    const rows = await this.partners.find({ associationId: oid(associationId) }, { projectId: 1 }).lean();
    return rows.map((row) => String(row.projectId));
  }

  /**
   * Associations that are active partners of any of `associationIds` in a common project that is not
   * archived (the reach of `sharing: partners`, seen from either side).
   */
  async partnerAssociationIds(associationIds: string[]): Promise<Set<string>> {
    if (!associationIds.length) return new Set();
    const own = await this.partners
      .find({ associationId: { $in: associationIds.map((id) => new Types.ObjectId(id)) }, status: 'active' }, { projectId: 1 })
      .lean();
    if (!own.length) return new Set();
    const live = await this.projects.find({ _id: { $in: own.map((row) => row.projectId) }, status: { $ne: 'archived' } }, { _id: 1 }).lean();
    if (!live.length) return new Set();
    const rows = await this.partners.find({ projectId: { $in: live.map((row) => row._id) }, status: 'active' }, { associationId: 1 }).lean();
    return new Set(rows.map((row) => String(row.associationId)));
  }

  /** Whether an association may use a resource it does not own, given the resource's sharing. */
  async associationMayUse(resource: Pick<Resource, 'associationId' | 'sharing' | 'status'>, associationId: string): Promise<boolean> {
    if (String(resource.associationId) === associationId) return true;
    if (resource.status === 'archived') return false;
    if (resource.sharing === 'network') return true;
    if (resource.sharing === 'partners') return (await this.partnerAssociationIds([associationId])).has(String(resource.associationId));
    return false;
  }

  async requireResource(
    userId: string,
    resourceId: string,
    permission: ResourcePermission,
    options: { asAssociationId?: string } = {},
  ): Promise<ResourceGrant> {
    if (!Types.ObjectId.isValid(resourceId)) throw notFound('Resource');
    const [resource, roles] = await Promise.all([rowById(this.resources, resourceId), this.rolesOf(userId)]);
    if (!resource) throw notFound('Resource');
    const ownerId = String(resource.associationId);
    const grant: ResourceGrant = { resource, roles, isOwnerMember: roles.has(ownerId), isOwnerAdmin: roles.get(ownerId) === 'admin' };
    if (!grant.isOwnerMember) {
      let visible = false;
      if (resource.status === 'active' && roles.size) {
        if (resource.sharing === 'network') visible = true;
        else if (resource.sharing === 'partners') visible = (await this.partnerAssociationIds([...roles.keys()])).has(ownerId);
      }
      if (!visible) throw notFound('Resource');
    }
    if (permission === 'resource.manage' && !grant.isOwnerAdmin) throw forbidden('Only an admin of the owning association can do this');
    if (permission === 'resource.book') {
      const asAssociationId = options.asAssociationId ?? '';
      if (!roles.has(asAssociationId)) throw forbidden('Only a member of the requesting association can book for it');
      if (!(await this.associationMayUse(resource, asAssociationId))) throw forbidden('This resource is not shared with the requesting association');
    }
    return grant;
  }

  /**
   * Bookings: `booking.read` — a member of the owner or of the requesting association;
   * `booking.decide` — an admin of the owner; `booking.cancel` — an admin of the owner or a member
   * of the requesting association. Anyone else: the same 404 as for a missing `what` (a booking, a
   * booking series).
   */
  async requireBooking(
    userId: string,
    booking: { ownerAssociationId: Types.ObjectId | string; requesterAssociationId: Types.ObjectId | string },
    permission: 'booking.read' | 'booking.decide' | 'booking.cancel',
    what = 'Booking',
  ): Promise<{ roles: Map<string, AssociationRole>; isOwnerAdmin: boolean; isRequesterMember: boolean }> {
    const roles = await this.rolesOf(userId);
    const ownerRole = roles.get(String(booking.ownerAssociationId));
    const isRequesterMember = roles.has(String(booking.requesterAssociationId));
    if (!ownerRole && !isRequesterMember) throw notFound(what);
    const isOwnerAdmin = ownerRole === 'admin';
    if (permission === 'booking.decide' && !isOwnerAdmin) throw forbidden('Only an admin of the owning association can do this');
    if (permission === 'booking.cancel' && !isOwnerAdmin && !isRequesterMember) {
      throw forbidden('Only the requesting association or an admin of the owner can cancel');
    }
    return { roles, isOwnerAdmin, isRequesterMember };
  }
}
