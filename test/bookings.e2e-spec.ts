import { Types } from 'mongoose';
import { makeUser, TestUser } from './factories';
import { makeResource, seedAssociation, seedMember, seedProject, seedTeam, slot, storedPeak } from './factories/resources';
import { createTestApp, TestApp } from './setup/test-app';

describe('Bookings (e2e)', () => {
  let t: TestApp;
  let owner: { id: string; admin: TestUser; member: TestUser };
  let requester: { id: string; admin: TestUser; member: TestUser };
  let outsider: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await seedTeam(t);
    requester = await seedTeam(t);
    outsider = await makeUser(t);
    await seedAssociation(t, outsider);
  });

  afterAll(async () => {
    await t.close();
  });

  const request = (user: TestUser, resourceId: string, body: Record<string, unknown>) =>
    t.http().post(`/api/resources/${resourceId}/bookings`).set('Authorization', user.auth).send(body);
  const act = (user: TestUser, bookingId: string, action: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/api/bookings/${bookingId}/${action}`).set('Authorization', user.auth).send(body);

  describe('races (invariant 3)', () => {
    it.each([1, 3])('lets at most quantity=%i of 24 racing auto-approved requests win', async (quantity) => {
      const resource = await makeResource(t, owner.admin, owner.id, { quantity, requiresApproval: false });
      const window = slot(10, 3);
      const responses = await Promise.all(
        Array.from({ length: 24 }, (_, i) => {
          // Overlapping but not identical windows, so the sweep has work to do.
          const start = new Date(new Date(window.start).getTime() + (i % 4) * 15 * 60_000).toISOString();
          return request(requester.member, resource.id, { start, end: window.end, requesterAssociationId: requester.id });
        }),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(quantity);
      expect(statuses.filter((status) => status === 409)).toHaveLength(24 - quantity);
      for (const response of responses.filter((r) => r.status === 201)) expect(response.body.status).toBe('approved');
      for (const loser of responses.filter((r) => r.status === 409)) {
        expect(loser.body.conflicts.length).toBeGreaterThanOrEqual(1);
        expect(loser.body.conflicts[0]).toEqual(expect.objectContaining({ id: expect.any(String), start: expect.any(String), status: 'approved' }));
      }
      expect(await storedPeak(t, resource.id)).toBe(quantity);
      // Losers leave nothing behind.
      expect(await t.db.collection('bookings').countDocuments({ resourceId: new Types.ObjectId(resource.id) })).toBe(quantity);
    });

    it.each([1, 3])('lets at most quantity=%i of 24 racing approvals of overlapping requests win', async (quantity) => {
      const resource = await makeResource(t, owner.admin, owner.id, { quantity, requiresApproval: true });
      const window = slot(12, 4);
      const pending: string[] = [];
      for (let i = 0; i < 24; i++) {
        const response = await request(requester.member, resource.id, { ...window, requesterAssociationId: requester.id }).expect(201);
        expect(response.body.status).toBe('pending');
        pending.push(response.body.id);
      }
      const responses = await Promise.all(pending.map((id) => act(owner.admin, id, 'approve')));
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(quantity);
      expect(statuses.filter((status) => status === 409)).toHaveLength(24 - quantity);
      for (const loser of responses.filter((r) => r.status === 409)) expect(loser.body.conflicts.length).toBeGreaterThanOrEqual(quantity);
      expect(await storedPeak(t, resource.id)).toBe(quantity);
    });

    it('counts each racing approval of the same request once', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { quantity: 2 });
      const window = slot(14);
      const booking = await request(requester.member, resource.id, { ...window, quantity: 2, requesterAssociationId: requester.id }).expect(201);
      const responses = await Promise.all(Array.from({ length: 10 }, () => act(owner.admin, booking.body.id, 'approve')));
      expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
      for (const loser of responses.filter((r) => r.status !== 200)) {
        expect(loser.status).toBe(409);
        expect(loser.body.current.status).toBe('approved');
      }
      expect(await storedPeak(t, resource.id)).toBe(2);
    });
  });
});
