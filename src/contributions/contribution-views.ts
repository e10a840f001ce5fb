import type { ContributionView } from '@maillage/contract';
import { Types } from 'mongoose';
import { Contribution } from './schemas/contribution.schema';
import { valueManual } from './valuation';

export type StoredContribution = Contribution & { _id: Types.ObjectId };

export function toContributionView(row: StoredContribution, volunteerRate: number): ContributionView {
  return {
    id: String(row._id),
    projectId: String(row.projectId),
    associationId: String(row.associationId),
    kind: row.kind,
    description: row.description,
    quantity: row.quantity,
    unit: row.unit,
    ...valueManual(row, volunteerRate),
    gift: !!row.gift,
    status: row.status,
    date: row.date ?? null,
    source: 'manual',
    origin: null,
    recordedBy: row.recordedBy ? String(row.recordedBy) : null,
    version: row.version,
    createdAt: row.createdAt ? new Date(row.createdAt).toISOString() : null,
    updatedAt: row.updatedAt ? new Date(row.updatedAt).toISOString() : null,
  };
}
