import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Membership, AssociationRole } from '../../associations/schemas/membership.schema';
import { Partner, PartnerStatus } from '../../projects/schemas/partner.schema';
import { Project } from '../../projects/schemas/project.schema';
import { conflict, forbidden, notFound } from '../errors/problem.exception';

/**
 * What a caller wants to do. Each service method asks for exactly one of these, once, first.
 *  - association.member / association.admin: a member (any role) / an admin of the association;
 *  - project.read: a member of an association that is an active partner of the project;
 *  - project.write: the same, and the project is not archived;
 *  - project.manage: an admin of the coordinator association (archived projects may only be reopened);
 *  - project.invitation: project.read, or an admin of an invited association (invitation and charter only).
 */
export type Permission =
  | 'association.member'
  | 'association.admin'
  | 'project.read'
  | 'project.write'
  | 'project.manage'
  | 'project.invitation';

export interface AssociationGrant {
  associationId: string;
  role: AssociationRole;
}

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

@Injectable()
export class AccessService {
  constructor(
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    @InjectModel(Partner.name) private readonly partners: Model<Partner>,
    @InjectModel(Project.name) private readonly projects: Model<Project>,
  ) {}

  /** Non-members get 404 (an outsider learns nothing); members lacking the admin role get 403. */
  async requireAssociation(userId: string, associationId: string, permission: 'association.member' | 'association.admin'): Promise<AssociationGrant> {
    if (!Types.ObjectId.isValid(associationId)) throw notFound('Association');
    const membership = await this.memberships
      .findOne({ associationId: new Types.ObjectId(associationId), userId: new Types.ObjectId(userId) })
      .lean();
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

  async requireProject(userId: string, projectId: string, permission: Exclude<Permission, `association.${string}`>): Promise<ProjectGrant> {
    if (!Types.ObjectId.isValid(projectId)) throw notFound('Project');
    const [project, roles] = await Promise.all([
      this.projects.findById(projectId).lean(),
      this.rolesOf(userId),
    ]);
    if (!project) throw notFound('Project');
    const partnerRows = roles.size
      ? await this.partners
          .find(
            { projectId: project._id, associationId: { $in: [...roles.keys()].map((id) => new Types.ObjectId(id)) } },
            { associationId: 1, status: 1 },
          )
          .lean()
      : [];
    const statusOf = new Map<string, PartnerStatus>(partnerRows.map((row) => [String(row.associationId), row.status]));
    const activeAssociationIds = [...statusOf].filter(([, status]) => status === 'active').map(([id]) => id);
    const adminAssociationIds = activeAssociationIds.filter((id) => roles.get(id) === 'admin');
    const invitedAdminAssociationIds = [...statusOf]
      .filter(([id, status]) => status === 'invited' && roles.get(id) === 'admin')
      .map(([id]) => id);
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
    if (permission === 'project.write' && project.status === 'archived') {
      throw conflict('This project is archived and read-only', { code: 'project_archived', current: { id: String(project._id), status: project.status } });
    }
    return grant;
  }
}
