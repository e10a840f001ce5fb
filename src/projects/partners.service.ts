import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { ActivityService } from '../activity/activity.service';
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
type PartnerChangeType = 'partner.invited' | 'partner.declined' | 'partner.left' | 'partner.removed';

/** Statuses from which an association may be invited (again): the same document goes back to `invited`. */
const REINVITABLE: PartnerStatus[] = ['declined', 'left', 'removed'];

/** How a partner joined: by accepting the invitation or by signing the charter (same effect). */
export type JoinAction = 'accept' | 'sign';

/**
 * The partner state machine: invited → active | declined; active → left | removed; invited → removed;
 * declined | left | removed → invited. Each transition is one findOneAndUpdate conditioned on the
 * status and version that were read, so of two racing transitions exactly one wins and the other
 * answers 409 with the partner as it is now.
 */
@Injectable()
export class PartnersService {
  constructor(
    @InjectModel(Partner.name) private readonly partners: Model<Partner>,
    @InjectModel(CharterSignature.name) private readonly signatures: Model<CharterSignature>,
    @InjectModel(Association.name) private readonly associations: Model<Association>,
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly views: ProjectViews,
    private readonly events: EventEmitter2,
  ) {}

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
        const created = await this.partners.create({ projectId: project._id, associationId: oid(input.associationId), status: 'invited', ...invitation });
        return this.record(project, created.toObject() as PartnerRow, 'partner.invited', userId);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Another coordinator admin invited it at the same moment: that row decides below.
        row = await this.findPartner(project._id, input.associationId);
        if (!row) throw error;
      }
    }
    const updated = await this.transition(row, project, 'invite', REINVITABLE, { status: 'invited', ...invitation, joinedAt: null });
    return this.record(project, updated, 'partner.invited', userId);
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
    const updated = await this.transition(row, grant.project, 'decline', ['invited'], { status: 'declined' });
    return this.record(grant.project, updated, 'partner.declined', userId);
  }

  async leave(userId: string, projectId: string, associationId: string): Promise<PartnerView> {
    const grant = await this.access.requireProject(userId, projectId, 'project.read');
    this.access.requireAssociationAdminIn(grant, associationId, 'take it out of the project', { invited: false });
    const row = await this.requirePartner(grant.project._id, associationId);
    await this.refuseCoordinator(grant.project, row, 'leave');
    const updated = await this.transition(row, grant.project, 'leave', ['active'], { status: 'left' });
    await this.undoIfNowCoordinator(grant.project, row, updated, 'leave');
    const view = await this.record(grant.project, updated, 'partner.left', userId);
    this.accessChanged(grant.project, associationId);
    return view;
  }

  async remove(userId: string, projectId: string, associationId: string): Promise<void> {
    const grant = await this.access.requireProject(userId, projectId, 'project.manage');
    this.access.assertNotArchived(grant.project);
    const row = await this.requirePartner(grant.project._id, associationId);
    await this.refuseCoordinator(grant.project, row, 'remove');
    const updated = await this.transition(row, grant.project, 'remove', ['invited', 'active'], { status: 'removed' });
    await this.undoIfNowCoordinator(grant.project, row, updated, 'remove');
    await this.record(grant.project, updated, 'partner.removed', userId);
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
      const { signature, created } = await this.recordSignature(project._id, associationId, charterVersion, userId);
      const partner = await this.views.onePartner(row, project);
      if (created) await this.activity.append(project._id, 'charter.signed', userId, { partner, signature: this.views.signatureView(signature) });
      return { partner, changed: created };
    }
    const updated = await this.transition(row, project, action, ['invited'], { status: 'active', joinedAt: new Date() });
    const { signature } = await this.recordSignature(project._id, associationId, charterVersion, userId);
    const partner = await this.views.onePartner(updated, project);
    await this.activity.append(project._id, 'partner.joined', userId, { partner, signature: this.views.signatureView(signature) });
    return { partner, changed: true };
  }

  /** Idempotent: the unique (project, association, version) index keeps the first signature. */
  async recordSignature(
    projectId: Types.ObjectId,
    associationId: string,
    version: number,
    userId: string,
  ): Promise<{ signature: SignatureRow; created: boolean }> {
    const key = { projectId, associationId: oid(associationId), version };
    const existing = await this.signatures.findOne(key).lean<SignatureRow>();
    if (existing) return { signature: existing, created: false };
    try {
      const created = await this.signatures.create({ ...key, signedBy: oid(userId), signedAt: new Date() });
      return { signature: created.toObject() as SignatureRow, created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await this.signatures.findOne(key).lean<SignatureRow>();
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

  /**
   * A coordinator handoff to this association may have raced with its departure: if it is the
   * coordinator now, the departure is undone (conditioned on our own write) and answers 409.
   */
  private async undoIfNowCoordinator(project: ProjectRow, before: PartnerRow, after: PartnerRow, action: string): Promise<void> {
    const fresh = await this.projects.findById(project._id, { coordinatorAssociationId: 1 }).lean();
    if (!fresh || String(fresh.coordinatorAssociationId) !== String(after.associationId)) return;
    const restored = await this.partners
      .findOneAndUpdate({ _id: after._id, version: after.version }, { $set: { status: before.status }, $inc: { version: 1 } }, { new: true })
      .lean<PartnerRow>();
    await this.refuseCoordinator({ ...project, coordinatorAssociationId: fresh.coordinatorAssociationId }, restored ?? after, action);
  }

  private async transition(
    row: PartnerRow,
    project: ProjectRow,
    action: string,
    from: PartnerStatus[],
    set: Record<string, unknown> & { status: PartnerStatus },
  ): Promise<PartnerRow> {
    if (!from.includes(row.status)) throw invalidTransition('partner', action, await this.views.onePartner(row, project));
    const updated = await this.partners
      .findOneAndUpdate({ _id: row._id, status: row.status, version: row.version }, { $set: set, $inc: { version: 1 } }, { new: true })
      .lean<PartnerRow>();
    if (updated) return updated;
    const current = (await this.partners.findById(row._id).lean<PartnerRow>()) ?? row;
    throw invalidTransition('partner', action, await this.views.onePartner(current, project));
  }

  /** Appends the activity of a partner change, after it is stored, and answers the partner. */
  private async record(project: ProjectRow, row: PartnerRow, type: PartnerChangeType, userId: string): Promise<PartnerView> {
    const partner = await this.views.onePartner(row, project);
    await this.activity.append(project._id, type, userId, { partner });
    return partner;
  }

  private accessChanged(project: ProjectRow, associationId: string): void {
    const payload: ProjectAccessChanged = { projectIds: [String(project._id)], associationId };
    this.events.emit(DomainEvent.ProjectAccessChanged, payload);
  }
}
