import { describe, expect, it } from 'vitest';
import i18n from '@/i18n';
import type { ActivityDataMap, ActivityType, ActivityView } from '@maillage/contract';
import { describeActivity, type ActivityNames } from './describe-activity';

// Who, what and where for every type: partners' people are named, and no sentence is a bare "change".
const partner = { associationId: 'a2', associationName: 'Club de foot' };
const task = { id: 't1', title: 'Affiches', status: 'in_progress' as const };
const event = { id: 'e1', title: 'Fête du quartier', start: '2026-06-01T16:00:00.000Z', end: '2026-06-01T20:00:00.000Z' };
const shift = { id: 's1', eventId: 'e1', label: 'Buvette', needed: 5, remaining: 2 };
const booking = { id: 'b1', resourceId: 'r1', requesterAssociationId: 'a2', start: '2026-06-02T16:00:00.000Z', end: '2026-06-02T18:00:00.000Z' };
const contribution = { id: 'c1', associationId: 'a2', description: 'Prêt de la sono' };
const decision = { id: 'd1', title: 'Budget 2026', kind: 'yes_no', options: [], outcome: { result: 'adopted', option: null } };
const vote = { associationId: 'a2', choice: 'yes', comment: null, castBy: 'u2', castAt: '2026-05-01T10:00:00.000Z' };
const project = { id: 'p1', title: 'Fête du quartier 2026', coordinatorAssociationId: 'a2', coordinator: { id: 'a2', name: 'Club de foot' } };

/** One realistic payload per type, and what its sentence must name besides the actor (French). */
const CASES: { [T in ActivityType]: { data: Partial<Record<keyof ActivityDataMap[T], unknown>>; names: string[] } } = {
  'project.created': { data: { project }, names: ['Fête du quartier 2026'] },
  'project.updated': { data: { project, changes: ['title', 'endDate'] }, names: ['Fête du quartier 2026', 'titre', 'date de fin'] },
  'coordinator.changed': { data: { project, previousCoordinatorAssociationId: 'a1' }, names: ['Club de foot', 'chef de file'] },
  'partner.invited': { data: { partner }, names: ['Club de foot', 'invité'] },
  'partner.declined': { data: { partner }, names: ['Club de foot', 'décliné'] },
  'partner.left': { data: { partner }, names: ['Club de foot', 'quitter'] },
  'partner.removed': { data: { partner }, names: ['Club de foot', 'retiré'] },
  'partner.joined': { data: { partner, signature: { version: 2 } }, names: ['Club de foot', 'version 2'] },
  'charter.updated': { data: { charter: { version: 3 } }, names: ['version 3'] },
  'charter.signed': { data: { partner, signature: { version: 3 } }, names: ['Club de foot', 'version 3'] },
  'task.created': { data: { task }, names: ['« Affiches »', 'En cours'] },
  'task.updated': { data: { task, fields: ['dueDate'] }, names: ['« Affiches »', 'échéance'] },
  'task.moved': { data: { task, from: { status: 'todo', position: 1 }, afterTaskId: null }, names: ['a déplacé « Affiches » de À faire vers En cours'] },
  'task.deleted': { data: { task }, names: ['« Affiches »', 'supprimé'] },
  'task.renumbered': { data: { status: 'done', tasks: [] }, names: ['Terminée'] },
  'comment.created': {
    data: { comment: { taskId: 't1', body: 'Je m’en charge' }, taskId: 't1' },
    names: ['a commenté la tâche « Affiches »', 'Je m’en charge'],
  },
  'comment.updated': { data: { comment: { taskId: 't1', body: 'x' }, taskId: 't1' }, names: ['« Affiches »', 'modifié'] },
  'comment.deleted': { data: { comment: { taskId: 't1', body: 'x' }, taskId: 't1' }, names: ['« Affiches »', 'supprimé'] },
  'message.created': { data: { message: { body: 'Bonjour à tous' } }, names: ['discussion', 'Bonjour à tous'] },
  'event.created': { data: { event }, names: ['« Fête du quartier »', '1er juin'] },
  'event.updated': { data: { event }, names: ['« Fête du quartier »', 'modifié'] },
  'event.deleted': { data: { event, deletedShiftIds: [] }, names: ['« Fête du quartier »', 'supprimé'] },
  'shift.created': { data: { shift }, names: ['« Buvette »', '« Fête du quartier »', '5 bénévoles'] },
  'shift.updated': { data: { shift }, names: ['« Buvette »', '« Fête du quartier »', 'modifié'] },
  'shift.deleted': { data: { shift }, names: ['« Buvette »', '« Fête du quartier »', 'supprimé'] },
  'shift.signed_up': { data: { shift }, names: ['« Buvette »', '« Fête du quartier »', '3 / 5'] },
  'shift.withdrawn': { data: { shift }, names: ['« Buvette »', '« Fête du quartier »', 'quitté'] },
  'shift.guest_signed_up': { data: { shift, guestId: 'g1' }, names: ['sans compte', '« Buvette »', '« Fête du quartier »', 'page publique', '3 / 5'] },
  'shift.guest_cancelled': { data: { shift, guestId: 'g1' }, names: ['sans compte', '« Buvette »', 'annulé'] },
  'shift.guest_removed': { data: { shift, guestId: 'g1' }, names: ['sans compte', '« Buvette »', 'retiré'] },
  'shift.attendance': { data: { shift, volunteerId: 'u3', present: true }, names: ['Karim', '« Buvette »', 'présence'] },
  'booking.requested': { data: { booking }, names: ['« Salle polyvalente »', 'Club de foot', '2 juin', 'demandé'] },
  'booking.approved': { data: { booking }, names: ['« Salle polyvalente »', 'Club de foot', 'accepté'] },
  'booking.rejected': { data: { booking }, names: ['« Salle polyvalente »', 'Club de foot', 'refusé'] },
  'booking.cancelled': { data: { booking }, names: ['« Salle polyvalente »', 'Club de foot', 'annulé'] },
  'booking.checked_out': { data: { booking }, names: ['« Salle polyvalente »', 'Club de foot', 'remis'] },
  'booking.returned': { data: { booking }, names: ['« Salle polyvalente »', 'Club de foot', 'retour'] },
  'contribution.created': { data: { contribution }, names: ['« Prêt de la sono »', 'Club de foot', 'déclaré'] },
  'contribution.updated': { data: { contribution, fields: ['quantity'] }, names: ['« Prêt de la sono »', 'Club de foot', 'quantité'] },
  'contribution.deleted': { data: { contribution }, names: ['« Prêt de la sono »', 'Club de foot', 'supprimé'] },
  'decision.opened': { data: { decision }, names: ['propose une décision', '« Budget 2026 »'] },
  'decision.voted': { data: { decision, vote }, names: ['Club de foot a voté pour « Budget 2026 »'] },
  'decision.closed': { data: { decision }, names: ['Décision adoptée : « Budget 2026 »'] },
  'decision.withdrawn': { data: { decision }, names: ['retiré la proposition', '« Budget 2026 »'] },
};

/** Sentences that speak for an association, an outcome or a guest rather than for the person who acted. */
const NOT_LED_BY_THE_ACTOR: ActivityType[] = ['decision.voted', 'decision.closed', 'shift.guest_signed_up', 'shift.guest_cancelled'];

const names: ActivityNames = {
  // Amina belongs to a partner association: the project serves her name
  person: (id) => ({ u2: 'Amina', u3: 'Karim' })[id],
  association: (id) => ({ a1: 'Régie de quartier', a2: 'Club de foot' })[id],
  task: (id) => (id === 't1' ? 'Affiches' : undefined),
  event: (id) => (id === 'e1' ? 'Fête du quartier' : undefined),
  resource: (id) => (id === 'r1' ? 'Salle polyvalente' : undefined),
};

const activityOf = (type: ActivityType) =>
  ({
    projectId: 'p1',
    seq: 1,
    type,
    actorId: type === 'task.renumbered' ? null : 'u2',
    at: '2026-05-01T10:00:00.000Z',
    data: CASES[type].data,
  }) as ActivityView;

describe('describeActivity', () => {
  for (const type of Object.keys(CASES) as ActivityType[]) {
    it(`says who, what and where for ${type}, in French and in English`, () => {
      const activity = activityOf(type);
      // no-break spaces hold French guillemets to their words; compared as plain spaces
      const french = describeActivity(activity, names, i18n.getFixedT('fr'), 'fr').replace(/\u00a0/g, ' ');
      const english = describeActivity(activity, names, i18n.getFixedT('en'), 'en');
      for (const sentence of [french, english]) {
        if (activity.actorId && !NOT_LED_BY_THE_ACTOR.includes(type)) expect(sentence).toMatch(/^Amina /);
        expect(sentence).not.toMatch(/Quelqu’un|Someone|changement|changed the joint project$|undefined|\{\{|activityFeed\./);
      }
      for (const name of CASES[type].names) expect(french).toContain(name);
      expect(english).not.toEqual(french);
    });
  }

  it('names a deleted account as such, and survives a payload missing its object', () => {
    const t = i18n.getFixedT('fr');
    const erased = { ...activityOf('task.created'), actorId: null } as ActivityView;
    expect(describeActivity(erased, names, t, 'fr').replace(/\u00a0/g, ' ')).toMatch(/^Un compte supprimé a créé la tâche « Affiches »/);
    const broken = { ...activityOf('task.moved'), data: {} } as ActivityView;
    expect(describeActivity(broken, names, t, 'fr')).toBe('Amina a modifié l’action commune');
  });
});
