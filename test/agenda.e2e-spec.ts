import { Types } from 'mongoose';
import { makeUser } from './factories';
import { EventsWorld, makeEvent, makeEventsWorld, makeShift, seedAssociation, seedMember, seedProject } from './factories/events';
import { useTestApp } from './setup/hooks';
import { TestApp } from './setup/test-app';

describe('My agenda (e2e)', () => {
  let t: TestApp;
  let w: EventsWorld;

  useTestApp(async (app) => {
    t = app;
    w = await makeEventsWorld(t);
  });

  const window = { from: '2032-03-01T00:00:00.000Z', to: '2032-04-01T00:00:00.000Z' };
  const agendaOf = async (auth: string, query: Record<string, string> = window) =>
    (await t.http().get('/api/me/agenda').query(query).set('Authorization', auth).expect(200)).body;

  describe('GET /api/me/agenda', () => {
    it("lists my shifts, my tasks due and my associations' open bookings by time, and nothing of others", async () => {
      const me = await makeUser(t, { displayName: 'Fatou' });
      await seedMember(t, w.partner.id, me);
      const event = await makeEvent(t, w.coordinatorMember, w.project.id, {
        title: 'Fête du printemps',
        start: '2032-03-20T10:00:00.000Z',
        end: '2032-03-20T18:00:00.000Z',
        location: 'Parc des Lilas',
      });
      const mine = await makeShift(t, w.coordinatorMember, event.id, { label: 'Buvette', start: '2032-03-20T12:00:00.000Z', end: '2032-03-20T14:00:00.000Z' });
      await makeShift(t, w.coordinatorMember, event.id, { label: 'Rangement', start: '2032-03-20T17:00:00.000Z', end: '2032-03-20T18:00:00.000Z' });
      await t.http().post(`/api/shifts/${mine.id}/signup`).set('Authorization', me.auth).expect(200);

      const task = (body: Record<string, unknown>) =>
        t.http().post(`/api/projects/${w.project.id}/tasks`).set('Authorization', w.coordinatorAdmin.auth).send(body).expect(201);
      const toMe = (await task({ title: 'Imprimer les affiches', assigneeUserIds: [me.id], dueDate: '2032-03-10T12:00:00.000Z' })).body;
      const toMyAssociation = (await task({ title: 'Rendre les clés', assigneeAssociationId: w.partner.id, dueDate: '2032-03-25T12:00:00.000Z' })).body;
      await task({ title: 'Pas pour moi', assigneeAssociationId: w.coordinator.id, dueDate: '2032-03-11T12:00:00.000Z' });
      await task({ title: 'Déjà fait', assigneeUserIds: [me.id], status: 'done', dueDate: '2032-03-12T12:00:00.000Z' });
      await task({ title: 'Plus tard', assigneeUserIds: [me.id], dueDate: '2032-05-12T12:00:00.000Z' });

      const hall = (
        await t
          .http()
          .post(`/api/associations/${w.coordinator.id}/resources`)
          .set('Authorization', w.coordinatorAdmin.auth)
          .send({ kind: 'premise', name: 'Salle des Lilas', sharing: 'partners', requiresApproval: true })
          .expect(201)
      ).body;
      const book = (auth: string, associationId: string, start: string, end: string) =>
        t.http().post(`/api/resources/${hall.id}/bookings`).set('Authorization', auth).send({ start, end, requesterAssociationId: associationId }).expect(201);
      const ours = (await book(w.partnerAdmin.auth, w.partner.id, '2032-03-05T17:00:00.000Z', '2032-03-05T19:00:00.000Z')).body;
      const cancelled = (await book(w.partnerAdmin.auth, w.partner.id, '2032-03-06T17:00:00.000Z', '2032-03-06T19:00:00.000Z')).body;
      await t.http().post(`/api/bookings/${cancelled.id}/cancel`).set('Authorization', w.partnerAdmin.auth).send({}).expect(200);
      await book(w.coordinatorAdmin.auth, w.coordinator.id, '2032-03-07T17:00:00.000Z', '2032-03-07T19:00:00.000Z');

      const agenda = await agendaOf(me.auth);
      expect(agenda).toMatchObject({ from: window.from, to: window.to, truncated: false });
      expect(agenda.items.map((item: { kind: string; id: string }) => `${item.kind}:${item.id}`)).toEqual([
        `booking:${ours.id}`,
        `task:${toMe.id}`,
        `shift:${mine.id}`,
        `task:${toMyAssociation.id}`,
      ]);
      expect(agenda.items[0]).toEqual({
        kind: 'booking',
        id: ours.id,
        start: '2032-03-05T17:00:00.000Z',
        end: '2032-03-05T19:00:00.000Z',
        projectId: null,
        projectTitle: null,
        status: 'pending',
        resourceId: hall.id,
        resourceName: 'Salle des Lilas',
        requesterAssociationId: w.partner.id,
        quantity: 1,
      });
      expect(agenda.items[1]).toMatchObject({
        kind: 'task',
        title: 'Imprimer les affiches',
        assignedToMe: true,
        projectTitle: w.project.title,
        status: 'todo',
      });
      expect(agenda.items[2]).toEqual({
        kind: 'shift',
        id: mine.id,
        start: '2032-03-20T12:00:00.000Z',
        end: '2032-03-20T14:00:00.000Z',
        projectId: w.project.id,
        projectTitle: w.project.title,
        label: 'Buvette',
        eventId: event.id,
        eventTitle: 'Fête du printemps',
        location: 'Parc des Lilas',
        needed: 3,
        remaining: 2,
        associationId: w.partner.id,
      });
      expect(agenda.items[3]).toMatchObject({ kind: 'task', assignedToMe: false, assigneeAssociationId: w.partner.id });

      // the partner's admin sees the bookings and the association's task, not my shift nor my own task
      const theirs = await agendaOf(w.partnerAdmin.auth);
      expect(theirs.items.map((item: { id: string }) => item.id)).toEqual([ours.id, toMyAssociation.id]);
    });

    it('drops what I can no longer read: a project my association left', async () => {
      const me = await makeUser(t);
      const association = await seedAssociation(t, me);
      const project = await seedProject(t, association.id);
      await t
        .http()
        .post(`/api/projects/${project.id}/tasks`)
        .set('Authorization', me.auth)
        .send({ title: 'Tâche', assigneeUserIds: [me.id], dueDate: '2032-03-15T12:00:00.000Z' })
        .expect(201);
      expect((await agendaOf(me.auth)).items).toHaveLength(1);
      await t.db.collection('partners').updateOne({ projectId: new Types.ObjectId(project.id) }, { $set: { status: 'left' } });
      expect((await agendaOf(me.auth)).items).toEqual([]);
    });

    it('reads the next 60 days by default and answers an empty list to someone with no association', async () => {
      const loner = await makeUser(t);
      const agenda = await agendaOf(loner.auth, {});
      expect(agenda.items).toEqual([]);
      expect(Date.parse(agenda.to) - Date.parse(agenda.from)).toBe(60 * 24 * 3600 * 1000);
      expect(Math.abs(Date.parse(agenda.from) - Date.now())).toBeLessThan(60_000);
    });

    it('answers 400 naming to for a reversed or too long window, and on bad or unknown parameters', async () => {
      const reversed = await t.http().get('/api/me/agenda').query({ from: window.to, to: window.from }).set('Authorization', w.partnerMember.auth).expect(400);
      expect(reversed.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);
      const long = await t
        .http()
        .get('/api/me/agenda')
        .query({ from: '2032-01-01T00:00:00Z', to: '2033-03-01T00:00:00Z' })
        .set('Authorization', w.partnerMember.auth)
        .expect(400);
      expect(long.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);
      const bad = await t.http().get('/api/me/agenda').query({ from: 'demain' }).set('Authorization', w.partnerMember.auth).expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
      await t.http().get('/api/me/agenda').query({ limit: 5 }).set('Authorization', w.partnerMember.auth).expect(400);
    });

    it('answers 401 without a token', async () => {
      await t.http().get('/api/me/agenda').expect(401);
    });
  });
});
