import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { Response } from 'supertest';
import { makeUser, TestUser } from './factories';
import { EventsWorld, futureTime, makeEvent, makeEventsWorld, makeShift } from './factories/events';
import { makeResource, seedTeam, slot } from './factories/resources';
import { makeTask } from './factories/tasks';
import { createTestApp, TestApp } from './setup/test-app';

/**
 * "Missing" and "not yours" must be indistinguishable: for every route that loads an object by id,
 * an outsider asking for a real object and anyone asking for an id that does not exist get the same
 * 404 document, byte for byte (only `instance`, the request path, differs).
 */
describe('Hidden objects answer like missing ones (e2e)', () => {
  let t: TestApp;
  let w: EventsWorld;
  let ids: { task: string; comment: string; event: string; shift: string; booking: string; series: string };
  let bookingOwner: { id: string; admin: TestUser; member: TestUser };
  let bookingRequester: { id: string; admin: TestUser; member: TestUser };
  let bookingOutsider: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    w = await makeEventsWorld(t);
    const task = await makeTask(t, w.partnerMember, w.project.id);
    const comment = await t
      .http()
      .post(`/api/tasks/${task.id}/comments`)
      .set('Authorization', w.partnerMember.auth)
      .send({ body: 'Je m’en occupe' })
      .expect(201);
    const event = await makeEvent(t, w.partnerMember, w.project.id);
    const shift = await makeShift(t, w.partnerMember, event.id);

    bookingOwner = await seedTeam(t);
    bookingRequester = await seedTeam(t);
    bookingOutsider = await makeUser(t);
    const resource = await makeResource(t, bookingOwner.admin, bookingOwner.id, { requiresApproval: true });
    const booking = await t
      .http()
      .post(`/api/resources/${resource.id}/bookings`)
      .set('Authorization', bookingRequester.member.auth)
      .send({ ...slot(12), requesterAssociationId: bookingRequester.id })
      .expect(201);
    const first = slot(20);
    const until = new Date(new Date(first.start).getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
    const series = await t
      .http()
      .post(`/api/resources/${resource.id}/bookings`)
      .set('Authorization', bookingRequester.member.auth)
      .send({ ...first, requesterAssociationId: bookingRequester.id, recurrence: { frequency: 'weekly', until, onConflict: 'skip' } })
      .expect(201);
    ids = { task: task.id, comment: comment.body.id, event: event.id, shift: shift.id, booking: booking.body.id, series: series.body.seriesId };
  });

  afterAll(async () => {
    await t.close();
  });

  const unknownId = () => new Types.ObjectId().toHexString();
  type Method = 'get' | 'post' | 'patch' | 'delete';
  const call = (method: Method, path: string, user: TestUser, body?: Record<string, unknown>) => {
    const pending = t.http()[method](path).set('Authorization', user.auth);
    return body ? pending.send(body) : pending;
  };
  /** The problem document without `instance`, serialized: what must not differ between the two cases. */
  const document = (response: Response) => {
    const { instance: _instance, ...rest } = response.body as Record<string, unknown>;
    return JSON.stringify(rest);
  };

  interface Route {
    method: Method;
    /** `:id` is replaced by the real or the unknown id. */
    path: string;
    kind: keyof typeof ids;
    body?: () => Record<string, unknown>;
    /** Who can see the real object (asks for the unknown id) and who cannot (asks for the real one). */
    insider: () => TestUser;
    outsider: () => TestUser;
  }

  const projectSide = { insider: () => w.partnerMember, outsider: () => w.outsider };
  const bookingSide = { insider: () => bookingRequester.member, outsider: () => bookingOutsider };
  const routes: Route[] = [
    { method: 'get', path: '/api/tasks/:id', kind: 'task', ...projectSide },
    { method: 'patch', path: '/api/tasks/:id', kind: 'task', body: () => ({ title: 'x', version: 1 }), ...projectSide },
    { method: 'post', path: '/api/tasks/:id/move', kind: 'task', body: () => ({ status: 'done' }), ...projectSide },
    { method: 'delete', path: '/api/tasks/:id', kind: 'task', ...projectSide },
    { method: 'get', path: '/api/tasks/:id/comments', kind: 'task', ...projectSide },
    { method: 'post', path: '/api/tasks/:id/comments', kind: 'task', body: () => ({ body: 'x' }), ...projectSide },
    { method: 'patch', path: '/api/comments/:id', kind: 'comment', body: () => ({ body: 'x' }), ...projectSide },
    { method: 'delete', path: '/api/comments/:id', kind: 'comment', ...projectSide },
    { method: 'get', path: '/api/events/:id', kind: 'event', ...projectSide },
    { method: 'patch', path: '/api/events/:id', kind: 'event', body: () => ({ title: 'x' }), ...projectSide },
    { method: 'delete', path: '/api/events/:id', kind: 'event', ...projectSide },
    { method: 'get', path: '/api/events/:id/shifts', kind: 'event', ...projectSide },
    {
      method: 'post',
      path: '/api/events/:id/shifts',
      kind: 'event',
      body: () => ({ label: 'x', start: futureTime(10, 12), end: futureTime(10, 13), needed: 1 }),
      ...projectSide,
    },
    { method: 'patch', path: '/api/shifts/:id', kind: 'shift', body: () => ({ label: 'x' }), ...projectSide },
    { method: 'delete', path: '/api/shifts/:id', kind: 'shift', ...projectSide },
    { method: 'post', path: '/api/shifts/:id/signup', kind: 'shift', ...projectSide },
    { method: 'delete', path: '/api/shifts/:id/signup', kind: 'shift', ...projectSide },
    { method: 'get', path: '/api/bookings/:id', kind: 'booking', ...bookingSide },
    { method: 'post', path: '/api/bookings/:id/approve', kind: 'booking', body: () => ({}), ...bookingSide },
    { method: 'post', path: '/api/bookings/:id/reject', kind: 'booking', body: () => ({ reason: 'x' }), ...bookingSide },
    { method: 'post', path: '/api/bookings/:id/cancel', kind: 'booking', body: () => ({}), ...bookingSide },
    { method: 'post', path: '/api/bookings/:id/checkout', kind: 'booking', body: () => ({}), ...bookingSide },
    { method: 'post', path: '/api/bookings/:id/return', kind: 'booking', body: () => ({ condition: 'good' }), ...bookingSide },
    { method: 'post', path: '/api/bookings/series/:id/cancel', kind: 'series', body: () => ({ from: slot(1).start }), ...bookingSide },
  ];

  describe.each(routes)('$method $path', (route) => {
    it('answers an outsider on a real id exactly as anyone on an unknown id', async () => {
      const unknown = route.kind === 'series' ? randomUUID() : unknownId();
      const hidden = await call(route.method, route.path.replace(':id', ids[route.kind]), route.outsider(), route.body?.()).expect(404);
      const missing = await call(route.method, route.path.replace(':id', unknown), route.insider(), route.body?.()).expect(404);
      expect(document(hidden)).toBe(document(missing));
      expect(hidden.body).toMatchObject({ status: 404, code: 'not_found' });
    });
  });

  it('left every object in place', async () => {
    for (const [collection, id] of [
      ['tasks', ids.task],
      ['task_comments', ids.comment],
      ['events', ids.event],
      ['shifts', ids.shift],
      ['bookings', ids.booking],
    ]) {
      const stored = await t.db.collection(collection).findOne({ _id: new Types.ObjectId(id) });
      expect({ collection, found: !!stored }).toEqual({ collection, found: true });
    }
  });
});
