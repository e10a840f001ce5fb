import { Types } from 'mongoose';
import { EventsWorld, makeEvent, makeEventsWorld, makeShift } from './factories/events';
import { useTestApp } from './setup/hooks';
import { TestApp } from './setup/test-app';

/**
 * Open doors under abuse: the public sign-up never accepts more than it shows, limits each client
 * address (as the trusted proxy names it) to 20 sign-ups a minute, and refuses cleanly — never a 5xx.
 */
describe('Open doors under a burst (e2e)', () => {
  let t: TestApp;
  let w: EventsWorld;

  useTestApp({ TRUST_PROXY: '127.0.0.1' }, async (app) => {
    t = app;
    w = await makeEventsWorld(t);
  });

  async function publicShift(needed: number) {
    const event = await makeEvent(t, w.coordinatorMember, w.project.id);
    const opened = await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.coordinatorMember.auth).send({ public: true }).expect(200);
    const shift = await makeShift(t, w.coordinatorMember, event.id, { needed });
    return { slug: opened.body.publicSlug as string, shiftId: shift.id as string };
  }

  const attempt = (shiftId: string, address: string, n: number) =>
    t
      .http()
      .post(`/api/public/shifts/${shiftId}/signup`)
      .set('X-Forwarded-For', address)
      .send({ name: `Invité ${n}`, phone: `06 00 00 ${String(Math.floor(n / 100)).padStart(2, '0')} ${String(n % 100).padStart(2, '0')}`, consent: true });

  it('500 attempts from 20 addresses: exactly `needed` confirmed, the rest 409 or 429 with Retry-After, no 5xx', async () => {
    const needed = 12;
    const { shiftId } = await publicShift(needed);
    const statuses: number[] = [];
    const BATCH = 50;
    for (let start = 0; start < 500; start += BATCH) {
      const batch = await Promise.all(
        Array.from({ length: BATCH }, (_, i) => start + i).map(async (n) => {
          const response = await attempt(shiftId, `203.0.113.${n % 20}`, n);
          if (response.status === 429) expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
          if (response.status >= 400) expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
          return response.status;
        }),
      );
      statuses.push(...batch);
    }
    const count = (status: number) => statuses.filter((value) => value === status).length;
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(count(201)).toBe(needed);
    // 25 attempts per address within the minute: the last 5 of each are over the limit.
    expect(count(429)).toBe(100);
    expect(count(409)).toBe(500 - needed - 100);

    const stored = await t.db.collection('shifts').findOne({ _id: new Types.ObjectId(shiftId) });
    expect(stored?.remaining).toBe(0);
    expect(stored?.guests).toHaveLength(needed);
    expect(stored?.guestContactKeys).toHaveLength(needed);
    expect(await t.db.collection('activities').countDocuments({ type: 'shift.guest_signed_up', 'data.shift.id': shiftId })).toBe(needed);
    const page = await t
      .http()
      .get(`/api/events/${String(stored?.eventId)}/shifts`)
      .set('Authorization', w.coordinatorAdmin.auth)
      .expect(200);
    expect(page.body.items[0]).toMatchObject({ needed, remaining: 0 });
  });

  it('the last place goes to exactly one of racing guests and members', async () => {
    for (let round = 0; round < 3; round++) {
      const { shiftId } = await publicShift(1);
      const guests = Array.from({ length: 8 }, (_, i) => attempt(shiftId, `192.0.2.${round * 10 + i}`, 1000 + round * 10 + i));
      const members = [w.coordinatorAdmin, w.coordinatorMember, w.partnerAdmin, w.partnerMember].map((user) =>
        t.http().post(`/api/shifts/${shiftId}/signup`).set('Authorization', user.auth),
      );
      const responses = await Promise.all([...guests, ...members]);
      const won = responses.filter((response) => response.status === 201 || response.status === 200);
      expect(won).toHaveLength(1);
      expect(responses.filter((response) => response.status === 409)).toHaveLength(responses.length - 1);
      const stored = await t.db.collection('shifts').findOne({ _id: new Types.ObjectId(shiftId) });
      expect(stored?.remaining).toBe(0);
      expect((stored?.guests?.length ?? 0) + (stored?.volunteerIds?.length ?? 0)).toBe(1);
    }
  });

  it('one budget per address for the API and the page’s form; the page answers 429 as a page', async () => {
    const { slug, shiftId } = await publicShift(100);
    for (let n = 0; n < 20; n++) await attempt(shiftId, '203.0.113.200', 2000 + n).expect(201);
    const limited = await t
      .http()
      .post(`/e/${slug}/creneaux/${shiftId}`)
      .set('X-Forwarded-For', '203.0.113.200')
      .type('form')
      .send({ name: 'Encore', phone: '0799999999', consent: 'true' })
      .expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.headers['content-type']).toMatch(/text\/html/);
    expect(limited.text).toContain('Trop d’essais');
    // Another address is not held back.
    await attempt(shiftId, '203.0.113.201', 2100).expect(201);
  });
});
