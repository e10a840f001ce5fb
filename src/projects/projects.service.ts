import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { ActivityService } from '../activity/activity.service';
import { appendedData, newOperation, PendingActivityService } from '../activity/pending-activity.service';
import { PendingActivity } from '../activity/schemas/pending-activity.schema';
import { AccessService } from '../common/access/access.service';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { badRequest, conflict, staleVersion } from '../common/errors/problem.exception';
import { decodeCursor, DEFAULT_LIMIT, PageQueryDto, toPage } from '../common/pagination/pagination';
import { User } from '../users/schemas/user.schema';
import { UserDataRegistry } from '../users/user-data.registry';
import { defaultCharterText } from './default-charter';
import { ChangeCoordinatorDto, CreateProjectDto, UpdateProjectDto } from './dto/project.dto';
import { PartnersService } from './partners.service';
import type { InvitationItem, ProjectInvitationView, ProjectList, ProjectView } from '@maillage/contract';
import { PartnerRow, ProjectRow, ProjectViews } from './project-views.service';
import { CharterSignature } from './schemas/charter-signature.schema';
import { Partner } from './schemas/partner.schema';
import { Project } from './schemas/project.schema';
import { oid } from '../common/ids';

/** How many pending invitations GET /api/projects returns at most (they are few; a bound keeps it cheap). */
const MAX_INVITATIONS = 200;

const toDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));

@Injectable()
export class ProjectsService implements OnModuleInit {
  constructor(
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    @InjectModel(Partner.name) private readonly partners: Model<Partner>,
    @InjectModel(CharterSignature.name) private readonly signatures: Model<CharterSignature>,
    @InjectModel(User.name) private readonly users: Model<User>,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly pending: PendingActivityService,
    private readonly views: ProjectViews,
    private readonly partnerService: PartnersService,
    private readonly registry: UserDataRegistry,
  ) {}

  onModuleInit(): void {
    this.pending.register<Project>({
      model: this.projects,
      projectOf: (row) => row._id,
      build: {
        'project.created': async (row, operation) => {
          await this.completeCreation(row, operation);
          return { project: await this.views.oneProject(row) };
        },
        'project.updated': async (row, operation) => ({ project: await this.views.oneProject(row), changes: operation.detail?.changes ?? [] }),
        'coordinator.changed': (row, operation) => this.coordinatorChanged(row, operation),
      },
    });
    this.registry.register({
      name: 'projects',
      export: (userId) => this.exportUserData(userId),
      erase: (userId) => this.eraseUserData(userId),
    });
  }

  /**
   * The coordinator is an active partner from the start and has signed version 1 of the default
   * charter (in the creator's language). No transaction: the project document is the anchor of the
   * operation and carries it until its builder has written the partner row and the signature
   * (both idempotent) and the activity is appended; until the partner row exists nobody reaches
   * the project, and a crash in between is finished by PendingActivityService.
   */
  async create(userId: string, input: CreateProjectDto): Promise<ProjectView> {
    await this.access.requireAssociation(userId, input.coordinatorAssociationId, 'association.admin');
    const startDate = toDate(input.startDate) ?? null;
    const endDate = toDate(input.endDate) ?? null;
    assertDateOrder(startDate, endDate);
    const creator = await this.users.findById(userId, { locale: 1 }).lean();
    const operation = newOperation('project.created', userId);
    const fields = {
      title: input.title,
      description: input.description,
      coordinatorAssociationId: oid(input.coordinatorAssociationId),
      status: 'draft',
      startDate,
      endDate,
      charter: { version: 1, text: defaultCharterText(creator?.locale), updatedAt: operation.at, updatedBy: oid(userId) },
      createdBy: oid(userId),
    };
    return appendedData(await this.pending.insert(this.projects, fields, operation), 'project');
  }

  /** The rest of project.created: the coordinator's partner row and its signature of version 1. */
  private async completeCreation(project: ProjectRow, operation: PendingActivity): Promise<void> {
    try {
      await this.partners.create({
        projectId: project._id,
        associationId: project.coordinatorAssociationId,
        status: 'active',
        invitedBy: operation.actorId,
        invitedAt: operation.at,
        joinedAt: operation.at,
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    await this.partnerService.recordSignature(project._id, String(project.coordinatorAssociationId), 1, operation.actorId, operation.at);
  }

  /** Projects I reach through an active partnership of one of my associations, newest first. */
  async list(userId: string, query: PageQueryDto): Promise<ProjectList> {
    const roles = await this.access.rolesOf(userId);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor<{ i: string }>(query.cursor);
    if (after && (typeof after.i !== 'string' || !Types.ObjectId.isValid(after.i))) throw badRequest('cursor', 'is not a cursor this server gave');
    if (!roles.size) return { items: [], nextCursor: null, invitations: [] };
    const adminAssociationIds = [...roles].filter(([, role]) => role === 'admin').map(([id]) => oid(id));
    const [projectIds, invitedRows] = await Promise.all([
      this.access.readableProjectIds(userId, roles),
      adminAssociationIds.length
        ? this.partners
            .find({ associationId: { $in: adminAssociationIds }, status: 'invited' })
            .sort({ _id: -1 })
            .limit(MAX_INVITATIONS)
            .lean<PartnerRow[]>()
        : Promise.resolve([] as PartnerRow[]),
    ]);
    const filter: Record<string, unknown> = { _id: after ? { $in: projectIds.filter((id) => id.toHexString() < after.i) } : { $in: projectIds } };
    const rows = projectIds.length
      ? await this.projects
          .find(filter)
          .sort({ _id: -1 })
          .limit(limit + 1)
          .lean<ProjectRow[]>()
      : [];
    const page = toPage(rows, limit, (last) => ({ i: String(last._id) }));
    return { items: await this.views.projectViews(page.items), nextCursor: page.nextCursor, invitations: await this.invitationItems(invitedRows) };
  }

  async get(userId: string, projectId: string): Promise<ProjectView | ProjectInvitationView> {
    const grant = await this.access.requireProject(userId, projectId, 'project.invitation');
    const view = await this.views.oneProject(grant.project);
    return grant.activeAssociationIds.length ? view : this.views.invitationView(view, grant.invitedAdminAssociationIds);
  }

  async update(userId: string, projectId: string, input: UpdateProjectDto): Promise<ProjectView> {
    const grant = await this.access.requireProject(userId, projectId, 'project.manage');
    const project = grant.project;
    const { version: expectedVersion, ...fields } = input;
    const set: Record<string, unknown> = {};
    if (fields.title !== undefined) set.title = fields.title;
    if (fields.description !== undefined) set.description = fields.description;
    if (fields.startDate !== undefined) set.startDate = toDate(fields.startDate);
    if (fields.endDate !== undefined) set.endDate = toDate(fields.endDate);
    if (fields.status !== undefined) set.status = fields.status;
    if (fields.valuation !== undefined) set.valuation = { volunteerHourlyRateEuros: Math.round(fields.valuation.volunteerHourlyRateEuros * 100) / 100 };
    const reopening = fields.status !== undefined && fields.status !== 'archived';
    if (!reopening) this.access.assertNotArchived(project);
    if (expectedVersion !== undefined && expectedVersion !== project.version) throw staleVersion(await this.views.oneProject(project));
    assertDateOrder(
      (set.startDate as Date | null | undefined) === undefined ? (project.startDate ?? null) : (set.startDate as Date | null),
      (set.endDate as Date | null | undefined) === undefined ? (project.endDate ?? null) : (set.endDate as Date | null),
    );
    if (!Object.keys(set).length) return this.views.oneProject(project);

    const filter: Record<string, unknown> = { _id: project._id };
    if (expectedVersion !== undefined) filter.version = expectedVersion;
    if (!reopening) filter.status = { $ne: 'archived' };
    const operation = newOperation('project.updated', userId, { changes: Object.keys(set) });
    const updated = await this.pending.update(this.projects, filter, { $set: set, $inc: { version: 1 } }, operation);
    if (!updated) {
      // Lost a race: someone changed the version or archived the project in between.
      const current = (await this.projects.findById(project._id).lean<ProjectRow>()) ?? project;
      if (!reopening) this.access.assertNotArchived(current);
      throw staleVersion(await this.views.oneProject(current));
    }
    return appendedData(updated, 'project');
  }

  /** Hands the coordinator role to another active partner. */
  async changeCoordinator(userId: string, projectId: string, input: ChangeCoordinatorDto): Promise<ProjectView> {
    const grant = await this.access.requireProject(userId, projectId, 'project.manage');
    const project = grant.project;
    this.access.assertNotArchived(project);
    const previous = String(project.coordinatorAssociationId);
    if (previous === input.associationId) return this.views.oneProject(project);
    const target = await this.partners.findOne({ projectId: project._id, associationId: oid(input.associationId) }).lean<PartnerRow>();
    if (!target || target.status !== 'active') {
      throw conflict('Only an active partner can become the coordinator', {
        code: 'not_an_active_partner',
        current: target ? await this.views.onePartner(target, project) : null,
      });
    }
    const updated = await this.pending.update(
      this.projects,
      { _id: project._id, coordinatorAssociationId: project.coordinatorAssociationId },
      { $set: { coordinatorAssociationId: target.associationId }, $inc: { version: 1 } },
      newOperation('coordinator.changed', userId, { previousCoordinatorAssociationId: previous }),
    );
    if (!updated) {
      const current = (await this.projects.findById(project._id).lean<ProjectRow>()) ?? project;
      throw staleVersion(await this.views.oneProject(current));
    }
    if (!updated.activity) {
      const still = await this.partners.findById(target._id).lean<PartnerRow>();
      throw conflict('Only an active partner can become the coordinator', {
        code: 'not_an_active_partner',
        current: still ? await this.views.onePartner(still, project) : null,
      });
    }
    return appendedData(updated, 'project');
  }

  /**
   * The target may have left between the check and the update. Leave and remove check the
   * coordinator again after their own write, and so does this builder, so of two racing writers at
   * least one sees the other and undoes its change: the coordinator is always an active partner.
   */
  private async coordinatorChanged(project: ProjectRow, operation: PendingActivity): Promise<Record<string, unknown> | null> {
    const previous = String(operation.detail?.previousCoordinatorAssociationId);
    const coordinator = await this.partners.findOne({ projectId: project._id, associationId: project.coordinatorAssociationId }, { status: 1 }).lean();
    if (coordinator?.status !== 'active') {
      await this.projects.updateOne(
        { _id: project._id, 'pendingActivity.opId': operation.opId },
        { $set: { coordinatorAssociationId: oid(previous), pendingActivity: null }, $inc: { version: 1 } },
      );
      return null;
    }
    return { project: await this.views.oneProject(project), previousCoordinatorAssociationId: previous };
  }

  private async invitationItems(rows: PartnerRow[]): Promise<InvitationItem[]> {
    if (!rows.length) return [];
    const projects = await this.projects.find({ _id: { $in: rows.map((row) => row.projectId) } }).lean<ProjectRow[]>();
    const byId = new Map(projects.map((project) => [String(project._id), project]));
    const present = rows.filter((row) => byId.has(String(row.projectId)));
    const [partners, names] = await Promise.all([
      this.views.partnerViews(present, projects),
      this.views.associationNames(projects.map((project) => project.coordinatorAssociationId)),
    ]);
    return partners.map((partner) => {
      const project = byId.get(partner.projectId)!;
      const coordinatorAssociationId = String(project.coordinatorAssociationId);
      return {
        ...partner,
        project: {
          id: partner.projectId,
          access: 'invitation' as const,
          title: project.title,
          description: project.description ?? null,
          coordinatorAssociationId,
          coordinator: { id: coordinatorAssociationId, name: names.get(coordinatorAssociationId) ?? '' },
          status: project.status,
        },
      };
    });
  }

  private async exportUserData(userId: string) {
    const me = oid(userId);
    const [created, signatures, invitations] = await Promise.all([
      this.projects.find({ createdBy: me }, { title: 1, createdAt: 1 }).lean(),
      this.signatures.find({ signedBy: me }).lean(),
      this.partners.find({ invitedBy: me }, { projectId: 1, associationId: 1, status: 1, invitedAt: 1 }).lean(),
    ]);
    return {
      projectsCreated: created.map((row) => ({ projectId: String(row._id), title: row.title, createdAt: row.createdAt })),
      charterSignatures: signatures.map((row) => ({ projectId: String(row.projectId), ...this.views.signatureView(row) })),
      invitationsSent: invitations.map((row) => ({
        projectId: String(row.projectId),
        associationId: String(row.associationId),
        status: row.status,
        invitedAt: row.invitedAt ?? null,
      })),
    };
  }

  /** The projects and signatures stay (they belong to the associations); who acted is forgotten. */
  private async eraseUserData(userId: string): Promise<void> {
    const me = oid(userId);
    await Promise.all([
      this.signatures.updateMany({ signedBy: me }, { $set: { signedBy: null } }),
      this.partners.updateMany({ invitedBy: me }, { $set: { invitedBy: null } }),
      this.projects.updateMany({ createdBy: me }, { $set: { createdBy: null } }),
      this.projects.updateMany({ 'charter.updatedBy': me }, { $set: { 'charter.updatedBy': null } }),
    ]);
  }
}

function assertDateOrder(start: Date | null, end: Date | null): void {
  if (start && end && end.getTime() < start.getTime()) throw badRequest('endDate', 'must not be before startDate', 'not_before_start');
}
