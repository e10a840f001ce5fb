import type { CharterSummary, CharterView, PartnerView, ProjectInvitationView, ProjectView, SignatureView } from '@maillage/contract';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { volunteerRateOf } from '../contributions/valuation';
import { Association } from '../associations/schemas/association.schema';
import { CharterSignature } from './schemas/charter-signature.schema';
import { Partner } from './schemas/partner.schema';
import { Project } from './schemas/project.schema';
import { oid } from '../common/ids';

export type ProjectRow = Project & { _id: Types.ObjectId };
export type PartnerRow = Partner & { _id: Types.ObjectId };
export type SignatureRow = CharterSignature & { _id: Types.ObjectId };

const iso = (date: Date | string | null | undefined) => (date ? new Date(date).toISOString() : null);
const idOrNull = (id: Types.ObjectId | null | undefined) => (id ? String(id) : null);

/** Builds the API shapes of projects, partners and charters, with association names. */
@Injectable()
export class ProjectViews {
  constructor(
    @InjectModel(Association.name) private readonly associations: Model<Association>,
    @InjectModel(Partner.name) private readonly partners: Model<Partner>,
    @InjectModel(CharterSignature.name) private readonly signatures: Model<CharterSignature>,
  ) {}

  async associationNames(ids: (string | Types.ObjectId)[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.map(String))];
    if (!unique.length) return new Map();
    const rows = await this.associations.find({ _id: { $in: unique.map(oid) } }, { name: 1 }).lean();
    return new Map(rows.map((row) => [String(row._id), row.name]));
  }

  /** Highest signed version per (project, association), for the given projects. */
  async signedVersions(projectIds: Types.ObjectId[]): Promise<Map<string, number>> {
    if (!projectIds.length) return new Map();
    const rows = await this.signatures.find({ projectId: { $in: projectIds } }, { projectId: 1, associationId: 1, version: 1 }).lean();
    const highest = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.projectId}:${row.associationId}`;
      highest.set(key, Math.max(highest.get(key) ?? 0, row.version));
    }
    return highest;
  }

  /** Partner views of rows that may belong to several projects. */
  async partnerViews(rows: PartnerRow[], projects: ProjectRow[]): Promise<PartnerView[]> {
    const byId = new Map(projects.map((project) => [String(project._id), project]));
    const [names, signed] = await Promise.all([
      this.associationNames(rows.map((row) => row.associationId)),
      this.signedVersions([...new Set(rows.map((row) => String(row.projectId)))].map(oid)),
    ]);
    return rows.map((row) => {
      const project = byId.get(String(row.projectId));
      const signedVersion = signed.get(`${row.projectId}:${row.associationId}`) ?? null;
      return this.partnerView(row, project, names.get(String(row.associationId)) ?? '', signedVersion);
    });
  }

  partnerView(row: PartnerRow, project: ProjectRow | undefined, name: string, signedVersion: number | null): PartnerView {
    const associationId = String(row.associationId);
    return {
      id: String(row._id),
      projectId: String(row.projectId),
      associationId,
      association: { id: associationId, name },
      associationName: name,
      status: row.status,
      isCoordinator: !!project && String(project.coordinatorAssociationId) === associationId,
      message: row.message ?? null,
      invitedBy: idOrNull(row.invitedBy),
      invitedAt: iso(row.invitedAt),
      joinedAt: iso(row.joinedAt),
      signedVersion,
      signedCurrentCharter: !!project && signedVersion !== null && signedVersion >= project.charter.version,
      version: row.version,
      createdAt: iso(row.createdAt)!,
      updatedAt: iso(row.updatedAt)!,
    };
  }

  /** One partner, freshly named and with its signatures. */
  async onePartner(row: PartnerRow, project: ProjectRow): Promise<PartnerView> {
    const [view] = await this.partnerViews([row], [project]);
    return view;
  }

  /** Full views of several projects, each with all its partners (whatever their status). */
  async projectViews(projects: ProjectRow[]): Promise<ProjectView[]> {
    if (!projects.length) return [];
    const partnerRows = await this.partners
      .find({ projectId: { $in: projects.map((project) => project._id) } })
      .sort({ projectId: 1, _id: 1 })
      .lean<PartnerRow[]>();
    const [partnerViews, names] = await Promise.all([
      this.partnerViews(partnerRows, projects),
      this.associationNames(projects.map((project) => project.coordinatorAssociationId)),
    ]);
    return projects.map((project) => {
      const id = String(project._id);
      return this.projectView(
        project,
        partnerViews.filter((partner) => partner.projectId === id),
        names.get(String(project.coordinatorAssociationId)) ?? '',
      );
    });
  }

  async oneProject(project: ProjectRow): Promise<ProjectView> {
    const [view] = await this.projectViews([project]);
    return view;
  }

  projectView(project: ProjectRow, partners: PartnerView[], coordinatorName: string): ProjectView {
    const coordinatorAssociationId = String(project.coordinatorAssociationId);
    return {
      id: String(project._id),
      title: project.title,
      description: project.description ?? null,
      coordinatorAssociationId,
      coordinator: { id: coordinatorAssociationId, name: coordinatorName },
      status: project.status,
      startDate: iso(project.startDate),
      endDate: iso(project.endDate),
      charter: this.charterSummary(project),
      createdBy: idOrNull(project.createdBy),
      valuation: { volunteerHourlyRateEuros: volunteerRateOf(project) },
      partners,
      version: project.version,
      createdAt: iso(project.createdAt)!,
      updatedAt: iso(project.updatedAt)!,
    };
  }

  /** The invitation view: title, description, coordinator, partners and the caller's invitations. */
  invitationView(full: ProjectView, invitedAssociationIds: string[]): ProjectInvitationView {
    return {
      id: full.id,
      access: 'invitation',
      title: full.title,
      description: full.description,
      coordinatorAssociationId: full.coordinatorAssociationId,
      coordinator: full.coordinator,
      status: full.status,
      partners: full.partners,
      invitations: full.partners.filter((partner) => invitedAssociationIds.includes(partner.associationId)),
    };
  }

  charterSummary(project: ProjectRow): CharterSummary {
    return {
      version: project.charter.version,
      text: project.charter.text,
      updatedAt: iso(project.charter.updatedAt)!,
      updatedBy: idOrNull(project.charter.updatedBy),
      decisionId: idOrNull(project.charter.decisionId),
    };
  }

  async charterView(project: ProjectRow): Promise<CharterView> {
    const [signatureRows, activeRows] = await Promise.all([
      this.signatures.find({ projectId: project._id }).sort({ version: -1, signedAt: 1 }).lean<SignatureRow[]>(),
      this.partners.find({ projectId: project._id, status: 'active' }, { associationId: 1 }).sort({ _id: 1 }).lean(),
    ]);
    const signedCurrent = new Set(signatureRows.filter((row) => row.version === project.charter.version).map((row) => String(row.associationId)));
    return {
      ...this.charterSummary(project),
      signatures: signatureRows.map((row) => this.signatureView(row)),
      unsigned: activeRows.map((row) => String(row.associationId)).filter((id) => !signedCurrent.has(id)),
    };
  }

  signatureView(row: CharterSignature): SignatureView {
    return { associationId: String(row.associationId), version: row.version, signedBy: idOrNull(row.signedBy), signedAt: iso(row.signedAt)! };
  }
}
