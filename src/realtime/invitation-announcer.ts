import type { ActivityView, PartnerStatus } from '@maillage/contract';

/** The activities that make or answer an invitation: the invited association's admins see them live. */
const INVITATION_TYPES = new Set(['partner.invited', 'partner.declined', 'partner.joined', 'partner.removed']);

export interface InvitationChange {
  projectId: string;
  associationId: string;
  status: PartnerStatus;
}

export interface InvitationAnnouncerEffects {
  adminsOf(associationId: string): Promise<string[]>;
  /** To every socket of the user, on every instance (the adapter relays a room emit). */
  tell(userId: string, change: InvitationChange): void;
  onError(error: unknown): void;
}

/**
 * Admins of an invited association are in no project room yet, so invitations reach them in their
 * user room. Only the instance that appended the activity announces it (the emit crosses instances),
 * so each admin hears it once.
 */
export class InvitationAnnouncer {
  constructor(private readonly effects: InvitationAnnouncerEffects) {}

  announce(view: ActivityView): void {
    if (!INVITATION_TYPES.has(view.type) || !('partner' in view.data)) return;
    const { associationId, status } = view.data.partner;
    const change: InvitationChange = { projectId: view.projectId, associationId, status };
    this.effects.adminsOf(associationId).then(
      (adminIds) => adminIds.forEach((userId) => this.effects.tell(userId, change)),
      (error) => this.effects.onError(error),
    );
  }
}
