import type { ActivityView, BookingView, NotificationPush, SessionEndReason } from '@maillage/contract';

/**
 * In-process domain events. Services emit them through EventEmitter2; the realtime gateway and
 * other listeners subscribe. Services never import the gateway.
 */
export const DomainEvent = {
  /** An activity was appended to a project's log (payload: ActivityAppended). */
  ActivityAppended: 'activity.appended',
  /** Some users may have lost access to a project (payload: ProjectAccessChanged). */
  ProjectAccessChanged: 'project.access-changed',
  /** Sessions ended: logout, reuse detected, password change, removal, account deleted (payload: UserSessionsEnded). */
  UserSessionsEnded: 'user.sessions-ended',
  /** A booking request reached an owner association (payload: BookingRequested). */
  BookingRequested: 'booking.requested',
  /** A notification was stored for a user; the gateway pushes it to their sockets (payload: NotificationCreated). */
  NotificationCreated: 'notification.created',
  /** An operation of a document whose changes no project logs (a booking outside projects) finished (payload: UnloggedOperationDone). */
  UnloggedOperationDone: 'operation.unlogged-done',
  /** A guest signed up from an event's public page (payload: GuestSignedUp): e-mail them their link. */
  GuestSignedUp: 'open-doors.guest-signed-up',
} as const;

export type ActivityAppended = ActivityView;

/** Emitted after partner or membership changes; listeners re-check each listed user's access. */
export interface ProjectAccessChanged {
  /** Projects to re-check; empty with associationId set means every project of that association. */
  projectIds: string[];
  associationId?: string;
  userIds?: string[];
}

export interface UserSessionsEnded {
  userId: string;
  reason: SessionEndReason;
  /** The sessions (`sid`) that ended; absent: every session of the user. */
  sessionIds?: string[];
}

export interface BookingRequested {
  ownerAssociationId: string;
  booking: BookingView;
}

export interface NotificationCreated {
  userId: string;
  notification: NotificationPush;
}

/** What the activity of an operation would have said, for documents outside any project's log. */
export interface UnloggedOperationDone {
  opId: string;
  type: string;
  actorId: string | null;
  data: Record<string, unknown>;
}

/** Open doors: what a guest needs to hear after signing up (their personal link above all). */
export interface GuestSignedUp {
  name: string;
  email: string | null;
  phone: string | null;
  manageUrl: string;
  eventTitle: string;
  shiftLabel: string;
  shiftStart: string;
}
