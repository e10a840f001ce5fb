import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { NOT_BEING_REMOVED } from '../activity/schemas/pending-activity.schema';
import { Association } from '../associations/schemas/association.schema';
import { AccessService } from '../common/access/access.service';
import type { AuthUser } from '../common/decorators/current-user.decorator';
import { ProjectEvent } from '../events/schemas/event.schema';
import { Shift } from '../events/schemas/shift.schema';
import { CharterSignature } from '../projects/schemas/charter-signature.schema';
import { ReportQueryDto } from './dto/report.dto';
import { contributionsCsv } from './report-csv';
import { renderReportPdf, ReportData } from './report-pdf';
import { SummaryService } from './summary.service';
import { normalizeSearchText } from '../common/search-text';
import { Decision } from '../decisions/schemas/decision.schema';
import { closedDecisionsOf } from './report-decisions';

export interface ReportFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

/** The file name's part from the project title: the search normalizer's accent-free text, dashed. */
const slug = (text: string) =>
  normalizeSearchText(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'projet';

/** The funders' report ("bilan") of a project, for every active partner: CSV or PDF. */
@Injectable()
export class ReportService {
  constructor(
    @InjectModel(Association.name) private readonly associations: Model<Association>,
    @InjectModel(CharterSignature.name) private readonly signatures: Model<CharterSignature>,
    @InjectModel(ProjectEvent.name) private readonly events: Model<ProjectEvent>,
    @InjectModel(Shift.name) private readonly shifts: Model<Shift>,
    @InjectModel(Decision.name) private readonly decisions: Model<Decision>,
    private readonly access: AccessService,
    private readonly summaries: SummaryService,
  ) {}

  async report(user: AuthUser, projectId: string, query: ReportQueryDto): Promise<ReportFile> {
    const grant = await this.access.requireProject(user.id, projectId, 'project.read');
    const project = grant.project;
    const period = { from: query.from, to: query.to };
    const details = await this.summaries.details(project, period);
    const names = new Map(details.summary.partners.map((partner) => [partner.associationId, partner.name]));
    const missing = [...new Set(details.items.map((item) => item.associationId).filter((id) => !names.has(id)))];
    if (missing.length) {
      for (const row of await this.associations.find({ _id: { $in: missing.map((id) => new Types.ObjectId(id)) } }, { name: 1 }).lean()) {
        names.set(String(row._id), row.name);
      }
    }
    const baseName = `bilan-${slug(project.title)}${query.from ? `-${query.from}` : ''}${query.to ? `-${query.to}` : ''}`;
    if (query.format === 'csv') {
      return { body: Buffer.from(contributionsCsv(details.items, names), 'utf8'), contentType: 'text/csv; charset=utf-8', fileName: `${baseName}.csv` };
    }
    const data: ReportData = {
      project: { title: project.title, description: project.description ?? null, charterVersion: project.charter.version },
      ...details,
      names,
      signatures: await this.latestSignatures(project._id),
      events: await this.eventsOf(project._id, period),
      generatedAt: new Date(),
      decisions: await closedDecisionsOf(this.decisions, project._id, period),
    };
    return { body: await renderReportPdf(data), contentType: 'application/pdf', fileName: `${baseName}.pdf` };
  }

  /** Each association's latest signature of the charter. */
  private async latestSignatures(projectId: Types.ObjectId): Promise<ReportData['signatures']> {
    const rows = await this.signatures.find({ projectId }).sort({ version: -1 }).lean();
    const latest = new Map<string, { version: number; signedAt: string }>();
    for (const row of rows) {
      const key = String(row.associationId);
      if (!latest.has(key)) latest.set(key, { version: row.version, signedAt: new Date(row.signedAt).toISOString() });
    }
    return latest;
  }

  /** The events of the period (by their start day in Paris), with their shifts and confirmed hours. */
  private async eventsOf(projectId: Types.ObjectId, period: { from?: string; to?: string }): Promise<ReportData['events']> {
    const range: Record<string, Date> = {};
    // A day's bounds with a margin: the exact Paris day is checked below.
    if (period.from) range.$gte = new Date(new Date(`${period.from}T00:00:00Z`).getTime() - 3 * 3600_000);
    if (period.to) range.$lte = new Date(new Date(`${period.to}T23:59:59Z`).getTime() + 3 * 3600_000);
    const events = await this.events
      .find({ projectId, ...NOT_BEING_REMOVED, ...(Object.keys(range).length ? { start: range } : {}) })
      .sort({ start: 1 })
      .limit(200)
      .lean();
    const shifts = events.length
      ? await this.shifts
          .find({ eventId: { $in: events.map((event) => event._id) }, ...NOT_BEING_REMOVED })
          .sort({ start: 1 })
          .lean()
      : [];
    return events.map((event) => ({
      title: event.title,
      start: new Date(event.start).toISOString(),
      end: new Date(event.end).toISOString(),
      location: event.location ?? null,
      organizerAssociationId: String(event.organizerAssociationId),
      shifts: shifts
        .filter((shift) => shift.eventId.equals(event._id))
        .map((shift) => ({
          label: shift.label,
          start: new Date(shift.start).toISOString(),
          end: new Date(shift.end).toISOString(),
          needed: shift.needed,
          signedUp: shift.needed - shift.remaining,
          attended: (shift.attendance ?? []).length,
          hours: Math.round(((new Date(shift.end).getTime() - new Date(shift.start).getTime()) / 3_600_000) * 100) / 100,
        })),
    }));
  }
}
