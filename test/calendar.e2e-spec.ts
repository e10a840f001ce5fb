import ICAL from 'ical.js';
import { Types } from 'mongoose';
import { makeUser } from './factories';
import { EventsWorld, makeEvent, makeEventsWorld, makeShift, seedAssociation, seedMember, seedProject } from './factories/events';
import { createTestApp, TestApp } from './setup/test-app';

type ICalTime = InstanceType<typeof ICAL.Time>;
type ICalComponent = InstanceType<typeof ICAL.Component>;

/** The path of a feed URL as the server gave it (its host is PUBLIC_URL, not the test server). */
const feedPath = (calendarFeedUrl: string) => new URL(calendarFeedUrl).pathname;

interface ParsedItem {
  uid: string;
  summary: string;
  start: ICalTime;
  end: ICalTime | null;
  sequence: number;
  stamp: ICalTime;
}

/** Parses a feed with Mozilla's ical.js, independent of the library that wrote it. */
function parseFeed(text: string): { calendar: ICalComponent; items: Map<string, ParsedItem> } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  // Times are resolved through the feed's own VTIMEZONE, so a wrong one shows up as a wrong instant.
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  const items = new Map<string, ParsedItem>();
  for (const component of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(component);
    items.set(event.uid, {
      uid: event.uid,
      summary: event.summary,
      start: event.startDate,
      end: component.hasProperty('dtend') ? event.endDate : null,
      sequence: event.sequence,
      stamp: component.getFirstPropertyValue('dtstamp') as unknown as ICalTime,
    });
  }
  return { calendar, items };
}

describe('Calendar feeds (e2e)', () => {
  let t: TestApp;
  let w: EventsWorld;

  beforeAll(async () => {
    t = await createTestApp();
    w = await makeEventsWorld(t);
  });

  afterAll(async () => {
    await t.close();
  });

  const newFeed = async (auth: string) => (await t.http().post('/api/me/calendar-token').set('Authorization', auth).expect(201)).body.calendarFeedUrl as string;

  describe('POST /api/me/calendar-token', () => {
    it('gives a feed URL that GET /api/me shows', async () => {
      const url = await newFeed(w.partnerMember.auth);
      expect(url).toMatch(/\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      const me = await t.http().get('/api/me').set('Authorization', w.partnerMember.auth).expect(200);
      expect(me.body.calendarFeedUrl).toBe(url);
      const stored = await t.db.collection('users').findOne({ _id: new Types.ObjectId(w.partnerMember.id) });
      expect(stored?.calendarTokenHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('rotates: the previous URL stops working at once', async () => {
      const first = await newFeed(w.partnerAdmin.auth);
      await t.http().get(feedPath(first)).expect(200);
      const second = await newFeed(w.partnerAdmin.auth);
      expect(second).not.toBe(first);
      const gone = await t.http().get(feedPath(first)).expect(404);
      expect(gone.body).toMatchObject({ status: 404, type: expect.any(String) });
      await t.http().get(feedPath(second)).expect(200);
    });

    it('answers 401 without a token', async () => {
      await t.http().post('/api/me/calendar-token').expect(401);
    });
  });

  describe('DELETE /api/me/calendar-token', () => {
    it('revokes the feed', async () => {
      const user = await makeUser(t);
      const url = await newFeed(user.auth);
      await t.http().delete('/api/me/calendar-token').set('Authorization', user.auth).expect(204);
      await t.http().get(feedPath(url)).expect(404);
      const me = await t.http().get('/api/me').set('Authorization', user.auth).expect(200);
      expect(me.body.calendarFeedUrl).toBeNull();
    });

    it('answers 401 without a token', async () => {
      await t.http().delete('/api/me/calendar-token').expect(401);
    });
  });

  describe('GET /api/calendar/:feedToken.ics', () => {
    it("serves my events, my shifts, my tasks' due dates and my associations' bookings, parseable by ical.js", async () => {
      const me = await makeUser(t, { displayName: 'Fatou' });
      await seedMember(t, w.partner.id, me);
      // Summer time in Paris: 12:00 UTC is 14:00 there.
      const event = await makeEvent(t, w.coordinatorMember, w.project.id, {
        title: 'Fête du quartier',
        start: '2031-07-14T12:00:00.000Z',
        end: '2031-07-14T18:00:00.000Z',
        location: 'Parc, allée B',
      });
      const shift = await makeShift(t, w.coordinatorMember, event.id, {
        label: 'Buvette',
        start: '2031-07-14T12:00:00.000Z',
        end: '2031-07-14T14:00:00.000Z',
        needed: 2,
      });
      const otherShift = await makeShift(t, w.coordinatorMember, event.id, {
        label: 'Rangement',
        start: '2031-07-14T18:00:00.000Z',
        end: '2031-07-14T19:00:00.000Z',
        needed: 2,
      });
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', me.auth).expect(200);

      const myTask = await t
        .http()
        .post(`/api/projects/${w.project.id}/tasks`)
        .set('Authorization', w.coordinatorAdmin.auth)
        .send({ title: 'Imprimer les affiches', assigneeUserIds: [me.id], dueDate: '2031-07-01T00:00:00.000Z' })
        .expect(201);
      const associationTask = await t
        .http()
        .post(`/api/projects/${w.project.id}/tasks`)
        .set('Authorization', w.coordinatorAdmin.auth)
        .send({ title: 'Rendre les clés', assigneeAssociationId: w.partner.id, dueDate: '2031-12-01T17:30:00.000Z' })
        .expect(201);
      const notMine = await t
        .http()
        .post(`/api/projects/${w.project.id}/tasks`)
        .set('Authorization', w.coordinatorAdmin.auth)
        .send({ title: 'Pas pour moi', assigneeAssociationId: w.coordinator.id, dueDate: '2031-07-02T00:00:00.000Z' })
        .expect(201);

      const hall = await t
        .http()
        .post(`/api/associations/${w.coordinator.id}/resources`)
        .set('Authorization', w.coordinatorAdmin.auth)
        .send({ kind: 'premise', name: 'Salle polyvalente', sharing: 'partners', requiresApproval: false, address: '3 rue des Lilas' })
        .expect(201);
      const booking = await t
        .http()
        .post(`/api/resources/${hall.body.id}/bookings`)
        .set('Authorization', w.partnerAdmin.auth)
        .send({ start: '2031-03-10T17:00:00.000Z', end: '2031-03-10T21:00:00.000Z', requesterAssociationId: w.partner.id })
        .expect(201);
      expect(booking.body.status).toBe('approved');

      // Outside my reach: another project's event.
      const stranger = await makeUser(t);
      const strangerAssociation = await seedAssociation(t, stranger, 'Autre asso');
      const strangerProject = await seedProject(t, strangerAssociation.id, [], 'Ailleurs');
      const strangerEvent = await makeEvent(t, stranger, strangerProject.id, { title: 'Ailleurs' });

      const url = await newFeed(me.auth);
      const first = await t.http().get(feedPath(url)).expect(200);
      expect(first.headers['content-type']).toBe('text/calendar; charset=utf-8');
      const { calendar, items } = parseFeed(first.text);

      const timezone = calendar.getFirstSubcomponent('vtimezone');
      expect(timezone?.getFirstPropertyValue('tzid')).toBe('Europe/Paris');

      const eventItem = items.get(`event-${event.id}@maillage`);
      expect(eventItem?.summary).toBe('Fête du quartier');
      expect(eventItem?.start.zone?.tzid).toBe('Europe/Paris');
      expect(eventItem?.start.toString()).toBe('2031-07-14T14:00:00');
      expect(eventItem?.start.toJSDate().toISOString()).toBe('2031-07-14T12:00:00.000Z');
      expect(eventItem?.end?.toJSDate().toISOString()).toBe('2031-07-14T18:00:00.000Z');
      expect(eventItem?.sequence).toBe(1);

      const shiftItem = items.get(`shift-${shift.id}@maillage`);
      expect(shiftItem?.summary).toContain('Buvette');
      expect(shiftItem?.start.toJSDate().toISOString()).toBe('2031-07-14T12:00:00.000Z');
      expect(items.has(`shift-${otherShift.id}@maillage`)).toBe(false);

      const taskItem = items.get(`task-${myTask.body.id}@maillage`);
      expect(taskItem?.summary).toContain('Imprimer les affiches');
      expect(taskItem?.start.isDate).toBe(true);
      expect(taskItem?.start.toString()).toBe('2031-07-01');
      const associationTaskItem = items.get(`task-${associationTask.body.id}@maillage`);
      expect(associationTaskItem?.start.isDate).toBe(false);
      // Winter time: 17:30 UTC is 18:30 in Paris.
      expect(associationTaskItem?.start.toString()).toBe('2031-12-01T18:30:00');
      expect(associationTaskItem?.start.toJSDate().toISOString()).toBe('2031-12-01T17:30:00.000Z');
      expect(items.has(`task-${notMine.body.id}@maillage`)).toBe(false);

      const bookingItem = items.get(`booking-${booking.body.id}@maillage`);
      expect(bookingItem?.summary).toContain('Salle polyvalente');
      expect(bookingItem?.start.toString()).toBe('2031-03-10T18:00:00');

      expect(items.has(`event-${strangerEvent.id}@maillage`)).toBe(false);
      for (const item of items.values()) expect(item.stamp.zone?.tzid).toBe('UTC');

      // A second fetch describes the same items with the same UIDs: apps update, never duplicate.
      const second = await t.http().get(feedPath(url)).expect(200);
      expect([...parseFeed(second.text).items.keys()].sort()).toEqual([...items.keys()].sort());
      expect(second.text).toBe(first.text);

      // An edit keeps the UID and raises SEQUENCE.
      await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.coordinatorMember.auth).send({ title: 'Fête du quartier (déplacée)' }).expect(200);
      const third = parseFeed((await t.http().get(feedPath(url)).expect(200)).text);
      expect(third.items.get(`event-${event.id}@maillage`)).toMatchObject({ summary: 'Fête du quartier (déplacée)', sequence: 2 });
    });

    it('answers 404 problem details for an unknown or malformed token', async () => {
      const unknown = await t
        .http()
        .get(`/api/calendar/${'a'.repeat(43)}.ics`)
        .expect(404);
      expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
      await t.http().get('/api/calendar/short.ics').expect(404);
    });

    it('dies with the account', async () => {
      const user = await makeUser(t);
      const url = await newFeed(user.auth);
      await t.http().delete('/api/me').set('Authorization', user.auth).expect(204);
      await t.http().get(feedPath(url)).expect(404);
    });
  });
});
