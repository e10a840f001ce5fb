import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ActivityService } from '../activity/activity.service';
import { AccessService } from '../common/access/access.service';
import { staleVersion } from '../common/errors/problem.exception';
import { SignCharterDto, UpdateCharterDto } from './dto/charter.dto';
import { PartnersService } from './partners.service';
import type { CharterView } from '@maillage/contract';
import { ProjectRow, ProjectViews } from './project-views.service';
import { Project } from './schemas/project.schema';
import { oid } from '../common/ids';

@Injectable()
export class CharterService {
  constructor(
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly views: ProjectViews,
    private readonly partners: PartnersService,
  ) {}

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
    const updated = await this.projects
      .findOneAndUpdate(
        { _id: project._id, 'charter.version': base, status: { $ne: 'archived' } },
        {
          $set: { 'charter.text': input.text, 'charter.updatedAt': new Date(), 'charter.updatedBy': oid(userId) },
          $inc: { 'charter.version': 1, version: 1 },
        },
        { new: true },
      )
      .lean<ProjectRow>();
    if (!updated) {
      const current = (await this.projects.findById(project._id).lean<ProjectRow>()) ?? project;
      this.access.assertNotArchived(current);
      throw staleVersion(await this.views.charterView(current));
    }
    await this.partners.recordSignature(updated._id, String(updated.coordinatorAssociationId), updated.charter.version, userId);
    const charter = await this.views.charterView(updated);
    // The log carries the new text and who must sign it; the signatures are read from the charter.
    const { signatures: _signatures, ...logged } = charter;
    await this.activity.append(updated._id, 'charter.updated', userId, { charter: logged });
    return charter;
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
