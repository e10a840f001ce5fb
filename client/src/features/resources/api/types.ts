// The resource shapes of the REST API (src/resources/resources.service.ts `resourceView`).
export const RESOURCE_KINDS = ['premise', 'equipment', 'vehicle'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export const RESOURCE_SHARINGS = ['private', 'partners', 'network'] as const;
export type ResourceSharing = (typeof RESOURCE_SHARINGS)[number];

/** One weekly opening slot in Paris time; day 0 = Sunday … 6 = Saturday; closes "00:00" = midnight. */
export interface OpeningSlot {
  day: number;
  opens: string;
  closes: string;
}

export interface Resource {
  id: string;
  associationId: string;
  kind: ResourceKind;
  name: string;
  description: string | null;
  quantity: number;
  capacity: number | null;
  address: string | null;
  storagePlace: string | null;
  rules: string | null;
  stepFreeAccess: boolean;
  accessibilityNotes: string | null;
  sharing: ResourceSharing;
  requiresApproval: boolean;
  openingHours: OpeningSlot[];
  status: 'active' | 'archived';
  version: number;
  createdAt: string | null;
  updatedAt: string | null;
  /** with from/to in the catalogue: units free during all of [from, to) */
  available?: number;
}

export interface ResourceInput {
  kind: ResourceKind;
  name: string;
  description?: string;
  quantity?: number;
  capacity?: number;
  address?: string;
  storagePlace?: string;
  rules?: string;
  stepFreeAccess?: boolean;
  accessibilityNotes?: string;
  sharing: ResourceSharing;
  requiresApproval?: boolean;
  openingHours?: OpeningSlot[];
}
