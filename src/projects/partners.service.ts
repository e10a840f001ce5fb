// About 300 lines: the partner state machine (invite, accept, decline, leave, remove, sign), each
// transition with its crash-safe activity and the access change it causes.
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { appendedData, Completed, newOperation, PendingActivityService } from '../activity/pending-activity.service';
import { PendingActivity } from '../activity/schemas/pending-activity.schema';
import { Association } from '../associations/schemas/association.schema';
import { AccessService } from '../common/access/access.service';
import { DomainEvent, ProjectAccessChanged } from '../common/domain-events';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { badRequest, conflict, invalidTransition, notFound } from '../common/errors/problem.exception';
import { decodeCursor, DEFAULT_LIMIT, Page, PageQueryDto, toPage } from '../common/pagination/pagination';
import { InvitePartnerDto } from './dto/partner.dto';
import type { PartnerView } from '@maillage/contract';
import { PartnerRow, ProjectRow, ProjectViews, SignatureRow } from './project-views.service';
import { CharterSignature } from './schemas/charter-signature.schema';
import { Partner, PartnerStatus } from './schemas/partner.schema';
import { Project } from './schemas/project.schema';
import { oid } from '../common/ids';

/** The partner changes whose activity carries the partner alone. */

/** Statuses from which an association may be invited (again): the same document goes back to `invited`. */
const REINVITABLE: PartnerStatus[] = ['declined', 'left', 'removed'];

/** How a partner joined: by accepting the invitation or by signing the charter (same effect). */
export type JoinAction = 'accept' | 'sign';

/**
 * The partner state machine: invited → active | declined; active → left | removed; invited → removed;
 * declined | left | removed → invited. Each transition is one findOneAndUpdate conditioned on the
 * status and version that were read, so of two racing transitions exactly one wins and the other
 * answers 409 with the partner as it is now. Each transition writes its activity through
 * PendingActivityService (the partner document is the anchor, also of the signature that joining makes).
 */
@Injectable()
export class PartnersService implements OnModuleInit {
  constructor(
    @InjectModel(Partner.name) private readonly partners: Model<Partner>,
    @InjectModel(CharterSignature.name) private readonly signatures: Model<CharterSignature>,
    @InjectModel(Association.name) private readonly associations: Model<Association>,
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    private readonly access: AccessService,
    private readonly pending: PendingActivityService,
    private readonly views: ProjectViews,
    private readonly events: EventEmitter2,
  ) {}

  onModuleInit(): void {
    const partnerOnly = async (row: PartnerRow) => ({ partner: await this.views.onePartner(row, await this.projectOf(row)) });
    const departure = async (row: PartnerRow, operation: PendingActivity) => {
      const project = await this.projectOf(row);
      if (String(project.coordinatorAssociationId) === String(row.associationId)) {
        // A coordinator handoff to this association raced with its departure: the departure is
        // undone (leave and changeCoordinator each check the other after their own write).
        const previousStatus = operation.detail?.previousStatus as PartnerStatus;
        await this.partners.updateOne(
          { _id: row._id, 'pendingActivity.opId': operation.opId },
          { $set: { status: previousStatus, pendingActivity: null }, $inc: { version: 1 } },
        );
        return null;
      }
      return { partner: await this.views.onePartner(row, project) };
    };
    this.pending.register<Partner>({
      model: this.partners,
      projectOf: (row) => row.projectId,
      build: {
        'partner.invited': partnerOnly,
        'partner.declined': partnerOnly,
        'partner.left': departure,
        'partner.removed': departure,
        'partner.joined': async (row, operation) => {
          const version = Number(operation.detail?.charterVersion);
          const { signature } = await this.recordSignature(row.projectId, String(row.associationId), version, operation.actorId, operation.at);
          return { partner: await this.views.onePartner(row, await this.projectOf(row)), signature: this.views.signatureView(signature) };
        },
      },
    });
    this.pending.register<CharterSignature>({
      model: this.signatures,
      projectOf: (row) => row.projectId,
      build: {
        'charter.signed': async (row) => {
          const partner = await this.requirePartner(row.projectId, String(row.associationId));
          return { partner: await this.views.onePartner(partner, await this.projectOf(row)), signature: this.views.signatureView(row) };
        },
      },
    });
  }

  async invite(userId: string, projectId: string, input: InvitePartnerDto): Promise<PartnerView> {
    const grant = await this.access.requireProject(userId, projectId, 'project.manage');
    const project = grant.project;
    this.access.assertNotArchived(project);
    if (!(await this.associations.exists({ _id: oid(input.associationId) }))) throw notFound('Association');
    const now = new Date();
    const invitation = { message: input.message ?? null, invitedBy: oid(userId), invitedAt: now };
    let row = await this.findPartner(project._id, input.associationId);
    if (!row) {
      try {
        const fields = { projectId: project._id, associationId: oid(input.associationId), status: 'invited', ...invitation };
        return appendedData(await this.pending.insert(this.partners, fields, newOperation('partner.invited', userId)), 'partner');
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Another coordinator admin invited it at the same moment: that row decides below.
        row = await this.findPartner(project._id, input.associationId);
        if (!row) throw error;
      }
    }
    const invited = await this.transition(
      row,
      project,
      'invite',
      REINVITABLE,
      { status: 'invited', ...invitation, joinedAt: null },
      newOperation('partner.invited', userId),
    );
    return appendedData(invited, 'partner');
  }

  async list(userId: string, projectId: string, query: PageQueryDto): Promise<Page<PartnerView>> {
    const grant = await this.access.requireProject(userId, projectId, 'project.invitation');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor<{ i: string }>(query.cursor);
    const filter: Record<string, unknown> = { projectId: grant.project._id };
    if (after) {
      if (typeof after.i !== 'string' || !Types.ObjectId.isValid(after.i)) throw badRequest('cursor', 'is not a cursor this server gave');
      filter._id = { $gt: oid(after.i) };
    }
    const rows = await this.partners
      .find(filter)
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean<PartnerRow[]>();
    const page = toPage(rows, limit, (last) => ({ i: String(last._id) }));
    return { items: await this.views.partnerViews(page.items, [grant.project]), nextCursor: page.nextCursor };
  }

  async accept(userId: string, projectId: string, associationId: string, charterVersion: number): Promise<PartnerView> {
    const grant = await this.access.requireProject(userId, projectId, 'project.invitation');
    this.access.requireAssociationAdminIn(grant, associationId, 'answer for it', { invited: true });
    this.access.assertNotArchived(grant.project);
    return (await this.join(grant.project, associationId, userId, charterVersion, 'accept')).partner;
  }

  async decline(userId: string, projectId: string, associationId: string): Promise<PartnerView> {
    const grant = await this.access.requireProject(userId, projectId, 'project.invitation');
    this.access.requireAssociationAdminIn(grant, associationId, 'answer for it', { invited: true });
    const row = await this.requirePartner(grant.project._id, associationId);
    const declined = await this.transition(row, grant.project, 'decline', ['invited'], { status: 'declined' }, newOperation('partner.declined', userId));
    return appendedData(declined, 'partner');
  }

  async leave(userId: string, projectId: string, associationId: string): Promise<PartnerView> {
    const grant = await this.access.requireProject(userId, projectId, 'project.read');
    this.access.requireAssociationAdminIn(grant, associationId, 'take it out of the project', { invited: false });
    const row = await this.requirePartner(grant.project._id, associationId);
    await this.refuseCoordinator(grant.project, row, 'leave');
    const left = await this.transition(
      row,
      grant.project,
      'leave',
      ['active'],
      { status: 'left' },
      newOperation('partner.left', userId, { previousStatus: row.status }),
    );
    await this.refuseIfUndone(grant.project, left, 'leave');
    this.accessChanged(grant.project, associationId);
    return appendedData(left, 'partner');
  }

  async remove(userId: string, projectId: string, associationId: string): Promise<void> {
    const grant = await this.access.requireProject(userId, projectId, 'project.manage');
    this.access.assertNotArchived(grant.project);
    const row = await this.requirePartner(grant.project._id, associationId);
    await this.refuseCoordinator(grant.project, row, 'remove');
    const removed = await this.transition(
      row,
      grant.project,
      'remove',
      ['invited', 'active'],
      { status: 'removed' },
      newOperation('partner.removed', userId, { previousStatus: row.status }),
    );
    await this.refuseIfUndone(grant.project, removed, 'remove');
    this.accessChanged(grant.project, associationId);
  }

  /**
   * The association signs `charterVersion` (the current one): an invited partner becomes active, an
   * active one re-signs. Used by accept and by POST charter/sign; the caller has checked access.
   */
  async join(
    project: ProjectRow,
    associationId: string,
    userId: string,
    charterVersion: number,
    action: JoinAction,
  ): Promise<{ partner: PartnerView; changed: boolean }> {
    if (charterVersion !== project.charter.version) {
      throw conflict(`Version ${charterVersion} of the charter is not the current one`, {
        code: 'stale_charter_version',
        current: await this.views.charterView(project),
      });
    }
    const row = await this.requirePartner(project._id, associationId);
    if (row.status === 'active' && action === 'sign') {
      // The signature document is the anchor of charter.signed.
      const { created } = await this.recordSignature(project._id, associationId, charterVersion, userId, new Date(), newOperation('charter.signed', userId));
      return { partner: await this.views.onePartner(row, project), changed: created };
    }
    const operation = newOperation('partner.joined', userId, { charterVersion });
    const joined = await this.transition(row, project, action, ['invited'], { status: 'active', joinedAt: operation.at }, operation);
    return { partner: appendedData(joined, 'partner'), changed: true };
  }

  /**
   * Idempotent: the unique (project, association, version) index keeps the first signature. With an
   * `operation`, the new signature owes that activity (and a found one still owing it is finished).
   */
  async recordSignature(
    projectId: Types.ObjectId,
    associationId: string,
    version: number,
    signer: string | Types.ObjectId | null,
    at = new Date(),
    operation?: PendingActivity,
  ): Promise<{ signature: SignatureRow; created: boolean }> {
    const key = { projectId, associationId: oid(associationId), version };
    const found = async () => {
      const existing = await this.signatures.findOne(key).lean<SignatureRow>();
      if (existing) await this.pending.settle(this.signatures, existing);
      return existing;
    };
    const existing = await found();
    if (existing) return { signature: existing, created: false };
    const fields = { ...key, signedBy: signer ? oid(signer) : null, signedAt: at };
    try {
      if (operation) return { signature: (await this.pending.insert(this.signatures, fields, operation)).row, created: true };
      const created = await this.signatures.create(fields);
      return { signature: created.toObject() as SignatureRow, created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await found();
      if (!winner) throw error;
      return { signature: winner, created: false };
    }
  }

  private async findPartner(projectId: Types.ObjectId, associationId: string): Promise<PartnerRow | null> {
    return this.partners.findOne({ projectId, associationId: oid(associationId) }).lean<PartnerRow>();
  }

  private async requirePartner(projectId: Types.ObjectId, associationId: string): Promise<PartnerRow> {
    const row = await this.findPartner(projectId, associationId);
    if (!row) throw notFound('Partner');
    return row;
  }

  private async refuseCoordinator(project: ProjectRow, row: PartnerRow, action: string): Promise<void> {
    if (String(project.coordinatorAssociationId) !== String(row.associationId)) return;
    throw conflict(`The coordinating association cannot ${action}; hand the coordinator role to another partner first`, {
      code: 'coordinator_cannot_leave',
      current: await this.views.onePartner(row, project),
    });
  }

  /** A departure undone by its builder (the association became coordinator meanwhile) answers 409. */
  private async refuseIfUndone(project: ProjectRow, done: Completed<Partner>, action: string): Promise<void> {
    if (done.activity) return;
    const fresh = await this.projectOf(done.row);
    const current = (await this.partners.findById(done.row._id).lean<PartnerRow>()) ?? done.row;
    await this.refuseCoordinator({ ...project, coordinatorAssociationId: fresh.coordinatorAssociationId }, current, action);
    throw invalidTransition('partner', action, await this.views.onePartner(current, fresh));
  }

  private async transition(
    row: PartnerRow,
    project: ProjectRow,
    action: string,
    from: PartnerStatus[],
    set: Record<string, unknown> & { status: PartnerStatus },
    operation: PendingActivity,
  ): Promise<Completed<Partner>> {
    if (!from.includes(row.status)) throw invalidTransition('partner', action, await this.views.onePartner(row, project));
    const done = await this.pending.update(
      this.partners,
      { _id: row._id, status: row.status, version: row.version },
      { $set: set, $inc: { version: 1 } },
      operation,
    );
    if (done) return done;
    const current = (await this.partners.findById(row._id).lean<PartnerRow>()) ?? row;
    throw invalidTransition('partner', action, await this.views.onePartner(current, project));
  }

  private async projectOf(row: { projectId: Types.ObjectId }): Promise<ProjectRow> {
    const project = await this.projects.findById(row.projectId).lean<ProjectRow>();
    if (!project) throw notFound('Project');
    return project;
  }

  private accessChanged(project: ProjectRow, associationId: string): void {
    const payload: ProjectAccessChanged = { projectIds: [String(project._id)], associationId };
    this.events.emit(DomainEvent.ProjectAccessChanged, payload);
  }
}
