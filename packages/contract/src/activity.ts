// The project activity log: every `type` an activity can have, and the `data` it carries.
// The server appends exactly these shapes (ActivityService.append is typed against this map), the
// log and the socket.io `activity` event serve them, and the client reads them.
import type {
  BookingView,
  CharterView,
  CommentView,
  ContributionView,
  EventView,
  MessageView,
  PartnerView,
  ProjectView,
  ShiftView,
  SignatureView,
  TaskStatus,
  TaskView,
} from './views';
import type { DecisionView, DecisionVoteView } from './decisions';

type TaskComment = { comment: CommentView; taskId: string };
type PartnerChange = { partner: PartnerView };
type BookingChange = { booking: BookingView };
type ShiftChange = { shift: ShiftView };

/** Activity type → its data. */
export interface ActivityDataMap {
  'project.created': { project: ProjectView };
  /** `changes`: the names of the fields the update set. */
  'project.updated': { project: ProjectView; changes: string[] };
  'coordinator.changed': { project: ProjectView; previousCoordinatorAssociationId: string };

  'partner.invited': PartnerChange;
  'partner.declined': PartnerChange;
  'partner.left': PartnerChange;
  'partner.removed': PartnerChange;
  'partner.joined': { partner: PartnerView; signature: SignatureView };

  /** The new text and who must sign it; the signatures are read from the charter. */
  'charter.updated': { charter: Omit<CharterView, 'signatures'> };
  'charter.signed': { partner: PartnerView; signature: SignatureView };

  'task.created': { task: TaskView };
  /** `fields`: the names of the fields the request changed. */
  'task.updated': { task: TaskView; fields: string[] };
  'task.moved': { task: TaskView; from: { status: TaskStatus; position: number }; afterTaskId: string | null };
  'task.deleted': { task: TaskView };
  /** A column's positions were spread out again (by the server: no actor). */
  'task.renumbered': { status?: TaskStatus; tasks: { id: string; position: number; version: number }[] };

  'comment.created': TaskComment;
  'comment.updated': TaskComment;
  'comment.deleted': TaskComment;

  'message.created': { message: MessageView };

  'event.created': { event: EventView };
  'event.updated': { event: EventView };
  'event.deleted': { event: EventView; deletedShiftIds: string[] };

  'shift.created': ShiftChange;
  'shift.updated': ShiftChange;
  'shift.deleted': ShiftChange;
  'shift.signed_up': ShiftChange;
  /** Also appended by the server (no actor) when a volunteer's account is deleted. */
  'shift.withdrawn': ShiftChange;
  /** A coordinator admin confirmed (present) or withdrew (not present) a volunteer's attendance. */
  'shift.attendance': ShiftChange & { volunteerId: string | null; present: boolean };
  /** Open doors: a guest signed up from the public page, cancelled from their link, or was removed by an organizer. */
  'shift.guest_signed_up': ShiftChange & { guestId: string };
  'shift.guest_cancelled': ShiftChange & { guestId: string };
  'shift.guest_removed': ShiftChange & { guestId: string };

  'booking.requested': BookingChange;
  'booking.approved': BookingChange;
  'booking.rejected': BookingChange;
  'booking.cancelled': BookingChange;
  'booking.checked_out': BookingChange;
  'booking.returned': BookingChange;

  'contribution.created': { contribution: ContributionView };
  /** `fields`: the names of the fields the request changed. */
  'contribution.updated': { contribution: ContributionView; fields: string[] };
  'contribution.deleted': { contribution: ContributionView };

  /** Each carries the decision as it is after the step (votes, missing, outcome). */
  'decision.opened': { decision: DecisionView };
  'decision.voted': { decision: DecisionView; vote: DecisionVoteView };
  /** Appended once, whoever closed it (by hand, or any instance at `closesAt`: actor null). */
  'decision.closed': { decision: DecisionView };
  'decision.withdrawn': { decision: DecisionView };
}

export type ActivityType = keyof ActivityDataMap;
export type ActivityData<T extends ActivityType = ActivityType> = ActivityDataMap[T];

/** One entry of a project's log; narrow it on `type` to read its `data`. */
export type ActivityView<T extends ActivityType = ActivityType> = {
  [K in T]: {
    projectId: string;
    /** Gapless, from 1, per project. */
    seq: number;
    type: K;
    /** Null for what the server did by itself, and once the actor's account is deleted. */
    actorId: string | null;
    at: string;
    data: ActivityDataMap[K];
  };
}[T];

/** GET /api/projects/:id/activity. */
export interface ActivityFeedPage {
  items: ActivityView[];
  /** The project's highest seq now: a client whose last item is below it reads on. */
  lastSeq: number;
  nextCursor: string | null;
  /**
   * Display names (user id → name) of the actors and of the people the items name, former members
   * included; absent when the page has no item. Erased accounts are not in it.
   */
  people?: Record<string, string>;
}
