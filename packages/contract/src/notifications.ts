// Notifications (PRODUCT.md, "Notifications"): the center's views, the settings, the socket push,
// and the mentions a message or comment may carry.

export type NotificationKind =
  | 'task.assigned'
  | 'mention'
  | 'project.invited'
  | 'booking.requested'
  | 'booking.decided'
  | 'charter.updated'
  | 'decision.opened'
  | 'decision.closing'
  | 'decision.closed'
  | 'shift.reminder'
  | 'loan.overdue';

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  projectId: string | null;
  /** In the recipient's language, as it was when the notification was made. */
  title: string;
  body: string;
  /** A path of the web client (`/projects/…/tasks/…`). */
  link: string;
  createdAt: string;
  readAt: string | null;
}

/** GET /api/notifications. */
export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
  unreadCount: number;
}

export type NotificationEmailMode = 'immediate' | 'daily' | 'off';

/** GET|PUT /api/me/notification-settings. */
export interface NotificationSettings {
  email: NotificationEmailMode;
  muted: NotificationKind[];
}

/** Socket event `notification`, to every socket of the recipient. */
export interface NotificationPush {
  id: string;
  kind: NotificationKind;
  title: string;
  link: string;
  unreadCount: number;
}

/** Who a message or comment mentions: people and partner associations of the project. */
export interface Mentions {
  userIds: string[];
  associationIds: string[];
}
