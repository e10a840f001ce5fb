import { randomBytes } from 'node:crypto';
import { makeWorld, ProjectWorld } from './factories/projects';
import { seedPastShift } from './factories/events';
import { loanOutFor, makeResource } from './factories/resources';
import { createTestApp, TestApp } from './setup/test-app';

interface Item {
  id: string;
  valueEuros: number;
  quantity: number;
}

/**
 * The ledger and the summary are served from stamp-checked copies (src/contributions/project-inputs.ts).
 * Two instances on one database: `reader` keeps its copies warm while `writer` changes what they are
 * made of; every change must show on the reader's very next request.
 */
describe('Contribution ledger and summary copies across two instances (e2e)', () => {
  let reader: TestApp;
  let writer: TestApp;
  let w: ProjectWorld;

  beforeAll(async () => {
    const databaseName = `contribution_cache_${randomBytes(6).toString('hex')}`;
    reader = await createTestApp({}, { databaseName });
    writer = await createTestApp({}, { databaseName });
    w = await makeWorld(writer);
  });

  afterAll(async () => {
    await reader.db.dropDatabase().catch(() => undefined);
    await reader.close();
    await writer.close();
  });

  const summary = async () =>
    (await reader.http().get(`/api/projects/${w.project.id}/summary`).set('Authorization', w.coordinator.admin.auth).expect(200)).body as {
      totals: { money: { delivered: number }; volunteerHours: number };
    };
  const item = async (id: string): Promise<Item | undefined> =>
    (
      (await reader.http().get(`/api/projects/${w.project.id}/contributions`).set('Authorization', w.coordinator.admin.auth).expect(200)).body.items as Item[]
    ).find((entry) => entry.id === id);

  it('a contribution recorded through the other instance shows at once', async () => {
    for (const euros of [100, 250]) {
      const before = (await summary()).totals.money.delivered;
      await writer
        .http()
        .post(`/api/projects/${w.project.id}/contributions`)
        .set('Authorization', w.partner.admin.auth)
        .send({ associationId: w.partner.id, kind: 'money', description: 'Subvention', quantity: euros, unit: 'EUR', status: 'delivered' })
        .expect(201);
      expect((await summary()).totals.money.delivered).toBe(before + euros);
    }
  });

  it('a booking returned, then its resource revalued, through the other instance show at once', async () => {
    const resource = await makeResource(writer, w.partner.admin, w.partner.id, { name: 'Sono', valuation: { euros: 30, per: 'hour' } });
    // Out for three hours, not returned yet; the return below is what the reader must see.
    const bookingId = await loanOutFor(writer, w, resource.id, 3);
    expect(await item(`booking:${bookingId}`)).toBeUndefined();
    await writer.http().post(`/api/bookings/${bookingId}/return`).set('Authorization', w.partner.admin.auth).send({ condition: 'good' }).expect(200);
    expect(await item(`booking:${bookingId}`)).toMatchObject({ quantity: 3, valueEuros: 90 });

    await writer
      .http()
      .patch(`/api/resources/${resource.id}`)
      .set('Authorization', w.partner.admin.auth)
      .send({ valuation: { euros: 40, per: 'hour' } })
      .expect(200);
    expect(await item(`booking:${bookingId}`)).toMatchObject({ valueEuros: 120 });
  });

  it('an attendance confirmed, then the volunteer rate changed, through the other instance show at once', async () => {
    // A 2-hour shift that started yesterday, seeded (the API only plans ahead), the partner's member signed up.
    const shiftId = await seedPastShift(writer, w, w.partner.member, { label: 'Service', hours: 2 });
    const hoursBefore = (await summary()).totals.volunteerHours;

    await writer
      .http()
      .post(`/api/shifts/${shiftId}/attendance`)
      .set('Authorization', w.coordinator.admin.auth)
      .send({ volunteerId: w.partner.member.id, present: true })
      .expect(200);
    expect((await summary()).totals.volunteerHours).toBe(hoursBefore + 2);
    const attended = async () =>
      (
        (await reader.http().get(`/api/projects/${w.project.id}/contributions`).set('Authorization', w.coordinator.admin.auth).expect(200)).body
          .items as (Item & { origin: { shiftId?: string } | null })[]
      ).find((entry) => entry.origin?.shiftId === String(shiftId));
    expect(await attended()).toMatchObject({ quantity: 2, valueEuros: 24.04 });

    await writer
      .http()
      .patch(`/api/projects/${w.project.id}`)
      .set('Authorization', w.coordinator.admin.auth)
      .send({ valuation: { volunteerHourlyRateEuros: 20 } })
      .expect(200);
    expect(await attended()).toMatchObject({ valueEuros: 40 });
  });
});
