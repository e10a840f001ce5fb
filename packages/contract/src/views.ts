import type { Mentions } from './notifications';
// The REST views: what the API answers, what activities carry, what the client caches.
import type { ShiftGuest } from './open-doors';

/** One page of a list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// ---------------------------------------------------------------- accounts and associations

export type Locale = 'fr' | 'en';
export type AssociationRole = 'admin' | 'member';

/** GET /api/me: my account. */
export interface UserView {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  calendarFeedUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One signed-in device of the account (`GET /api/me/sessions`). */
export interface SessionView {
  id: string;
  device: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

export interface AssociationView {
  id: string;
  name: string;
  description: string | null;
  city: string | null;
  neighbourhood: string | null;
  contactEmail: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** My role, when I am a member. */
  myRole?: AssociationRole;
}

export interface MemberView {
  /** The membership's id. */
  id: string;
  userId: string;
  /** Null once the account was deleted. */
  displayName: string | null;
  role: AssociationRole;
  joinedAt: string;
  /** Shown to admins only: they run invitations and need to reach people. */
  email?: string | null;
}

/** An invitation to join an association (not a project's partner invitation). */
export interface AssociationInvitationView {
  id: string;
  associationId: string;
  email: string | null;
  role: AssociationRole;
  expiresAt: string;
  createdAt: string;
  createdBy: string | null;
}

// ---------------------------------------------------------------- tasks

export type TaskStatus = 'todo' | 'in_progress' | 'blocked' | 'done';

export interface ChecklistItem {
  id: string;
  text: string;
  done: boolean;
}

export interface TaskView {
  id: string;
  projectId: string;
  title: string;
  description: string;
  status: TaskStatus;
  position: number;
  assigneeAssociationId: string | null;
  assigneeUserIds: string[];
  dueDate: string | null;
  checklist: ChecklistItem[];
  eventId: string | null;
  /** Null once the creator's account is deleted. */
  createdBy: string | null;
  clientId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CommentView {
  id: string;
  taskId: string;
  projectId: string;
  /** Null once the author's account is deleted. */
  authorId: string | null;
  body: string;
  /** Who the comment mentions (notified when it was posted); absent: nobody. */
  mentions?: Mentions;
  createdAt: string;
  updatedAt: string;
}

// ---------------------------------------------------------------- projects

export type ProjectStatus = 'draft' | 'active' | 'completed' | 'archived';
export type PartnerStatus = 'invited' | 'active' | 'declined' | 'left' | 'removed';

export interface AssociationRef {
  id: string;
  name: string;
}

export interface PartnerView {
  id: string;
  projectId: string;
  associationId: string;
  association: AssociationRef;
  associationName: string;
  status: PartnerStatus;
  isCoordinator: boolean;
  message: string | null;
  invitedBy: string | null;
  invitedAt: string | null;
  joinedAt: string | null;
  /** The highest charter version this association signed (null: never). */
  signedVersion: number | null;
  /** Whether it signed the project's current charter version. */
  signedCurrentCharter: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface SignatureView {
  associationId: string;
  version: number;
  signedBy: string | null;
  signedAt: string;
}

export interface CharterSummary {
  version: number;
  text: string;
  updatedAt: string;
  updatedBy: string | null;
  /** The decision that adopted this version, when there was one. */
  decisionId?: string | null;
}

export interface CharterView extends CharterSummary {
  signatures: SignatureView[];
  /** Active partners that have not signed the current version. */
  unsigned: string[];
}

export interface ProjectView {
  id: string;
  title: string;
  description: string | null;
  coordinatorAssociationId: string;
  coordinator: AssociationRef;
  status: ProjectStatus;
  startDate: string | null;
  endDate: string | null;
  charter: CharterSummary;
  createdBy: string | null;
  /** Volunteer hours are valued at this rate (default 12.02 €, the SMIC horaire brut of 2026). */
  valuation: { volunteerHourlyRateEuros: number };
  partners: PartnerView[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What an admin of an invited association sees: the invitation, not the project's life. */
export interface ProjectInvitationView {
  id: string;
  access: 'invitation';
  title: string;
  description: string | null;
  coordinatorAssociationId: string;
  coordinator: AssociationRef;
  status: ProjectStatus;
  partners: PartnerView[];
  /** The caller's invited associations' partner rows. */
  invitations: PartnerView[];
}

/** A pending invitation of an association the caller administers, as GET /api/projects lists it. */
export interface InvitationItem extends PartnerView {
  project: Omit<ProjectInvitationView, 'partners' | 'invitations'>;
}

/** GET /api/projects: the caller's projects, and the invitations waiting for their associations. */
export interface ProjectList extends Page<ProjectView> {
  invitations: InvitationItem[];
}

// ---------------------------------------------------------------- events and shifts

export interface EventView {
  id: string;
  projectId: string;
  title: string;
  description: string;
  start: string;
  end: string;
  location: string | null;
  resourceId: string | null;
  /** The premise's name, to show beside its booking state (null without a premise). */
  resourceName: string | null;
  /** The premise's booking for this event, as it stands now (pending, approved, rejected…). */
  booking: { id: string; status: string } | null;
  expectedAttendance: number | null;
  isPublic: boolean;
  /** Its public page is /e/<publicSlug> while `isPublic`; kept when closed (open doors). */
  publicSlug?: string | null;
  organizerAssociationId: string;
  createdBy: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ShiftVolunteer {
  userId: string;
  displayName: string;
  /** The association the volunteer gives their time for (null when they did not say). */
  associationId: string | null;
}

export interface ShiftAttendance {
  id: string;
  /** Null once the volunteer's account is deleted (the hours stay the association's). */
  userId: string | null;
  /** The association these hours count for. */
  associationId: string;
  /** Set instead of userId for a guest of the public page (their hours count for the coordinator). */
  guestId?: string | null;
  confirmedBy: string | null;
  confirmedAt: string;
}

export interface ShiftView {
  id: string;
  eventId: string;
  projectId: string;
  label: string;
  start: string;
  end: string;
  needed: number;
  remaining: number;
  volunteers: ShiftVolunteer[];
  /**
   * Guests of the public page, who take places as volunteers do. In REST answers; absent from
   * activity data, which is kept for good while guests' data is erased 30 days after the event.
   */
  guests?: ShiftGuest[];
  /** Who came, as coordinator admins confirmed it once the shift started. */
  attendance: ShiftAttendance[];
  createdBy: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

// ---------------------------------------------------------------- resources

export type ResourceKind = 'premise' | 'equipment' | 'vehicle';
export type ResourceSharing = 'private' | 'partners' | 'network';
export type ResourceStatus = 'active' | 'archived';

/** One weekly opening slot in Paris time; day 0 = Sunday … 6 = Saturday; closes "00:00" = midnight. */
export interface OpeningSlot {
  day: number;
  opens: string;
  closes: string;
}

/** A shared premise, piece of equipment or vehicle. */
export interface ResourceView {
  id: string;
  associationId: string;
  kind: ResourceKind;
  name: string;
  description: string | null;
  quantity: number;
  capacity: number | null;
  address: string | null;
  /** The owner lets events' public pages show the address (open doors). */
  addressIsPublic?: boolean;
  storagePlace: string | null;
  rules: string | null;
  stepFreeAccess: boolean;
  accessibilityNotes: string | null;
  sharing: ResourceSharing;
  requiresApproval: boolean;
  /** What lending it is worth, for the partners' contributions (null: not valued). */
  valuation: { euros: number; per: 'hour' | 'day' } | null;
  openingHours: OpeningSlot[];
  status: ResourceStatus;
  version: number;
  createdAt: string | null;
  updatedAt: string | null;
  /** In the catalogue, given from/to: the units free during all of [from, to). */
  available?: number;
}

// ---------------------------------------------------------------- bookings

export type BookingStatus = 'pending' | 'approved' | 'rejected' | 'cancelled' | 'checked_out' | 'returned';
export type ReturnCondition = 'good' | 'worn' | 'damaged' | 'incomplete';

/** A booking; `overdue` flags a loan still out after its end. */
export interface BookingView {
  id: string;
  resourceId: string;
  ownerAssociationId: string;
  requesterAssociationId: string;
  projectId: string | null;
  eventId: string | null;
  start: string;
  end: string;
  requestedEnd: string | null;
  quantity: number;
  status: BookingStatus;
  note: string | null;
  seriesId: string | null;
  requestedBy: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  rejectionReason: string | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  checkedOutBy: string | null;
  checkedOutAt: string | null;
  returnedTo: string | null;
  returnedAt: string | null;
  returnCondition: ReturnCondition | null;
  returnNote: string | null;
  overdue: boolean;
  version: number;
  createdAt: string | null;
  updatedAt: string | null;
}

/** What members of associations other than the owner and the requester see of someone's booking. */
export interface BusySlotView {
  id: string;
  resourceId: string;
  start: string;
  end: string;
  quantity: number;
  status: BookingStatus;
}

/** One occurrence of a weekly series that is not free, with the bookings in its way. */
export interface OccurrenceConflict {
  start: string;
  end: string;
  conflicts: BusySlotView[];
}

/** The answer to a recurring request: the occurrences booked and those skipped for a conflict. */
export interface SeriesResult {
  seriesId: string;
  items: BookingView[];
  conflicts: OccurrenceConflict[];
}

// ---------------------------------------------------------------- chat

export interface MessageView {
  id: string;
  projectId: string;
  /** Null once the author's account is deleted. */
  authorId: string | null;
  /** The author's display name, or the erased-account label. */
  authorName: string;
  body: string;
  /** Who the message mentions (notified when it was sent); absent: nobody. */
  mentions?: Mentions;
  clientMessageId: string;
  createdAt: string;
}

// ---------------------------------------------------------------- contributions

export type ContributionKind = 'money' | 'volunteer_hours' | 'material' | 'premises' | 'service';
export type ContributionStatus = 'pledged' | 'delivered';
/** manual: recorded by a partner; booking, shift: derived from what happened (read-only). */
export type ContributionSource = 'manual' | 'booking' | 'shift';

/** How `valueEuros` was found, for the screens and the report to say so. */
export interface ContributionValuation {
  /** given: entered by the recorder; amount: money at face value; rate: quantity × rateEuros; none: not valued yet. */
  method: 'given' | 'amount' | 'rate' | 'none';
  rateEuros: number | null;
  per: 'hour' | 'day' | null;
}

export interface ContributionView {
  /** A derived item's id names its origin: `booking:<bookingId>` or `attendance:<attendanceId>`. */
  id: string;
  projectId: string;
  associationId: string;
  kind: ContributionKind;
  description: string;
  quantity: number;
  unit: string;
  valueEuros: number;
  valuation: ContributionValuation;
  gift: boolean;
  status: ContributionStatus;
  /** A calendar day (YYYY-MM-DD), or null. */
  date: string | null;
  source: ContributionSource;
  /** The booking or shift a derived item comes from. */
  origin: { bookingId: string } | { shiftId: string; eventId: string } | null;
  /** Null for derived items, and once the recorder's account is deleted. */
  recordedBy: string | null;
  /** 0 for derived items (they are not edited). */
  version: number;
  createdAt: string | null;
  updatedAt: string | null;
}

// ---------------------------------------------------------------- summary ("bilan")

/** Per kind: the euros pledged (not delivered yet), delivered, and their sum. */
export interface KindTotals {
  pledged: number;
  delivered: number;
  valueEuros: number;
}

export type ContributionsByKind = Record<ContributionKind, KindTotals>;

export interface PartnerSummary {
  associationId: string;
  name: string;
  /** Active partner now (a former partner shows when it contributed in the period). */
  active: boolean;
  isCoordinator: boolean;
  contributions: ContributionsByKind;
  /** Delivered volunteer hours (recorded and confirmed at shifts). */
  volunteerHours: number;
  /** The project's tasks assigned to the association, by status, as they stand now. */
  tasks: Record<TaskStatus, number>;
  /** The partner's share of the total value, 0 to 1. */
  shareOfValue: number;
}

/** One row of the contributions volontaires en nature (ANC 2018-06, class 8): delivered items only. */
export interface InKindRow {
  account: '864' | '861' | '862' | '860';
  counterpart: '870' | '871' | '875';
  label: string;
  valueEuros: number;
}

export interface UpcomingEvent {
  id: string;
  title: string;
  start: string;
  end: string;
  location: string | null;
  organizerAssociationId: string;
  shifts: number;
  volunteersNeeded: number;
  volunteersSignedUp: number;
}

/** GET /api/projects/:id/summary?from=&to= */
export interface ProjectSummary {
  projectId: string;
  from: string | null;
  to: string | null;
  volunteerHourlyRateEuros: number;
  partners: PartnerSummary[];
  totals: ContributionsByKind & { valueEuros: number; volunteerHours: number };
  inKind: InKindRow[];
  upcomingEvents: UpcomingEvent[];
}
