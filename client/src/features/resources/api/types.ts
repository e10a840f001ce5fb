// Client-only resource things: the UI's lists of kinds and sharings and the form's body. The view
// itself (ResourceView, OpeningSlot) comes from @maillage/contract.
import type { OpeningSlot, ResourceKind, ResourceSharing } from '@maillage/contract';

export const RESOURCE_KINDS = ['premise', 'equipment', 'vehicle'] as const satisfies readonly ResourceKind[];
export const RESOURCE_SHARINGS = ['private', 'partners', 'network'] as const satisfies readonly ResourceSharing[];

export interface ResourceInput {
  kind: ResourceKind;
  name: string;
  description?: string;
  quantity?: number;
  capacity?: number;
  address?: string;
  /** Open doors: events' public pages may show the address. */
  addressIsPublic?: boolean;
  storagePlace?: string;
  rules?: string;
  stepFreeAccess?: boolean;
  accessibilityNotes?: string;
  sharing: ResourceSharing;
  requiresApproval?: boolean;
  openingHours?: OpeningSlot[];
  /** What lending it is worth for the projects' contributions; null clears it. */
  valuation?: { euros: number; per: 'hour' | 'day' } | null;
}
