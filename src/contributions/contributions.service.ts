import type { ContributionView } from '@maillage/contract';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { appendedData, newOperation, PendingActivityService } from '../activity/pending-activity.service';
import { NOT_BEING_REMOVED } from '../activity/schemas/pending-activity.schema';
import { AccessService, ProjectGrant } from '../common/access/access.service';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, forbidden, notFound, staleVersion } from '../common/errors/problem.exception';
import { oid } from '../common/ids';
import { Project } from '../projects/schemas/project.schema';
import { UserDataRegistry } from '../users/user-data.registry';
import { StoredContribution, toContributionView } from './contribution-views';
import { CreateContributionDto, UpdateContributionDto } from './dto/contribution.dto';
import { Contribution } from './schemas/contribution.schema';
import { roundCents, volunteerRateOf } from './valuation';

/** Manual contributions: recorded by an admin of the contributing association or a coordinator admin. */
@Injectable()
export class ContributionsService implements OnModuleInit {
  constructor(
    @InjectModel(Contribution.name) private readonly contributions: Model<Contribution>,
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    private readonly access: AccessService,
    private readonly pending: PendingActivityService,
    private readonly registry: UserDataRegistry,
  ) {}

  onModuleInit(): void {
    const contributionOnly = async (row: StoredContribution) => ({ contribution: await this.view(row) });
    this.pending.register<Contribution>({
      model: this.contributions,
      projectOf: (row) => row.projectId,
      build: {
        'contribution.created': contributionOnly,
        'contribution.updated': async (row, operation) => ({ contribution: await this.view(row), fields: (operation.detail?.fields as string[]) ?? [] }),
        'contribution.deleted': contributionOnly,
      },
    });
    this.registry.register({ name: 'contributions', export: (userId) => this.exportUserData(userId), erase: (userId) => this.eraseUserData(userId) });
  }

  /** The stored manual contributions of a project (ContributionLedger keeps a copy of them). */
  manualRows(projectId: Types.ObjectId): Promise<StoredContribution[]> {
    return this.contributions
      .find({ projectId, ...NOT_BEING_REMOVED })
      .sort({ date: 1, _id: 1 })
      .lean<StoredContribution[]>();
  }

  /** The manual items of `rows` (derived ones are added by ContributionLedger), for a granted reader. */
  manualItems(rows: StoredContribution[], project: { valuation?: Project['valuation'] }): ContributionView[] {
    const rate = volunteerRateOf(project);
    return rows.map((row) => toContributionView(row, rate));
  }

  async create(user: AuthUser, projectId: string, input: CreateContributionDto): Promise<ContributionView> {
    const grant = await this.access.requireProject(user.id, projectId, 'project.write');
    const partners = await this.access.activePartnerIds(grant.project._id);
    if (!partners.includes(input.associationId)) throw badRequest('associationId', 'must be an active partner of the project');
    this.requireRecorder(grant, input.associationId);
    const fields = {
      projectId: grant.project._id,
      associationId: oid(input.associationId),
      kind: input.kind,
      description: input.description,
      quantity: roundCents(input.quantity),
      unit: input.unit,
      valueEuros: input.valueEuros === undefined || input.valueEuros === null ? null : roundCents(input.valueEuros),
      gift: input.gift ?? false,
      status: input.status,
      date: input.date ?? null,
      recordedBy: oid(user.id),
    };
    return appendedData(await this.pending.insert(this.contributions, fields, newOperation('contribution.created', user.id)), 'contribution');
  }

  async update(user: AuthUser, contributionId: string, input: UpdateContributionDto): Promise<ContributionView> {
    const { child, grant } = await this.access.requireProjectChild(user.id, this.contributions, contributionId, 'project.write', 'Contribution');
    this.requireRecorder(grant, String(child.associationId));
    const { version, ...changes } = input;
    if (version !== child.version) throw staleVersion(await this.view(child));
    const fields = Object.keys(changes).filter((key) => changes[key as keyof typeof changes] !== undefined);
    const set: Record<string, unknown> = Object.fromEntries(fields.map((key) => [key, changes[key as keyof typeof changes]]));
    // Cents are the finest grain of an account; quantities keep two decimals too.
    if (typeof set.quantity === 'number') set.quantity = roundCents(set.quantity);
    if (typeof set.valueEuros === 'number') set.valueEuros = roundCents(set.valueEuros);
    const updated = await this.pending.update(
      this.contributions,
      { _id: child._id, version, ...NOT_BEING_REMOVED },
      { $set: set, $inc: { version: 1 } },
      newOperation('contribution.updated', user.id, { fields }),
    );
    if (!updated) throw staleVersion(await this.current(child._id));
    return appendedData(updated, 'contribution');
  }

  async remove(user: AuthUser, contributionId: string, version?: number): Promise<void> {
    const { child, grant } = await this.access.requireProjectChild(user.id, this.contributions, contributionId, 'project.write', 'Contribution');
    this.requireRecorder(grant, String(child.associationId));
    if (version !== undefined && version !== child.version) throw staleVersion(await this.view(child));
    const filter = { _id: child._id, ...NOT_BEING_REMOVED, ...(version !== undefined ? { version } : {}) };
    const deleted = await this.pending.remove(this.contributions, filter, newOperation('contribution.deleted', user.id));
    if (!deleted) {
      if (version === undefined) throw notFound('Contribution');
      throw staleVersion(await this.current(child._id));
    }
  }

  /** An admin of the contributing association, or of the coordinator, speaks for it. */
  private requireRecorder(grant: ProjectGrant, associationId: string): void {
    if (grant.isCoordinatorAdmin || grant.adminAssociationIds.includes(associationId)) return;
    throw forbidden('Only an admin of the contributing association or of the coordinator can record its contributions');
  }

  private async current(id: Types.ObjectId): Promise<ContributionView | null> {
    const row = await this.contributions.findOne({ _id: id, ...NOT_BEING_REMOVED }).lean<StoredContribution>();
    return row ? this.view(row) : null;
  }

  private async view(row: StoredContribution): Promise<ContributionView> {
    const project = await this.projects.findById(row.projectId, { valuation: 1 }).lean();
    return toContributionView(row, volunteerRateOf(project ?? {}));
  }

  private async exportUserData(userId: string) {
    const rows = await this.contributions
      .find({ recordedBy: oid(userId) })
      .sort({ createdAt: 1 })
      .lean<StoredContribution[]>();
    return Promise.all(rows.map((row) => this.view(row)));
  }

  /** The association's contribution stays; only who recorded it is forgotten. */
  private async eraseUserData(userId: string): Promise<void> {
    await this.contributions.updateMany({ recordedBy: oid(userId) }, { $set: { recordedBy: null } }, { timestamps: false });
  }
}
