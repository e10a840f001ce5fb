import { Types } from 'mongoose';
import { futureTime, makeEvent, makeEventsWorld, makeShift, seedProject, EventsWorld } from './factories/events';
import { makeResource } from './factories/resources';
import { createTestApp, TestApp } from './setup/test-app';

/**
 * Input a careless or hostile client can send: each answers 400 naming the field, never a 5xx, and
 * nothing of it is stored. One case per finding of the black-box probe (issue 10, item 4).
 */
describe('Bad input', () => {
  let t: TestApp;
  let w: EventsWorld;
  let eventId: string;
  let shiftId: string;
  let resourceId: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await makeEventsWorld(t);
    eventId = (await makeEvent(t, w.coordinatorAdmin, w.project.id)).id;
    shiftId = (await makeShift(t, w.coordinatorAdmin, eventId)).id;
    resourceId = (await makeResource(t, w.coordinatorAdmin, w.coordinator.id, { sharing: 'network' })).id;
  });
  afterAll(() => t.close());

  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((error) => error.field);

  describe('POST /api/projects/:id/tasks and PATCH /api/tasks/:id: a checklist of non-objects', () => {
    it.each([[[[]]], [['text']], [[null]], [[1]]])('refuses checklist %j on create and update', async (checklist) => {
      const created = await t
        .http()
        .post(`/api/projects/${w.project.id}/tasks`)
        .set('Authorization', w.coordinatorAdmin.auth)
        .send({ title: 'x', checklist })
        .expect(400);
      expect(fieldsOf(created.body)).toContain('checklist');

      const task = await t.http().post(`/api/projects/${w.project.id}/tasks`).set('Authorization', w.coordinatorAdmin.auth).send({ title: 'ok' }).expect(201);
      const updated = await t
        .http()
        .patch(`/api/tasks/${task.body.id}`)
        .set('Authorization', w.coordinatorAdmin.auth)
        .send({ checklist, version: task.body.version })
        .expect(400);
      expect(fieldsOf(updated.body)).toContain('checklist');
      const stored = await t.db.collection('tasks').findOne({ _id: new Types.ObjectId(task.body.id) });
      expect(stored?.checklist ?? []).toEqual([]);
    });
  });

  describe('hand-made cursors', () => {
    const handMade = [
      Buffer.from(JSON.stringify({ start: 'garbage', id: 'aaaaaaaaaaaa' })).toString('base64url'),
      Buffer.from(JSON.stringify({ start: '2026-01-01T00:00:00.000Z', id: 123 })).toString('base64url'),
      Buffer.from(JSON.stringify({ start: { $gt: 1 }, id: '0123456789abcdef01234567' })).toString('base64url'),
      Buffer.from(JSON.stringify({ id: '0123456789abcdef01234567', extra: 1 })).toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('{}').toString('base64url'),
      'not a cursor!',
      'x'.repeat(3000),
    ];
    const routes = () => [`/api/projects/${w.project.id}/events`, `/api/events/${eventId}/shifts`, `/api/resources/${resourceId}/bookings`];

    it('answer 400 naming cursor on every paged route', async () => {
      for (const path of routes()) {
        for (const cursor of handMade) {
          const response = await t.http().get(path).query({ cursor }).set('Authorization', w.coordinatorAdmin.auth);
          expect({ path, cursor, status: response.status }).toEqual({ path, cursor, status: 400 });
          expect(fieldsOf(response.body)).toEqual(['cursor']);
        }
      }
    });

    it('still follow the cursors the server gives', async () => {
      await makeShift(t, w.coordinatorAdmin, eventId, { label: 'Rangement', start: futureTime(10, 15), end: futureTime(10, 17) });
      const first = await t.http().get(`/api/events/${eventId}/shifts`).query({ limit: 1 }).set('Authorization', w.coordinatorAdmin.auth).expect(200);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t
        .http()
        .get(`/api/events/${eventId}/shifts`)
        .query({ limit: 1, cursor: first.body.nextCursor })
        .set('Authorization', w.coordinatorAdmin.auth)
        .expect(200);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    });
  });

  describe('JSON nested 5,000 deep', () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const deepArray = '['.repeat(5000) + ']'.repeat(5000);

    it('answers 400 before validation, with or without a token', async () => {
      const attempts = [
        t.http().post('/api/auth/login').set('Content-Type', 'application/json').send(deep),
        t.http().post('/api/auth/login').set('Content-Type', 'application/json').send(`{"email":${deepArray}}`),
        t
          .http()
          .post(`/api/projects/${w.project.id}/tasks`)
          .set('Authorization', w.coordinatorAdmin.auth)
          .set('Content-Type', 'application/json')
          .send(`{"title":"x","checklist":${deepArray}}`),
      ];
      for (const response of await Promise.all(attempts)) {
        expect(response.status).toBe(400);
        expect(response.body.errors[0].message).toMatch(/nests deeper than/);
      }
    });
  });

  describe('prototype keys', () => {
    it.each(['constructor', '__proto__', 'prototype'])('refuses %s at any depth', async (key) => {
      const top = await t
        .http()
        .post(`/api/projects/${w.project.id}/tasks`)
        .set('Authorization', w.coordinatorAdmin.auth)
        .set('Content-Type', 'application/json')
        .send(`{"title":"x","${key}":{"isAdmin":true}}`)
        .expect(400);
      expect(fieldsOf(top.body)).toEqual([key]);
      const nested = await t
        .http()
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(`{"email":"a@b.org","password":{"${key}":{"x":1}}}`)
        .expect(400);
      expect(fieldsOf(nested.body)).toEqual([`password.${key}`]);
    });
  });

  describe("POST /api/resources/:id/bookings: the booking's eventId", () => {
    const book = (body: Record<string, unknown>) =>
      t
        .http()
        .post(`/api/resources/${resourceId}/bookings`)
        .set('Authorization', w.coordinatorAdmin.auth)
        .send({ ...window(), requesterAssociationId: w.coordinator.id, ...body });
    let day = 40;
    const window = () => ({ start: futureTime(day, 9), end: futureTime(day++, 11) });

    it('refuses an id of no event, an event of another project or tenant, and an eventId without projectId', async () => {
      const elsewhereProject = await seedProject(t, w.outsiderAssociation.id, [], 'Ailleurs');
      const elsewhere = await makeEvent(t, w.outsider, elsewhereProject.id);
      for (const body of [
        { projectId: w.project.id, eventId: new Types.ObjectId().toHexString() },
        { projectId: w.project.id, eventId: elsewhere.id },
        { eventId },
      ]) {
        const response = await book(body).expect(400);
        expect(fieldsOf(response.body)).toEqual(['eventId']);
      }
      expect(await t.db.collection('bookings').countDocuments({ eventId: { $ne: null } })).toBe(0);
    });

    it("accepts an event of the booking's project", async () => {
      const response = await book({ projectId: w.project.id, eventId }).expect(201);
      expect(response.body.eventId).toBe(eventId);
    });
  });

  describe('times without a timezone, and out of range', () => {
    const post = (path: string, body: Record<string, unknown>) => t.http().post(path).set('Authorization', w.coordinatorAdmin.auth).send(body);
    const event = (start: string, end: string) => post(`/api/projects/${w.project.id}/events`, { title: 'Fête', start, end });
    const shift = (start: string, end: string) => post(`/api/events/${eventId}/shifts`, { label: 'Accueil', start, end, needed: 1 });
    const booking = (start: string, end: string) => post(`/api/resources/${resourceId}/bookings`, { start, end, requesterAssociationId: w.coordinator.id });
    const ok = { start: futureTime(10, 12), end: futureTime(10, 13) };
    const local = (iso: string) => iso.replace(/\.000Z$/, '');

    it.each([
      ['event', event],
      ['shift', shift],
      ['booking', booking],
    ] as const)('%s: a start or end without Z or offset answers 400 naming it', async (_name, send) => {
      expect(fieldsOf((await send(local(ok.start), ok.end).expect(400)).body)).toEqual(['start']);
      expect(fieldsOf((await send(ok.start, local(ok.end)).expect(400)).body)).toEqual(['end']);
      expect(fieldsOf((await send('2026-06-20', ok.end).expect(400)).body)).toEqual(['start']);
    });

    it('an event from 1970 to 9999 answers 400 naming both ends', async () => {
      const response = await event('1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z').expect(400);
      expect(fieldsOf(response.body).sort()).toEqual(['end', 'start']);
      expect(fieldsOf((await event('2026-02-30T10:00:00Z', '2026-03-01T10:00:00Z').expect(400)).body)).toEqual(['start']);
    });

    it('durations are bounded: event 90 days, shift 24 hours, booking 90 days', async () => {
      expect((await event('2030-01-01T00:00:00Z', '2030-06-01T00:00:00Z').expect(400)).body.errors).toEqual([
        { field: 'end', message: 'must be at most 90 days after start', code: 'endsWithin' },
      ]);
      expect(fieldsOf((await shift(futureTime(9, 12), futureTime(10, 13)).expect(400)).body)).toEqual(['end']);
      expect(fieldsOf((await booking('2030-01-01T00:00:00Z', '2030-06-01T00:00:00Z').expect(400)).body)).toEqual(['end']);
      const moved = await t
        .http()
        .patch(`/api/events/${eventId}`)
        .set('Authorization', w.coordinatorAdmin.auth)
        .send({ end: '2099-01-01T00:00:00Z' })
        .expect(400);
      expect(fieldsOf(moved.body)).toEqual(['end']);
      const stretched = await t
        .http()
        .patch(`/api/shifts/${shiftId}`)
        .set('Authorization', w.coordinatorAdmin.auth)
        .send({ start: futureTime(8, 20) })
        .expect(400);
      expect(fieldsOf(stretched.body)).toEqual(['start']);
    });

    it('a due date, a query bound and a recurrence end follow the same rule', async () => {
      const due = await post(`/api/projects/${w.project.id}/tasks`, { title: 'x', dueDate: '2026-06-20T12:00:00' }).expect(400);
      expect(fieldsOf(due.body)).toEqual(['dueDate']);
      const from = await t
        .http()
        .get(`/api/projects/${w.project.id}/events`)
        .query({ from: '1970-01-01T00:00:00Z' })
        .set('Authorization', w.coordinatorAdmin.auth)
        .expect(400);
      expect(fieldsOf(from.body)).toEqual(['from']);
      const until = await post(`/api/resources/${resourceId}/bookings`, {
        ...ok,
        requesterAssociationId: w.coordinator.id,
        recurrence: { frequency: 'weekly', until: '9999-01-01', onConflict: 'skip' },
      }).expect(400);
      expect(fieldsOf(until.body)).toEqual(['recurrence.until']);
    });
  });
});
