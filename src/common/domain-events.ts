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
