import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Decision } from '../decisions/schemas/decision.schema';
import { newOperation, PendingActivityService } from '../activity/pending-activity.service';
import { AccessService } from '../common/access/access.service';
import { badRequest, staleVersion } from '../common/errors/problem.exception';
import { SignCharterDto, UpdateCharterDto } from './dto/charter.dto';
import { PartnersService } from './partners.service';
import type { CharterView } from '@maillage/contract';
import { ProjectRow, ProjectViews } from './project-views.service';
import { Project } from './schemas/project.schema';
import { oid } from '../common/ids';

@Injectable()
export class CharterService implements OnModuleInit {
  constructor(
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    @InjectModel(Decision.name) private readonly decisions: Model<Decision>,
    private readonly access: AccessService,
    private readonly pending: PendingActivityService,
    private readonly views: ProjectViews,
    private readonly partners: PartnersService,
  ) {}

  onModuleInit(): void {
    this.pending.register<Project>({
      model: this.projects,
      projectOf: (row) => row._id,
      build: {
        // The project document is the anchor; the editor's signature of the new version is part of it.
        'charter.updated': async (row, operation) => {
          await this.partners.recordSignature(row._id, String(row.coordinatorAssociationId), row.charter.version, operation.actorId, operation.at);
          // The log carries the new text and who must sign it; the signatures are read from the charter.
          const { signatures: _signatures, ...logged } = await this.views.charterView(row);
          return { charter: logged };
        },
      },
    });
  }

  async get(userId: string, projectId: string): Promise<CharterView> {
    const grant = await this.access.requireProject(userId, projectId, 'project.invitation');
    return this.views.charterView(grant.project);
  }

  /**
   * A new version: one conditional update claims the next number (two racing editors cannot both
   * write version n+1). Editing is signing: the editor's coordinating association is recorded as
   * having signed the new version; every other active partner stays active and is listed in
   * `unsigned` until one of its admins signs it.
   */
  async update(userId: string, projectId: string, input: UpdateCharterDto): Promise<CharterView> {
    const grant = await this.access.requireProject(userId, projectId, 'project.manage');
    const project = grant.project;
    this.access.assertNotArchived(project);
    const base = input.version ?? project.charter.version;
    if (base !== project.charter.version) throw staleVersion(await this.views.charterView(project));
    if (input.decisionId) await this.requireAdoptingDecision(project._id, input.decisionId);
    const operation = newOperation('charter.updated', userId);
    const updated = await this.pending.update(
      this.projects,
      { _id: project._id, 'charter.version': base, status: { $ne: 'archived' } },
      {
        $set: {
          'charter.text': input.text,
          'charter.updatedAt': operation.at,
          'charter.updatedBy': oid(userId),
          'charter.decisionId': input.decisionId ? oid(input.decisionId) : null,
        },
        $inc: { 'charter.version': 1, version: 1 },
      },
      operation,
    );
    if (!updated) {
      const current = (await this.projects.findById(project._id).lean<ProjectRow>()) ?? project;
      this.access.assertNotArchived(current);
      throw staleVersion(await this.views.charterView(current));
    }
    return this.views.charterView(updated.row);
  }

  /** A new version may name the decision that adopted it: one of this project, closed with a text chosen. */
  private async requireAdoptingDecision(projectId: Types.ObjectId, decisionId: string): Promise<void> {
    const decision = await this.decisions.findOne({ _id: oid(decisionId), projectId }, { status: 1, outcome: 1 }).lean();
    if (!decision) throw badRequest('decisionId', 'must be a decision of this project');
    if (decision.status !== 'closed' || !['adopted', 'chosen'].includes(decision.outcome?.result ?? '')) {
      throw badRequest('decisionId', 'must be a closed decision that was adopted (or chose an option)');
    }
  }

  /** An admin signs the current version for its association: re-signature, or joining when invited. */
  async sign(userId: string, projectId: string, input: SignCharterDto): Promise<CharterView> {
    const grant = await this.access.requireProject(userId, projectId, 'project.invitation');
    this.access.requireAssociationAdminIn(grant, input.associationId, 'sign for it', { invited: true });
    this.access.assertNotArchived(grant.project);
    await this.partners.join(grant.project, input.associationId, userId, input.version, 'sign');
    return this.views.charterView(grant.project);
  }
}
