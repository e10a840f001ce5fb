import { Types } from 'mongoose';
import { makeUser, TestUser } from './factories';
import { EventsWorld, futureTime, makeEvent, makeEventsWorld, makeShift, seedMember } from './factories/events';
import { storedTypes } from './factories/projects';
import { useTestApp } from './setup/hooks';
import { TestApp } from './setup/test-app';

describe('Events and shifts (e2e)', () => {
  let t: TestApp;
  let w: EventsWorld;
  const unknownId = new Types.ObjectId().toHexString();

  useTestApp(async (app) => {
    t = app;
    w = await makeEventsWorld(t);
  });

  const activityTypes = (projectId: string) => storedTypes(t, projectId);

  describe('POST /api/projects/:id/events', () => {
    it("creates an event organized by the caller's partner association and logs it", async () => {
      const start = futureTime(12, 14);
      const end = futureTime(12, 19);
      const response = await t
        .http()
        .post(`/api/projects/${w.project.id}/events`)
        .set('Authorization', w.partnerMember.auth)
        .send({
          title: '  Projection-débat  ',
          description: 'Au cinéma associatif',
          start,
          end,
          location: 'Cinéma Le Méliès',
          expectedAttendance: 120,
          isPublic: true,
        })
        .expect(201);
      expect(response.body).toMatchObject({
        projectId: w.project.id,
        title: 'Projection-débat',
        start,
        end,
        location: 'Cinéma Le Méliès',
        resourceId: null,
        booking: null,
        expectedAttendance: 120,
        isPublic: true,
        organizerAssociationId: w.partner.id,
        createdBy: w.partnerMember.id,
        version: 1,
      });
      expect(response.body._id).toBeUndefined();
      const stored = await t.db.collection('events').findOne({ _id: new Types.ObjectId(response.body.id) });
      expect(stored?.title).toBe('Projection-débat');
      const activity = await t.db
        .collection('activities')
        .findOne({ projectId: new Types.ObjectId(w.project.id), type: 'event.created', 'data.event.id': response.body.id });
      expect(activity?.actorId?.toString()).toBe(w.partnerMember.id);
    });

    it('answers 400 naming end when the event ends before it starts', async () => {
      const response = await t
        .http()
        .post(`/api/projects/${w.project.id}/events`)
        .set('Authorization', w.partnerMember.auth)
        .send({ title: "À l'envers", start: futureTime(5, 18), end: futureTime(5, 12) })
        .expect(400);
      expect(response.body.errors).toEqual([{ field: 'end', message: 'must be after start', code: 'endsWithin' }]);
    });

    it('answers 400 on missing or unknown fields and bad values', async () => {
      const response = await t
        .http()
        .post(`/api/projects/${w.project.id}/events`)
        .set('Authorization', w.partnerMember.auth)
        .send({ start: 'tomorrow', end: futureTime(5, 12), expectedAttendance: -1, colour: 'red' })
        .expect(400);
      const fields = response.body.errors.map((error: { field: string }) => error.field);
      expect(fields).toEqual(expect.arrayContaining(['title', 'start', 'expectedAttendance', 'colour']));
    });

    it("answers 400 when acting for an association that is not the caller's partner", async () => {
      const response = await t
        .http()
        .post(`/api/projects/${w.project.id}/events`)
        .set('Authorization', w.partnerMember.auth)
        .send({ title: 'Pour les autres', start: futureTime(5, 10), end: futureTime(5, 12), requesterAssociationId: w.coordinator.id })
        .expect(400);
      expect(response.body.errors[0].field).toBe('requesterAssociationId');
    });

    it('answers 401 without a token', async () => {
      await t
        .http()
        .post(`/api/projects/${w.project.id}/events`)
        .send({ title: 'x', start: futureTime(5, 10), end: futureTime(5, 12) })
        .expect(401);
    });

    it('answers 404 to an outsider and for an unknown project', async () => {
      const body = { title: 'Intrus', start: futureTime(5, 10), end: futureTime(5, 12) };
      await t.http().post(`/api/projects/${w.project.id}/events`).set('Authorization', w.outsider.auth).send(body).expect(404);
      await t.http().post(`/api/projects/${unknownId}/events`).set('Authorization', w.partnerMember.auth).send(body).expect(404);
      await t.http().post('/api/projects/not-an-id/events').set('Authorization', w.partnerMember.auth).send(body).expect(404);
    });
  });

  describe('POST /api/projects/:id/events with a premise', () => {
    const makeHall = async (requiresApproval: boolean) =>
      (
        await t
          .http()
          .post(`/api/associations/${w.coordinator.id}/resources`)
          .set('Authorization', w.coordinatorAdmin.auth)
          .send({ kind: 'premise', name: 'Salle polyvalente', sharing: 'partners', requiresApproval })
          .expect(201)
      ).body;

    it('requests a booking for the event and shows its state as it changes', async () => {
      const hall = await makeHall(true);
      const event = await makeEvent(t, w.partnerMember, w.project.id, {
        resourceId: hall.id,
        start: '2031-05-10T16:00:00.000Z',
        end: '2031-05-10T20:00:00.000Z',
      });
      expect(event).toMatchObject({ resourceId: hall.id, resourceName: 'Salle polyvalente', booking: { id: expect.any(String), status: 'pending' } });
      const stored = await t.db.collection('bookings').findOne({ _id: new Types.ObjectId(event.booking.id) });
      expect(stored).toMatchObject({
        status: 'pending',
        requesterAssociationId: new Types.ObjectId(w.partner.id),
        projectId: new Types.ObjectId(w.project.id),
        eventId: new Types.ObjectId(event.id),
      });
      await t.http().post(`/api/bookings/${event.booking.id}/approve`).set('Authorization', w.coordinatorAdmin.auth).send({}).expect(200);
      const fresh = await t.http().get(`/api/events/${event.id}`).set('Authorization', w.partnerMember.auth).expect(200);
      expect(fresh.body.booking).toEqual({ id: event.booking.id, status: 'approved' });
    });

    it('refuses the event, storing nothing, when the premise is taken', async () => {
      const hall = await makeHall(false);
      const times = { start: '2031-05-11T16:00:00.000Z', end: '2031-05-11T20:00:00.000Z' };
      const first = await makeEvent(t, w.partnerMember, w.project.id, { resourceId: hall.id, ...times });
      expect(first.booking.status).toBe('approved');
      const before = await t.db.collection('events').countDocuments();
      const response = await t
        .http()
        .post(`/api/projects/${w.project.id}/events`)
        .set('Authorization', w.coordinatorMember.auth)
        .send({ title: 'Même soir', resourceId: hall.id, ...times })
        .expect(409);
      expect(response.body.conflicts).toEqual([expect.objectContaining({ id: first.booking.id })]);
      expect(await t.db.collection('events').countDocuments()).toBe(before);
    });

    it('names the premise to every reader, and names none once the premise is dropped', async () => {
      const hall = await makeHall(true);
      const event = await makeEvent(t, w.coordinatorAdmin, w.project.id, {
        resourceId: hall.id,
        start: '2031-05-14T16:00:00.000Z',
        end: '2031-05-14T20:00:00.000Z',
      });
      const listed = await t.http().get(`/api/projects/${w.project.id}/events`).set('Authorization', w.partnerMember.auth).expect(200);
      expect(listed.body.items.find((item: { id: string }) => item.id === event.id)).toMatchObject({ resourceName: 'Salle polyvalente' });
      const dropped = await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.coordinatorAdmin.auth).send({ resourceId: null }).expect(200);
      expect(dropped.body).toMatchObject({ resourceId: null, resourceName: null, booking: null });
      const plain = await makeEvent(t, w.partnerMember, w.project.id);
      expect(plain).toMatchObject({ resourceId: null, resourceName: null });
    });

    it('answers 400 naming resourceId for a resource the caller cannot see', async () => {
      const response = await t
        .http()
        .post(`/api/projects/${w.project.id}/events`)
        .set('Authorization', w.partnerMember.auth)
        .send({ title: 'Nulle part', resourceId: unknownId, start: futureTime(20, 10), end: futureTime(20, 12) })
        .expect(400);
      expect(response.body.errors[0].field).toBe('resourceId');
    });

    it('moves the booking with the event and cancels it when the event is deleted', async () => {
      const hall = await makeHall(false);
      const event = await makeEvent(t, w.partnerMember, w.project.id, {
        resourceId: hall.id,
        start: '2031-05-12T16:00:00.000Z',
        end: '2031-05-12T20:00:00.000Z',
      });
      const moved = await t
        .http()
        .patch(`/api/events/${event.id}`)
        .set('Authorization', w.partnerMember.auth)
        .send({ start: '2031-05-13T16:00:00.000Z', end: '2031-05-13T20:00:00.000Z' })
        .expect(200);
      expect(moved.body.booking).toEqual({ id: expect.any(String), status: 'approved' });
      expect(moved.body.booking.id).not.toBe(event.booking.id);
      expect((await t.db.collection('bookings').findOne({ _id: new Types.ObjectId(event.booking.id) }))?.status).toBe('cancelled');
      await t.http().delete(`/api/events/${event.id}`).set('Authorization', w.partnerMember.auth).expect(204);
      expect((await t.db.collection('bookings').findOne({ _id: new Types.ObjectId(moved.body.booking.id) }))?.status).toBe('cancelled');
    });
  });

  describe('GET /api/projects/:id/events', () => {
    it("lists the project's events by start time, page by page", async () => {
      const later = await makeEvent(t, w.coordinatorMember, w.project.id, { title: 'Plus tard', start: futureTime(40, 10), end: futureTime(40, 12) });
      const sooner = await makeEvent(t, w.coordinatorMember, w.project.id, { title: 'Plus tôt', start: futureTime(1, 10), end: futureTime(1, 12) });
      const first = await t.http().get(`/api/projects/${w.project.id}/events?limit=1`).set('Authorization', w.partnerMember.auth).expect(200);
      expect(first.body.items.map((event: { id: string }) => event.id)).toEqual([sooner.id]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const all: string[] = [];
      const starts: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string; start: string }[]; nextCursor: string | null } } = await t
          .http()
          .get(`/api/projects/${w.project.id}/events`)
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set('Authorization', w.partnerMember.auth)
          .expect(200);
        all.push(...page.body.items.map((event) => event.id));
        starts.push(...page.body.items.map((event) => event.start));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(all[0]).toBe(sooner.id);
      expect(all.indexOf(later.id)).toBeGreaterThan(0);
      expect([...starts].sort()).toEqual(starts);
      expect(new Set(all).size).toBe(all.length);
      const window = await t
        .http()
        .get(`/api/projects/${w.project.id}/events`)
        .query({ from: futureTime(39, 0), to: futureTime(41, 0) })
        .set('Authorization', w.partnerMember.auth)
        .expect(200);
      expect(window.body.items.map((event: { id: string }) => event.id)).toEqual([later.id]);
    });

    it('answers 400 on unknown query parameters', async () => {
      await t.http().get(`/api/projects/${w.project.id}/events?sort=title`).set('Authorization', w.partnerMember.auth).expect(400);
    });

    it('answers 401 without a token and 404 to an outsider', async () => {
      await t.http().get(`/api/projects/${w.project.id}/events`).expect(401);
      await t.http().get(`/api/projects/${w.project.id}/events`).set('Authorization', w.outsider.auth).expect(404);
    });
  });

  describe('GET /api/events/:eventId', () => {
    it('answers the event to members of active partners', async () => {
      const event = await makeEvent(t, w.coordinatorMember, w.project.id);
      const response = await t.http().get(`/api/events/${event.id}`).set('Authorization', w.partnerMember.auth).expect(200);
      expect(response.body).toEqual(event);
    });

    it('answers 401 without a token, 404 to an outsider and for unknown ids', async () => {
      const event = await makeEvent(t, w.coordinatorMember, w.project.id);
      await t.http().get(`/api/events/${event.id}`).expect(401);
      await t.http().get(`/api/events/${event.id}`).set('Authorization', w.outsider.auth).expect(404);
      await t.http().get(`/api/events/${unknownId}`).set('Authorization', w.partnerMember.auth).expect(404);
    });
  });

  describe('PATCH /api/events/:eventId', () => {
    it('lets the organizing association edit, bumps the version and logs it', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const response = await t
        .http()
        .patch(`/api/events/${event.id}`)
        .set('Authorization', w.partnerAdmin.auth)
        .send({ title: 'Fête de quartier (nouvelle date)', start: futureTime(11, 12), end: futureTime(11, 18), location: null, version: 1 })
        .expect(200);
      expect(response.body).toMatchObject({ title: 'Fête de quartier (nouvelle date)', start: futureTime(11, 12), location: null, version: 2 });
      const activity = await t.db.collection('activities').findOne({ type: 'event.updated', 'data.event.id': event.id });
      expect(activity?.data.event.version).toBe(2);
    });

    it('lets a coordinator admin edit any event of the project', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.coordinatorAdmin.auth).send({ expectedAttendance: 300 }).expect(200);
    });

    it('answers 403 to a member of another partner association', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.coordinatorMember.auth).send({ title: 'Pas à moi' }).expect(403);
    });

    it('answers 409 with the current event on a stale version', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.partnerMember.auth).send({ title: 'Premier', version: 1 }).expect(200);
      const stale = await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.partnerAdmin.auth).send({ title: 'Second', version: 1 }).expect(409);
      expect(stale.body.current).toMatchObject({ id: event.id, title: 'Premier', version: 2 });
      const stored = await t.db.collection('events').findOne({ _id: new Types.ObjectId(event.id) });
      expect(stored?.title).toBe('Premier');
    });

    it('lets exactly one of two racing edits of the same version win', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const results = await Promise.all(
        ['A', 'B', 'C', 'D'].map((title) => t.http().patch(`/api/events/${event.id}`).set('Authorization', w.partnerMember.auth).send({ title, version: 1 })),
      );
      expect(results.map((result) => result.status).sort()).toEqual([200, 409, 409, 409]);
    });

    it('answers 400 naming end when the new times are reversed', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const response = await t
        .http()
        .patch(`/api/events/${event.id}`)
        .set('Authorization', w.partnerMember.auth)
        .send({ end: futureTime(9, 12) })
        .expect(400);
      expect(response.body.errors[0].field).toBe('end');
      await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.partnerMember.auth).send({ projectId: unknownId }).expect(400);
    });

    it('answers 401 without a token and 404 to an outsider', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      await t.http().patch(`/api/events/${event.id}`).send({ title: 'x' }).expect(401);
      await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.outsider.auth).send({ title: 'x' }).expect(404);
    });
  });

  describe('DELETE /api/events/:eventId', () => {
    it('deletes the event and its shifts, and logs it', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id);
      await t.http().delete(`/api/events/${event.id}`).set('Authorization', w.partnerAdmin.auth).expect(204);
      await t.http().get(`/api/events/${event.id}`).set('Authorization', w.partnerAdmin.auth).expect(404);
      expect(await t.db.collection('shifts').countDocuments({ _id: new Types.ObjectId(shift.id) })).toBe(0);
      const activity = await t.db.collection('activities').findOne({ type: 'event.deleted', 'data.event.id': event.id });
      expect(activity?.data.deletedShiftIds).toEqual([shift.id]);
    });

    it('answers 403 to a member of another partner, 401 without a token, 404 to an outsider', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      await t.http().delete(`/api/events/${event.id}`).set('Authorization', w.coordinatorMember.auth).expect(403);
      await t.http().delete(`/api/events/${event.id}`).expect(401);
      await t.http().delete(`/api/events/${event.id}`).set('Authorization', w.outsider.auth).expect(404);
      await t.http().get(`/api/events/${event.id}`).set('Authorization', w.partnerAdmin.auth).expect(200);
    });
  });

  describe('POST /api/events/:eventId/shifts', () => {
    it('creates a shift with all its places remaining and logs it', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const response = await t
        .http()
        .post(`/api/events/${event.id}/shifts`)
        .set('Authorization', w.partnerMember.auth)
        .send({ label: 'Installation', start: futureTime(10, 8), end: futureTime(10, 12), needed: 4 })
        .expect(201);
      expect(response.body).toMatchObject({
        eventId: event.id,
        projectId: w.project.id,
        label: 'Installation',
        needed: 4,
        remaining: 4,
        volunteers: [],
        version: 1,
      });
      expect(await activityTypes(w.project.id)).toContain('shift.created');
    });

    it('answers 400 on bad needed counts, reversed times and times far from the event', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const post = (body: Record<string, unknown>) =>
        t
          .http()
          .post(`/api/events/${event.id}/shifts`)
          .set('Authorization', w.partnerMember.auth)
          .send({ label: 'Buvette', start: futureTime(10, 12), end: futureTime(10, 14), needed: 2, ...body })
          .expect(400);
      expect((await post({ needed: 0 })).body.errors[0].field).toBe('needed');
      expect((await post({ needed: 1001 })).body.errors[0].field).toBe('needed');
      expect((await post({ needed: 2.5 })).body.errors[0].field).toBe('needed');
      expect((await post({ end: futureTime(10, 11) })).body.errors[0]).toEqual({ field: 'end', message: 'must be after start', code: 'endsWithin' });
      expect((await post({ start: futureTime(3, 10), end: futureTime(3, 12) })).body.errors[0].field).toBe('start');
      expect((await post({ volunteers: [] })).body.errors[0].field).toBe('volunteers');
    });

    it('answers 403 to a member of another partner, 401 without a token, 404 to an outsider', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const body = { label: 'Rangement', start: futureTime(10, 18), end: futureTime(10, 20), needed: 2 };
      await t.http().post(`/api/events/${event.id}/shifts`).set('Authorization', w.coordinatorMember.auth).send(body).expect(403);
      await t.http().post(`/api/events/${event.id}/shifts`).send(body).expect(401);
      await t.http().post(`/api/events/${event.id}/shifts`).set('Authorization', w.outsider.auth).send(body).expect(404);
      await t.http().post(`/api/events/${unknownId}/shifts`).set('Authorization', w.partnerMember.auth).send(body).expect(404);
    });
  });

  describe('GET /api/events/:eventId/shifts', () => {
    it("lists the event's shifts by start time", async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const late = await makeShift(t, w.partnerMember, event.id, { label: 'Rangement', start: futureTime(10, 18), end: futureTime(10, 20) });
      const early = await makeShift(t, w.partnerMember, event.id, { label: 'Installation', start: futureTime(10, 9), end: futureTime(10, 12) });
      const response = await t.http().get(`/api/events/${event.id}/shifts`).set('Authorization', w.coordinatorMember.auth).expect(200);
      expect(response.body.items.map((shift: { id: string }) => shift.id)).toEqual([early.id, late.id]);
      expect(response.body.nextCursor).toBeNull();
    });

    it('answers 400 on unknown query parameters, 401 without a token, 404 to an outsider', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      await t.http().get(`/api/events/${event.id}/shifts?full=true`).set('Authorization', w.partnerMember.auth).expect(400);
      await t.http().get(`/api/events/${event.id}/shifts`).expect(401);
      await t.http().get(`/api/events/${event.id}/shifts`).set('Authorization', w.outsider.auth).expect(404);
    });
  });

  describe('PATCH /api/shifts/:shiftId', () => {
    it('changes needed and keeps remaining equal to the free places', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id, { needed: 3 });
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.coordinatorMember.auth).expect(200);
      const response = await t
        .http()
        .patch(`/api/shifts/${shift.id}`)
        .set('Authorization', w.partnerMember.auth)
        .send({ needed: 5, label: 'Accueil du public' })
        .expect(200);
      expect(response.body).toMatchObject({ needed: 5, remaining: 4, label: 'Accueil du public', version: 3 });
      expect(await activityTypes(w.project.id)).toContain('shift.updated');
    });

    it('answers 400 when needed would drop below the volunteers signed up, and on bad fields', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id, { needed: 2 });
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.coordinatorMember.auth).expect(200);
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.partnerAdmin.auth).expect(200);
      const response = await t.http().patch(`/api/shifts/${shift.id}`).set('Authorization', w.partnerMember.auth).send({ needed: 1 }).expect(400);
      expect(response.body.errors[0].field).toBe('needed');
      await t.http().patch(`/api/shifts/${shift.id}`).set('Authorization', w.partnerMember.auth).send({ remaining: 10 }).expect(400);
    });

    it('answers 409 with the current shift on a stale version', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id);
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.coordinatorMember.auth).expect(200);
      const stale = await t.http().patch(`/api/shifts/${shift.id}`).set('Authorization', w.partnerMember.auth).send({ needed: 10, version: 1 }).expect(409);
      expect(stale.body.current).toMatchObject({ id: shift.id, version: 2, remaining: 2 });
    });

    it('answers 403 to a member of another partner, 401 without a token, 404 to an outsider', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id);
      await t.http().patch(`/api/shifts/${shift.id}`).set('Authorization', w.coordinatorMember.auth).send({ label: 'x' }).expect(403);
      await t.http().patch(`/api/shifts/${shift.id}`).send({ label: 'x' }).expect(401);
      await t.http().patch(`/api/shifts/${shift.id}`).set('Authorization', w.outsider.auth).send({ label: 'x' }).expect(404);
    });
  });

  describe('DELETE /api/shifts/:shiftId', () => {
    it('deletes the shift and logs it', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id);
      await t.http().delete(`/api/shifts/${shift.id}`).set('Authorization', w.coordinatorAdmin.auth).expect(204);
      expect(await t.db.collection('shifts').countDocuments({ _id: new Types.ObjectId(shift.id) })).toBe(0);
      expect(await t.db.collection('activities').countDocuments({ type: 'shift.deleted', 'data.shift.id': shift.id })).toBe(1);
    });

    it('answers 403 to a member of another partner, 401 without a token, 404 to an outsider', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id);
      await t.http().delete(`/api/shifts/${shift.id}`).set('Authorization', w.coordinatorMember.auth).expect(403);
      await t.http().delete(`/api/shifts/${shift.id}`).expect(401);
      await t.http().delete(`/api/shifts/${shift.id}`).set('Authorization', w.outsider.auth).expect(404);
    });
  });

  describe('POST /api/shifts/:shiftId/signup', () => {
    it('signs me up, shows me among the volunteers, and is idempotent', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id, { needed: 2 });
      const response = await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.coordinatorMember.auth).expect(200);
      expect(response.body).toMatchObject({ remaining: 1, volunteers: [{ userId: w.coordinatorMember.id, displayName: w.coordinatorMember.displayName }] });
      const again = await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.coordinatorMember.auth).expect(200);
      expect(again.body).toMatchObject({ remaining: 1, version: response.body.version });
      expect(await t.db.collection('activities').countDocuments({ type: 'shift.signed_up', 'data.shift.id': shift.id })).toBe(1);
    });

    it('answers 409 with the shift when it is full', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id, { needed: 1 });
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.partnerAdmin.auth).expect(200);
      const full = await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.coordinatorMember.auth).expect(409);
      expect(full.body).toMatchObject({ code: 'shift_full', current: { id: shift.id, remaining: 0 } });
    });

    it('never lets more volunteers than needed in when 20 people race for 5 places', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id, { needed: 5 });
      const volunteers: TestUser[] = [];
      for (let i = 0; i < 20; i++) {
        const volunteer = await makeUser(t);
        await seedMember(t, w.partner.id, volunteer);
        volunteers.push(volunteer);
      }
      const results = await Promise.all(volunteers.map((volunteer) => t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', volunteer.auth)));
      const statuses = results.map((result) => result.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(5);
      expect(statuses.filter((status) => status === 409)).toHaveLength(15);
      const stored = await t.db.collection('shifts').findOne({ _id: new Types.ObjectId(shift.id) });
      expect(stored?.volunteerIds).toHaveLength(5);
      expect(new Set(stored?.volunteerIds.map(String)).size).toBe(5);
      expect(stored?.remaining).toBe(0);
      expect(await t.db.collection('activities').countDocuments({ type: 'shift.signed_up', 'data.shift.id': shift.id })).toBe(5);
    });

    it('answers 401 without a token and 404 to an outsider or for an unknown shift', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id);
      await t.http().post(`/api/shifts/${shift.id}/signup`).expect(401);
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.outsider.auth).expect(404);
      await t.http().post(`/api/shifts/${unknownId}/signup`).set('Authorization', w.partnerMember.auth).expect(404);
    });

    it('signs up only the caller, whatever the body says', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id);
      // The route has no body DTO, so a stray body is ignored rather than refused: the caller signs up only themselves.
      const response = await t
        .http()
        .post(`/api/shifts/${shift.id}/signup`)
        .set('Authorization', w.partnerMember.auth)
        .send({ userId: w.coordinatorMember.id })
        .expect(200);
      expect(response.body.volunteers.map((volunteer: { userId: string }) => volunteer.userId)).toEqual([w.partnerMember.id]);
    });
  });

  describe('POST /api/shifts/:shiftId/signup for an association', () => {
    it('records the association I give my time for: my only one by default, the one I name otherwise', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id);
      const single = await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.partnerMember.auth).expect(200);
      expect(single.body.volunteers).toEqual([{ userId: w.partnerMember.id, displayName: w.partnerMember.displayName, associationId: w.partner.id }]);

      const both = await makeUser(t, { displayName: 'Zoé (deux associations)' });
      await seedMember(t, w.coordinator.id, both);
      await seedMember(t, w.partner.id, both);
      const named = await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', both.auth).send({ associationId: w.partner.id }).expect(200);
      expect(named.body.volunteers.find((volunteer: { userId: string }) => volunteer.userId === both.id)).toMatchObject({ associationId: w.partner.id });
      const signedUp = await t.db
        .collection('activities')
        .findOne({ type: 'shift.signed_up', actorId: new Types.ObjectId(both.id), 'data.shift.id': shift.id });
      expect(signedUp?.data.shift.volunteers).toContainEqual(expect.objectContaining({ userId: both.id, associationId: w.partner.id }));

      const other = await makeShift(t, w.partnerMember, event.id);
      const unnamed = await t.http().post(`/api/shifts/${other.id}/signup`).set('Authorization', both.auth).expect(200);
      expect(unnamed.body.volunteers).toEqual([expect.objectContaining({ userId: both.id, associationId: null })]);
    });

    it('forgets the association when I withdraw, and lets me sign up again for another', async () => {
      const both = await makeUser(t);
      await seedMember(t, w.coordinator.id, both);
      await seedMember(t, w.partner.id, both);
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id);
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', both.auth).send({ associationId: w.partner.id }).expect(200);
      await t.http().delete(`/api/shifts/${shift.id}/signup`).set('Authorization', both.auth).expect(200);
      const stored = await t.db.collection('shifts').findOne({ _id: new Types.ObjectId(shift.id) });
      expect(stored?.volunteerAssociations).toEqual({});
      const again = await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', both.auth).send({ associationId: w.coordinator.id }).expect(200);
      expect(again.body.volunteers).toEqual([expect.objectContaining({ userId: both.id, associationId: w.coordinator.id })]);
    });

    it('counts confirmed hours for the association named at sign-up', async () => {
      const both = await makeUser(t);
      await seedMember(t, w.coordinator.id, both);
      await seedMember(t, w.partner.id, both);
      // an event of the coordinator that has started: attendance would otherwise count for the organizer
      const event = await makeEvent(t, w.coordinatorAdmin, w.project.id, { start: futureTime(-1, 8), end: futureTime(1, 8) });
      const shift = await makeShift(t, w.coordinatorAdmin, event.id, { start: futureTime(-1, 9), end: futureTime(-1, 11) });
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', both.auth).send({ associationId: w.partner.id }).expect(200);
      const confirmed = await t
        .http()
        .post(`/api/shifts/${shift.id}/attendance`)
        .set('Authorization', w.coordinatorAdmin.auth)
        .send({ volunteerId: both.id, present: true })
        .expect(200);
      expect(confirmed.body.attendance).toEqual([expect.objectContaining({ userId: both.id, associationId: w.partner.id })]);
    });

    it('answers 400 naming associationId for an association that is not mine in the project, or not an id', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id);
      for (const associationId of [w.coordinator.id, w.outsiderAssociation.id, 'not-an-id', 42, null]) {
        const response = await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.partnerMember.auth).send({ associationId }).expect(400);
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'associationId' })]);
      }
      const notAnObject = await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.partnerMember.auth).send([]).expect(400);
      expect(notAnObject.body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
      const stored = await t.db.collection('shifts').findOne({ _id: new Types.ObjectId(shift.id) });
      expect(stored).toMatchObject({ volunteerIds: [], remaining: 3 });
    });
  });

  describe('DELETE /api/shifts/:shiftId/signup', () => {
    it('withdraws me and frees my place; withdrawing again changes nothing', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id, { needed: 1 });
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.coordinatorMember.auth).expect(200);
      const response = await t.http().delete(`/api/shifts/${shift.id}/signup`).set('Authorization', w.coordinatorMember.auth).expect(200);
      expect(response.body).toMatchObject({ remaining: 1, volunteers: [] });
      const again = await t.http().delete(`/api/shifts/${shift.id}/signup`).set('Authorization', w.coordinatorMember.auth).expect(200);
      expect(again.body).toMatchObject({ remaining: 1, version: response.body.version });
      expect(await t.db.collection('activities').countDocuments({ type: 'shift.withdrawn', 'data.shift.id': shift.id })).toBe(1);
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.partnerAdmin.auth).expect(200);
    });

    it('answers 401 without a token and 404 to an outsider', async () => {
      const event = await makeEvent(t, w.partnerMember, w.project.id);
      const shift = await makeShift(t, w.partnerMember, event.id);
      await t.http().delete(`/api/shifts/${shift.id}/signup`).expect(401);
      await t.http().delete(`/api/shifts/${shift.id}/signup`).set('Authorization', w.outsider.auth).expect(404);
    });
  });

  describe('GET /api/me/export and DELETE /api/me', () => {
    it('exports my sign-ups and events, then frees my places and forgets me as author', async () => {
      const volunteer = await makeUser(t);
      await seedMember(t, w.partner.id, volunteer);
      const event = await makeEvent(t, volunteer, w.project.id, { title: 'Mon événement' });
      const shift = await makeShift(t, volunteer, event.id, { needed: 2 });
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', volunteer.auth).expect(200);

      const exported = await t.http().get('/api/me/export').set('Authorization', volunteer.auth).expect(200);
      expect(exported.body.events.shiftSignups).toEqual([expect.objectContaining({ shiftId: shift.id, eventId: event.id })]);
      expect(exported.body.events.eventsCreated.map((created: { id: string }) => created.id)).toEqual([event.id]);

      await t.http().delete('/api/me').set('Authorization', volunteer.auth).expect(204);
      const storedShift = await t.db.collection('shifts').findOne({ _id: new Types.ObjectId(shift.id) });
      expect(storedShift).toMatchObject({ volunteerIds: [], remaining: 2, createdBy: null });
      const storedEvent = await t.db.collection('events').findOne({ _id: new Types.ObjectId(event.id) });
      expect(storedEvent?.createdBy).toBeNull();
    });
  });
});
