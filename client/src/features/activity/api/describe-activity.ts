// One sentence per activity: who did what, and where. Names come from the project's people, the
// feed's own items (a comment's task, a shift's event) and the caches; nothing is ever "a change".
import type { TFunction } from 'i18next';
import type { ActivityType, ActivityView, TaskStatus } from '@maillage/contract';
import { formatRange } from '@/features/calendar/paris-time';
import { decisionActivityText } from '@/features/decisions/api/decision-text';

/** Where the sentence finds the names of what the activity's data only gives by id. */
export interface ActivityNames {
  person(userId: string): string | undefined;
  association(associationId: string): string | undefined;
  task(taskId: string): string | undefined;
  event(eventId: string): string | undefined;
  resource(resourceId: string): string | undefined;
}

const EXCERPT_LENGTH = 80;
const excerpt = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
};

/** Every type has its sentence; the compiler makes a new type bring one. */
type Describers = { [T in ActivityType]: (activity: ActivityView<T>, say: Say) => string };

interface Say {
  t: TFunction;
  actor: string;
  names: ActivityNames;
  locale: string;
  association(id: string | null | undefined, name?: string | null): string;
  column(status: TaskStatus | undefined): string;
  fields(names: string[]): string;
  when(start: string, end: string): string;
}

const k = (type: string) => `activityFeed.types.${type}`;

const partnerSentence =
  (key: string) =>
  ({ data }: { data: { partner: { associationId: string; associationName?: string } } }, say: Say) =>
    say.t(k(key), { actor: say.actor, association: say.association(data.partner.associationId, data.partner.associationName) });

const bookingSentence =
  (key: string) =>
  ({ data: { booking } }: { data: { booking: { resourceId: string; requesterAssociationId: string; start: string; end: string } } }, say: Say) =>
    say.t(k(key), {
      actor: say.actor,
      resource: say.names.resource(booking.resourceId) ?? say.t('activityFeed.aResource'),
      association: say.association(booking.requesterAssociationId),
      when: say.when(booking.start, booking.end),
    });

type ShiftData = { shift: { label: string; eventId: string; needed: number; remaining: number } };
const shiftParts = ({ shift }: ShiftData, say: Say) => ({
  actor: say.actor,
  shift: shift.label,
  event: say.names.event(shift.eventId) ?? say.t('activityFeed.anEvent'),
  needed: shift.needed,
  filled: shift.needed - shift.remaining,
});

type CommentData = { comment: { taskId: string; body: string }; taskId: string };
const commentParts = (data: CommentData, say: Say) => ({
  actor: say.actor,
  task: say.names.task(data.comment?.taskId ?? data.taskId) ?? say.t('activityFeed.aTask'),
  excerpt: excerpt(data.comment?.body ?? ''),
});

function decisionSentence(activity: ActivityView, say: Say): string {
  const text = decisionActivityText(say.t, activity, say.actor, { get: (id) => say.names.association(id) });
  if (text === null) throw new Error('decision activity without its decision');
  return text;
}

const DESCRIBERS: Describers = {
  'project.created': ({ data }, say) => say.t(k('project_created'), { actor: say.actor, project: data.project.title }),
  'project.updated': ({ data }, say) => say.t(k('project_updated'), { actor: say.actor, project: data.project.title, fields: say.fields(data.changes) }),
  'coordinator.changed': ({ data }, say) =>
    say.t(k('coordinator_changed'), { actor: say.actor, association: say.association(data.project.coordinatorAssociationId, data.project.coordinator?.name) }),
  'partner.invited': partnerSentence('partner_invited'),
  'partner.declined': partnerSentence('partner_declined'),
  'partner.left': partnerSentence('partner_left'),
  'partner.removed': partnerSentence('partner_removed'),
  'partner.joined': ({ data }, say) =>
    say.t(k('partner_joined'), {
      actor: say.actor,
      association: say.association(data.partner.associationId, data.partner.associationName),
      version: data.signature.version,
    }),
  'charter.updated': ({ data }, say) => say.t(k('charter_updated'), { actor: say.actor, version: data.charter.version }),
  'charter.signed': ({ data }, say) =>
    say.t(k('charter_signed'), {
      actor: say.actor,
      association: say.association(data.partner.associationId, data.partner.associationName),
      version: data.signature.version,
    }),
  'task.created': ({ data }, say) => say.t(k('task_created'), { actor: say.actor, task: data.task.title, column: say.column(data.task.status) }),
  'task.updated': ({ data }, say) => say.t(k('task_updated'), { actor: say.actor, task: data.task.title, fields: say.fields(data.fields) }),
  'task.moved': ({ data }, say) =>
    data.from?.status === data.task.status
      ? say.t(k('task_reordered'), { actor: say.actor, task: data.task.title, column: say.column(data.task.status) })
      : say.t(k('task_moved'), { actor: say.actor, task: data.task.title, from: say.column(data.from?.status), to: say.column(data.task.status) }),
  'task.deleted': ({ data }, say) => say.t(k('task_deleted'), { actor: say.actor, task: data.task.title, column: say.column(data.task.status) }),
  'task.renumbered': ({ data }, say) => (data.status ? say.t(k('task_renumbered'), { column: say.column(data.status) }) : say.t(k('task_renumbered_all'))),
  'comment.created': ({ data }, say) => say.t(k('comment_created'), commentParts(data, say)),
  'comment.updated': ({ data }, say) => say.t(k('comment_updated'), commentParts(data, say)),
  'comment.deleted': ({ data }, say) => say.t(k('comment_deleted'), commentParts(data, say)),
  'message.created': ({ data }, say) => say.t(k('message_created'), { actor: say.actor, excerpt: excerpt(data.message.body) }),
  'event.created': ({ data }, say) =>
    say.t(k('event_created'), { actor: say.actor, event: data.event.title, when: say.when(data.event.start, data.event.end) }),
  'event.updated': ({ data }, say) =>
    say.t(k('event_updated'), { actor: say.actor, event: data.event.title, when: say.when(data.event.start, data.event.end) }),
  'event.deleted': ({ data }, say) => say.t(k('event_deleted'), { actor: say.actor, event: data.event.title }),
  'shift.created': ({ data }, say) => say.t(k('shift_created'), shiftParts(data, say)),
  'shift.updated': ({ data }, say) => say.t(k('shift_updated'), shiftParts(data, say)),
  'shift.deleted': ({ data }, say) => say.t(k('shift_deleted'), shiftParts(data, say)),
  'shift.signed_up': ({ data }, say) => say.t(k('shift_signed_up'), shiftParts(data, say)),
  'shift.withdrawn': ({ data }, say) => say.t(k('shift_withdrawn'), shiftParts(data, say)),
  'shift.guest_signed_up': ({ data }, say) => say.t(k('shift_guest_signed_up'), shiftParts(data, say)),
  'shift.guest_cancelled': ({ data }, say) => say.t(k('shift_guest_cancelled'), shiftParts(data, say)),
  'shift.guest_removed': ({ data }, say) => say.t(k('shift_guest_removed'), shiftParts(data, say)),
  'shift.attendance': ({ data }, say) =>
    say.t(k(data.present ? 'shift_present' : 'shift_absent'), {
      ...shiftParts(data, say),
      volunteer: (data.volunteerId && say.names.person(data.volunteerId)) || say.t(data.volunteerId ? 'activityFeed.someone' : 'activityFeed.deletedAccount'),
    }),
  'booking.requested': bookingSentence('booking_requested'),
  'booking.approved': bookingSentence('booking_approved'),
  'booking.rejected': bookingSentence('booking_rejected'),
  'booking.cancelled': bookingSentence('booking_cancelled'),
  'booking.checked_out': bookingSentence('booking_checked_out'),
  'booking.returned': bookingSentence('booking_returned'),
  'contribution.created': ({ data }, say) =>
    say.t(k('contribution_created'), {
      actor: say.actor,
      association: say.association(data.contribution.associationId),
      contribution: data.contribution.description,
    }),
  'contribution.updated': ({ data }, say) =>
    say.t(k('contribution_updated'), {
      actor: say.actor,
      association: say.association(data.contribution.associationId),
      contribution: data.contribution.description,
      fields: say.fields(data.fields),
    }),
  'contribution.deleted': ({ data }, say) =>
    say.t(k('contribution_deleted'), {
      actor: say.actor,
      association: say.association(data.contribution.associationId),
      contribution: data.contribution.description,
    }),
  // Decisions speak for associations and outcomes (features/decisions).
  'decision.opened': decisionSentence,
  'decision.voted': decisionSentence,
  'decision.closed': decisionSentence,
  'decision.withdrawn': decisionSentence,
};

/** "Amina a déplacé « Affiches » de À faire vers En cours". */
export function describeActivity(activity: ActivityView, names: ActivityNames, t: TFunction, locale: string): string {
  const actor = activity.actorId ? (names.person(activity.actorId) ?? t('activityFeed.someone')) : t('activityFeed.deletedAccount');
  const say: Say = {
    t,
    actor,
    names,
    locale,
    association: (id, name) => (id && names.association(id)) || name || t('activityFeed.anAssociation'),
    column: (status) => (status ? t(`taskStatus.${status}`) : ''),
    fields: (list) =>
      (list ?? [])
        .map((field) => t(`activityFeed.fields.${field}`, { defaultValue: '' }))
        .filter(Boolean)
        .join(', ') || '…',
    when: (start, end) => (start && end ? formatRange(start, end, locale) : ''),
  };
  const describe = DESCRIBERS[activity.type] as ((activity: ActivityView, say: Say) => string) | undefined;
  try {
    if (describe) return describe(activity, say);
  } catch {
    // a payload from an older server missing a part: the plain sentence below
  }
  return t('activityFeed.unknown', { actor });
}
