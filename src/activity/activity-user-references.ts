import type { ActivityData, ActivityType } from '@maillage/contract';

/**
 * Where each activity type's data names a user: the one list account erasure reads (see
 * ActivityService.eraseUserData). A path steps through object keys with `.` and into every element
 * of an array with `[]`; the compiler checks that each path exists in the contract's data shape and
 * ends on a string, and the mapped type makes a new activity type declare its references.
 */
export type UserReference<Data> =
  /** An id: set to null; an element of an id list (`ids[]`): removed. */
  | StringPath<Data>
  /** An id with the name copied beside it (`name`: the sibling key): the name becomes the erased label. */
  | { id: StringPath<Data>; name: string }
  /** An id inside list entries that exist only for that user (`a[].userId`): the entry is removed. */
  | { id: StringPath<Data>; dropEntry: true };

type StringPath<T, Prefix extends string = ''> = {
  [K in keyof T & string]-?: StringLeaf<NonNullable<T[K]>, `${Prefix}${K}`>;
}[keyof T & string];

type StringLeaf<V, Path extends string> = V extends string
  ? Path
  : V extends readonly (infer Item)[]
    ? Item extends string
      ? `${Path}[]`
      : StringPath<Item, `${Path}[].`>
    : V extends object
      ? StringPath<V, `${Path}.`>
      : never;

const task = ['task.createdBy', 'task.assigneeUserIds[]'] as const;
const comment = ['comment.authorId', 'comment.mentions.userIds[]'] as const;
const project = ['project.createdBy', 'project.charter.updatedBy', 'project.partners[].invitedBy'] as const;
const partner = ['partner.invitedBy'] as const;
const signature = ['signature.signedBy'] as const;
const event = ['event.createdBy'] as const;
const shift = ['shift.createdBy', { id: 'shift.volunteers[].userId', dropEntry: true }, 'shift.attendance[].userId', 'shift.attendance[].confirmedBy'] as const;
const contribution = ['contribution.recordedBy'] as const;
const decision = ['decision.createdBy', 'decision.closedBy', 'decision.votes[].castBy'] as const;
const booking = ['booking.requestedBy', 'booking.decidedBy', 'booking.cancelledBy', 'booking.checkedOutBy', 'booking.returnedTo'] as const;

export const ACTIVITY_USER_REFERENCES: { readonly [T in ActivityType]: readonly UserReference<ActivityData<T>>[] } = {
  'project.created': project,
  'project.updated': project,
  'coordinator.changed': project,
  'partner.invited': partner,
  'partner.declined': partner,
  'partner.left': partner,
  'partner.removed': partner,
  'partner.joined': [...partner, ...signature],
  'charter.updated': ['charter.updatedBy'],
  'charter.signed': [...partner, ...signature],
  'task.created': task,
  'task.updated': task,
  'task.moved': task,
  'task.deleted': task,
  'task.renumbered': [],
  'comment.created': comment,
  'comment.updated': comment,
  'comment.deleted': comment,
  'message.created': [{ id: 'message.authorId', name: 'authorName' }, 'message.mentions.userIds[]'],
  'event.created': event,
  'event.updated': event,
  'event.deleted': event,
  'shift.created': shift,
  'shift.updated': shift,
  'shift.deleted': shift,
  'shift.signed_up': shift,
  'shift.withdrawn': shift,
  'shift.attendance': [...shift, 'volunteerId'],
  'shift.guest_signed_up': shift,
  'shift.guest_cancelled': shift,
  'shift.guest_removed': shift,
  'booking.requested': booking,
  'booking.approved': booking,
  'booking.rejected': booking,
  'booking.cancelled': booking,
  'booking.checked_out': booking,
  'booking.returned': booking,
  'contribution.created': contribution,
  'contribution.updated': contribution,
  'contribution.deleted': contribution,
  'decision.opened': decision,
  'decision.voted': [...decision, 'vote.castBy'],
  'decision.closed': decision,
  'decision.withdrawn': decision,
};

interface ParsedReference {
  steps: string[];
  name?: string;
  dropEntry: boolean;
}

type AnyReference = string | { id: string; name?: string; dropEntry?: true };

const parse = (reference: AnyReference): ParsedReference => {
  const spec = typeof reference === 'string' ? { id: reference } : reference;
  return { steps: spec.id.replace(/\[\]/g, '.[]').split('.'), name: spec.name, dropEntry: !!spec.dropEntry };
};

/** The references of each type, parsed once. */
const PARSED = new Map<string, ParsedReference[]>(
  Object.entries(ACTIVITY_USER_REFERENCES).map(([type, references]) => [type, (references as readonly AnyReference[]).map(parse)]),
);

/**
 * A filter matching the activities whose data may name the user: dotted paths match inside arrays
 * on MongoDB and FerretDB alike, so the database narrows the rows; `eraseUser` decides.
 */
export function referencingFilter(userId: string): Record<string, unknown> {
  const paths = new Set<string>();
  for (const references of PARSED.values()) for (const { steps } of references) paths.add(['data', ...steps.filter((step) => step !== '[]')].join('.'));
  return { $or: [...paths].map((path) => ({ [path]: userId })) };
}

/** The ids of the users one activity's data names, as its type declares (for the feed to name them). */
export function userIdsIn(type: string, data: unknown): string[] {
  const found: string[] = [];
  const collect = (node: unknown, steps: string[]): void => {
    if (node === null || typeof node !== 'object') return;
    const [step, ...rest] = steps;
    if (step === '[]') {
      if (!Array.isArray(node)) return;
      for (const item of node) {
        if (rest.length) collect(item, rest);
        else if (typeof item === 'string') found.push(item);
      }
      return;
    }
    const value = (node as Record<string, unknown>)[step];
    if (rest.length) collect(value, rest);
    else if (typeof value === 'string') found.push(value);
  };
  for (const { steps } of PARSED.get(type) ?? []) collect(data, steps);
  return found;
}

/**
 * Removes the user from one activity's data, in place, as its type declares; answers whether
 * anything changed. Unknown types (none should exist) are left alone.
 */
export function eraseUser(type: string, data: unknown, userId: string, erasedName: string): boolean {
  let changed = false;
  for (const reference of PARSED.get(type) ?? []) changed = scrub(data, reference.steps, reference, userId, erasedName) || changed;
  return changed;
}

function scrub(node: unknown, steps: string[], reference: ParsedReference, userId: string, erasedName: string): boolean {
  if (node === null || typeof node !== 'object') return false;
  const [step, ...rest] = steps;
  if (step === '[]') {
    if (!Array.isArray(node)) return false;
    const drop = (item: unknown) =>
      rest.length === 0 ? item === userId : reference.dropEntry && rest.length === 1 && (item as Record<string, unknown> | null)?.[rest[0]] === userId;
    const before = node.length;
    for (let index = node.length - 1; index >= 0; index--) if (drop(node[index])) node.splice(index, 1);
    let changed = node.length !== before;
    for (const item of node) changed = scrub(item, rest, reference, userId, erasedName) || changed;
    return changed;
  }
  const record = node as Record<string, unknown>;
  if (rest.length > 0) return scrub(record[step], rest, reference, userId, erasedName);
  if (record[step] !== userId) return false;
  record[step] = null;
  if (reference.name) record[reference.name] = erasedName;
  return true;
}
