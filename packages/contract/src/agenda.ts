// "Mon agenda": GET /api/me/agenda, what concerns me across my projects and associations.
import type { BookingStatus, TaskStatus } from './views';

/** What every item of my agenda has: `start` orders the list (a task's due date). */
interface AgendaItemBase {
  id: string;
  start: string;
  projectId: string | null;
  projectTitle: string | null;
}

/** A shift I signed up for. */
export interface AgendaShift extends AgendaItemBase {
  kind: 'shift';
  end: string;
  label: string;
  eventId: string;
  eventTitle: string;
  location: string | null;
  needed: number;
  remaining: number;
  /** The association I give my time for (null when I did not say). */
  associationId: string | null;
}

/** A task not done yet, due in the window, assigned to me or to one of my associations. */
export interface AgendaTask extends AgendaItemBase {
  kind: 'task';
  title: string;
  status: TaskStatus;
  assigneeAssociationId: string | null;
  assignedToMe: boolean;
}

/** A booking one of my associations asked for (pending, approved or checked out). */
export interface AgendaBooking extends AgendaItemBase {
  kind: 'booking';
  end: string;
  status: BookingStatus;
  resourceId: string;
  resourceName: string;
  requesterAssociationId: string;
  quantity: number;
}

export type AgendaItem = AgendaShift | AgendaTask | AgendaBooking;

/** GET /api/me/agenda?from=&to=: the items meeting [from, to), by `start`. */
export interface AgendaView {
  from: string;
  to: string;
  items: AgendaItem[];
  /** True when a kind had more items than the server lists at once: ask for a shorter window. */
  truncated: boolean;
}
