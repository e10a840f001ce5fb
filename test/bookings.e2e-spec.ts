import { EventEmitter2 } from '@nestjs/event-emitter';
import { Types } from 'mongoose';
import { DomainEvent } from '../src/common/domain-events';
import { parisInstant, parisWallTime } from '../src/resources/time-windows';
import { makeUser, TestUser } from './factories';
import { makeResource, seedAssociation, seedMember, seedProject, seedTeam, slot, storedPeak } from './factories/resources';

/** The next Paris date, at least `minDays` ahead, that falls on `weekday` (0 = Sunday). */
function nextParisDay(weekday: number, minDays = 7): { year: number; month: number; day: number } {
  for (let days = minDays; ; days++) {
    const wall = parisWallTime(new Date(Date.now() + days * 86_400_000));
    if (wall.weekday === weekday) return { year: wall.year, month: wall.month, day: wall.day };
  }
}
const paris = (date: { year: number; month: number; day: number }, hhmm: string) =>
  parisInstant({ ...date, hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3)), second: 0 }).toISOString();
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

    it('leaves no decision in flight after racing requests and approvals', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { quantity: 2, requiresApproval: false });
      const window = slot(16, 2);
      await Promise.all(Array.from({ length: 8 }, () => request(requester.member, resource.id, { ...window, requesterAssociationId: requester.id })));
      const resourceId = new Types.ObjectId(resource.id);
      expect(await t.db.collection('capacity_claims').countDocuments({ resourceId })).toBe(0);
      // One ledger version per winner at most, gap-free from 1.
      const versions = (await t.db.collection('capacity_ledger').find({ resourceId }).toArray()).map((entry) => entry.version).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    });

    it('finishes an auto-approval whose author stopped after winning its version', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { quantity: 1, requiresApproval: false });
      const resourceId = new Types.ObjectId(resource.id);
      const window = slot(18, 2);
      // What a crash between winning ledger version 1 and inserting the booking leaves behind.
      const bookingId = new Types.ObjectId();
      const claimId = new Types.ObjectId();
      const long = new Date(Date.now() - 10 * 60_000);
      const booking = {
        _id: bookingId,
        resourceId,
        ownerAssociationId: new Types.ObjectId(owner.id),
        requesterAssociationId: new Types.ObjectId(requester.id),
        start: new Date(window.start),
        end: new Date(window.end),
        quantity: 1,
        status: 'approved',
        version: 1,
        createdAt: long,
        updatedAt: long,
      };
      await t.db.collection('capacity_claims').insertOne({
        _id: claimId,
        resourceId,
        version: 1,
        kind: 'approval',
        bookingId,
        start: booking.start,
        end: booking.end,
        quantity: 1,
        booking,
        at: long,
      });
      await t.db.collection('capacity_ledger').insertOne({ resourceId, version: 1, kind: 'approval', claimId, bookingId, at: long });

      const loser = await request(requester.member, resource.id, { ...window, requesterAssociationId: requester.id }).expect(409);
      expect(loser.body.conflicts).toEqual([expect.objectContaining({ id: String(bookingId), status: 'approved' })]);
      expect(await t.db.collection('bookings').findOne({ _id: bookingId })).toEqual(expect.objectContaining({ status: 'approved' }));
      expect(await t.db.collection('capacity_claims').countDocuments({ resourceId })).toBe(0);
      expect(await storedPeak(t, resource.id)).toBe(1);
    });

    it('voids a claim left behind before its ledger entry, and counts it until then', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { quantity: 1, requiresApproval: false });
      const resourceId = new Types.ObjectId(resource.id);
      const window = slot(20, 2);
      const bookingId = new Types.ObjectId();
      const claim = { resourceId, version: 1, kind: 'approval', bookingId, start: new Date(window.start), end: new Date(window.end), quantity: 1 };
      // A fresh claim is a decision in flight: it holds the unit.
      const fresh = await t.db.collection('capacity_claims').insertOne({ ...claim, at: new Date() });
      await request(requester.member, resource.id, { ...window, requesterAssociationId: requester.id }).expect(409);
      // Old and without its ledger entry: its author stopped; the version is voided so it can never win.
      await t.db.collection('capacity_claims').updateOne({ _id: fresh.insertedId }, { $set: { at: new Date(Date.now() - 10 * 60_000) } });
      const winner = await request(requester.member, resource.id, { ...window, requesterAssociationId: requester.id }).expect(201);
      expect(winner.body.status).toBe('approved');
      expect(await t.db.collection('capacity_ledger').findOne({ resourceId, version: 1 })).toEqual(expect.objectContaining({ kind: 'void' }));
      expect(await t.db.collection('bookings').findOne({ _id: bookingId })).toBeNull();
      expect(await storedPeak(t, resource.id)).toBe(1);
    });

    it('catches up with ledger versions taken elsewhere (another instance)', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { quantity: 5, requiresApproval: false });
      const resourceId = new Types.ObjectId(resource.id);
      const window = slot(22, 2);
      await request(requester.member, resource.id, { ...window, requesterAssociationId: requester.id }).expect(201);
      const at = new Date();
      await t.db.collection('capacity_ledger').insertMany(Array.from({ length: 7 }, (_, i) => ({ resourceId, version: 2 + i, kind: 'void', at })));
      await request(requester.member, resource.id, { ...window, requesterAssociationId: requester.id }).expect(201);
      expect(await t.db.collection('capacity_ledger').findOne({ resourceId, version: 9 })).toEqual(expect.objectContaining({ kind: 'approval' }));
      expect(await storedPeak(t, resource.id)).toBe(2);
    });
  });
  describe('POST /api/resources/:id/bookings', () => {
    it('stores a pending request in UTC and tells the owner live', async () => {
      const resource = await makeResource(t, owner.admin, owner.id);
      const heard: unknown[] = [];
      const listener = (payload: unknown) => heard.push(payload);
      t.app.get(EventEmitter2).on(DomainEvent.BookingRequested, listener);
      const response = await request(requester.member, resource.id, {
        start: '2031-03-10T18:00:00+01:00',
        end: '2031-03-10T21:00:00+01:00',
        requesterAssociationId: requester.id,
        note: 'Assemblée générale',
      }).expect(201);
      t.app.get(EventEmitter2).off(DomainEvent.BookingRequested, listener);
      expect(response.body).toMatchObject({
        status: 'pending',
        start: '2031-03-10T17:00:00.000Z',
        end: '2031-03-10T20:00:00.000Z',
        quantity: 1,
        resourceId: resource.id,
        ownerAssociationId: owner.id,
        requesterAssociationId: requester.id,
        requestedBy: requester.member.id,
        note: 'Assemblée générale',
        overdue: false,
      });
      expect(heard).toEqual([{ ownerAssociationId: owner.id, booking: expect.objectContaining({ id: response.body.id }) }]);
      const stored = await t.db.collection('bookings').findOne({ _id: new Types.ObjectId(response.body.id) });
      expect(stored?.start).toEqual(new Date('2031-03-10T17:00:00Z'));
    });

    it('approves at once when no approval is needed, or when an owner admin books for the owner', async () => {
      const open = await makeResource(t, owner.admin, owner.id, { requiresApproval: false });
      const free = await request(requester.member, open.id, { ...slot(40), requesterAssociationId: requester.id }).expect(201);
      expect(free.body).toMatchObject({ status: 'approved', decidedBy: requester.member.id });
      const guarded = await makeResource(t, owner.admin, owner.id);
      const own = await request(owner.admin, guarded.id, { ...slot(40), requesterAssociationId: owner.id }).expect(201);
      expect(own.body.status).toBe('approved');
      const byMember = await request(owner.member, guarded.id, { ...slot(41), requesterAssociationId: owner.id }).expect(201);
      expect(byMember.body.status).toBe('pending');
    });

    it('records requests tied to a project in its activity log', async () => {
      const projectId = await seedProject(t, [{ associationId: requester.id }, { associationId: owner.id }]);
      const resource = await makeResource(t, owner.admin, owner.id, { requiresApproval: false });
      const response = await request(requester.member, resource.id, { ...slot(42), requesterAssociationId: requester.id, projectId }).expect(201);
      const activities = await t.db
        .collection('activities')
        .find({ projectId: new Types.ObjectId(projectId) })
        .sort({ seq: 1 })
        .toArray();
      expect(activities.map((row) => [row.seq, row.type])).toEqual([
        [1, 'booking.requested'],
        [2, 'booking.approved'],
      ]);
      expect(activities[1].data.booking).toMatchObject({ id: response.body.id, status: 'approved' });
      const notPartner = await seedProject(t, [{ associationId: owner.id }]);
      const refused = await request(requester.member, resource.id, { ...slot(43), requesterAssociationId: requester.id, projectId: notPartner }).expect(404);
      expect(refused.body.code).toBe('not_found');
    });

    it('answers 400 naming the field', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { quantity: 2 });
      const base = { requesterAssociationId: requester.id };
      const window = slot(44);
      const field = async (body: Record<string, unknown>) => (await request(requester.member, resource.id, body).expect(400)).body.errors[0].field;
      expect(await field({ ...base, start: window.end, end: window.start })).toBe('end');
      expect(await field({ ...base, start: window.start, end: window.start })).toBe('end');
      expect(await field({ ...base, start: window.start, end: new Date(new Date(window.start).getTime() + 10 * 60_000).toISOString() })).toBe('end');
      expect(await field({ ...base, start: window.start, end: new Date(new Date(window.start).getTime() + 91 * 86_400_000).toISOString() })).toBe('end');
      expect(await field({ ...base, ...window, quantity: 3 })).toBe('quantity');
      expect(await field({ ...base, start: 'tomorrow', end: window.end })).toBe('start');
      expect(await field({ ...window, requesterAssociationId: 'nope' })).toBe('requesterAssociationId');
      expect(await field({ ...base, ...window, colour: 'red' })).toBe('colour');
    });

    it('answers 401, 403 for an association I am not a member of, 404 to an outsider', async () => {
      const shared = await makeResource(t, owner.admin, owner.id, { sharing: 'network' });
      await t
        .http()
        .post(`/api/resources/${shared.id}/bookings`)
        .send({ ...slot(45), requesterAssociationId: requester.id })
        .expect(401);
      await request(requester.member, shared.id, { ...slot(45), requesterAssociationId: owner.id }).expect(403);
      const hidden = await makeResource(t, owner.admin, owner.id, { sharing: 'private' });
      await request(requester.member, hidden.id, { ...slot(45), requesterAssociationId: requester.id }).expect(404);
      await request(outsider, `${new Types.ObjectId()}`, { ...slot(45), requesterAssociationId: requester.id }).expect(404);
    });

    it('answers 409 with the bookings in the way', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { requiresApproval: false });
      const window = slot(46, 3);
      const first = await request(requester.member, resource.id, { ...window, requesterAssociationId: requester.id }).expect(201);
      const later = new Date(new Date(window.start).getTime() + 3600_000).toISOString();
      const second = await request(requester.member, resource.id, { start: later, end: window.end, requesterAssociationId: requester.id }).expect(409);
      expect(second.body.conflicts).toEqual([expect.objectContaining({ id: first.body.id, start: window.start, end: window.end, status: 'approved' })]);
      // Back to back is no conflict: ranges are half-open.
      await request(requester.member, resource.id, {
        start: window.end,
        end: new Date(new Date(window.end).getTime() + 3600_000).toISOString(),
        requesterAssociationId: requester.id,
      }).expect(201);
    });

    it('keeps bookings inside the opening hours (Europe/Paris)', async () => {
      const hall = await makeResource(t, owner.admin, owner.id, { kind: 'premise', openingHours: [{ day: 'tue', opens: '18:00', closes: '22:00' }] });
      const tuesday = nextParisDay(2);
      const body = (from: string, to: string, date = tuesday) => ({ start: paris(date, from), end: paris(date, to), requesterAssociationId: requester.id });
      const inside = await request(requester.member, hall.id, body('18:30', '21:00')).expect(201);
      expect(inside.body.start).toBe(paris(tuesday, '18:30'));
      expect((await request(requester.member, hall.id, body('17:00', '19:00')).expect(400)).body.errors[0].field).toBe('start');
      expect((await request(requester.member, hall.id, body('20:00', '23:00')).expect(400)).body.errors[0].field).toBe('end');
      expect((await request(requester.member, hall.id, body('18:30', '21:00', nextParisDay(3))).expect(400)).body.errors[0].field).toBe('start');
    });
  });

  describe('recurring bookings', () => {
    const weekly = (start: string, end: string, onConflict: 'skip' | 'fail', until: string) => ({
      start,
      end,
      requesterAssociationId: requester.id,
      recurrence: { frequency: 'weekly', until, onConflict },
    });

    it('books each free week, lists the conflicting ones with skip, and cancels the series from a date', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { requiresApproval: false });
      const thursday = nextParisDay(4, 14);
      const start = paris(thursday, '19:00');
      const end = paris(thursday, '21:00');
      const week = (n: number) => new Date(new Date(start).getTime() + n * 7 * 86_400_000);
      // Week 2 is taken already.
      await request(owner.admin, resource.id, { start: addDaysParis(start, 14), end: addDaysParis(end, 14), requesterAssociationId: owner.id }).expect(201);
      const until = `${week(3).toISOString().slice(0, 10)}`;
      const response = await request(requester.member, resource.id, weekly(start, end, 'skip', until)).expect(201);
      expect(response.body.items).toHaveLength(3);
      expect(new Set(response.body.items.map((item: { seriesId: string }) => item.seriesId))).toEqual(new Set([response.body.seriesId]));
      expect(response.body.items.map((item: { start: string }) => item.start)).toEqual([start, addDaysParis(start, 7), addDaysParis(start, 21)]);
      expect(response.body.conflicts).toEqual([
        { start: addDaysParis(start, 14), end: addDaysParis(end, 14), conflicts: [expect.objectContaining({ status: 'approved' })] },
      ]);
      // Wall-clock time is kept across weeks: every occurrence starts at 19:00 in Paris.
      for (const item of response.body.items) expect(parisWallTime(new Date(item.start)).hour).toBe(19);

      const cancelled = await t
        .http()
        .post(`/api/bookings/series/${response.body.seriesId}/cancel`)
        .set('Authorization', requester.member.auth)
        .send({ from: addDaysParis(start, 7) })
        .expect(200);
      expect(cancelled.body.items.map((item: { start: string; status: string }) => [item.start, item.status])).toEqual([
        [addDaysParis(start, 7), 'cancelled'],
        [addDaysParis(start, 21), 'cancelled'],
      ]);
      const kept = await t.db.collection('bookings').findOne({ seriesId: response.body.seriesId, start: new Date(start) });
      expect(kept?.status).toBe('approved');
      await t.http().post(`/api/bookings/series/${response.body.seriesId}/cancel`).set('Authorization', outsider.auth).send({ from: start }).expect(404);
      await t.http().post(`/api/bookings/series/${response.body.seriesId}/cancel`).set('Authorization', owner.member.auth).send({ from: start }).expect(403);
      await t.http().post(`/api/bookings/series/${response.body.seriesId}/cancel`).set('Authorization', requester.member.auth).send({}).expect(400);
      await t.http().post(`/api/bookings/series/${response.body.seriesId}/cancel`).send({ from: start }).expect(401);
      await t.http().post('/api/bookings/series/unknown/cancel').set('Authorization', requester.member.auth).send({ from: start }).expect(404);
    });

    it('refuses the whole series with fail, creating nothing', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { requiresApproval: false });
      const friday = nextParisDay(5, 14);
      const start = paris(friday, '10:00');
      const end = paris(friday, '12:00');
      await request(owner.admin, resource.id, { start: addDaysParis(start, 7), end: addDaysParis(end, 7), requesterAssociationId: owner.id }).expect(201);
      const refused = await request(requester.member, resource.id, weekly(start, end, 'fail', addDaysParis(start, 21).slice(0, 10))).expect(409);
      expect(refused.body.conflicts).toEqual([
        { start: addDaysParis(start, 7), end: addDaysParis(end, 7), conflicts: [expect.objectContaining({ status: 'approved' })] },
      ]);
      expect(await t.db.collection('bookings').countDocuments({ resourceId: new Types.ObjectId(resource.id) })).toBe(1);
    });

    it('answers 400 beyond 52 occurrences or with a bad recurrence', async () => {
      const resource = await makeResource(t, owner.admin, owner.id);
      const window = slot(20);
      const tooMany = await request(requester.member, resource.id, weekly(window.start, window.end, 'skip', '2099-01-01')).expect(400);
      expect(tooMany.body.errors[0].field).toBe('recurrence.until');
      const bad = await request(requester.member, resource.id, {
        ...weekly(window.start, window.end, 'skip', '2099-01-01'),
        recurrence: { frequency: 'daily', until: 'soon', onConflict: 'maybe' },
      }).expect(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
        'recurrence.frequency',
        'recurrence.onConflict',
        'recurrence.until',
      ]);
    });
  });

  describe('POST /api/bookings/:id/approve', () => {
    it('approves a pending request (owner admins only) and answers 409 with current after', async () => {
      const resource = await makeResource(t, owner.admin, owner.id);
      const booking = await request(requester.member, resource.id, { ...slot(50), requesterAssociationId: requester.id }).expect(201);
      await act(owner.member, booking.body.id, 'approve').expect(403);
      await act(requester.admin, booking.body.id, 'approve').expect(403);
      await act(outsider, booking.body.id, 'approve').expect(404);
      await t.http().post(`/api/bookings/${booking.body.id}/approve`).expect(401);
      await act(owner.admin, booking.body.id, 'approve', { colour: 'red' }).expect(400);
      const approved = await act(owner.admin, booking.body.id, 'approve', { note: 'Clés à l’accueil' }).expect(200);
      expect(approved.body).toMatchObject({ status: 'approved', decidedBy: owner.admin.id, decisionNote: 'Clés à l’accueil', version: 2 });
      const again = await act(owner.admin, booking.body.id, 'approve').expect(409);
      expect(again.body.current).toMatchObject({ id: booking.body.id, status: 'approved' });
    });
  });

  describe('POST /api/bookings/:id/reject', () => {
    it('needs a reason and a pending request', async () => {
      const resource = await makeResource(t, owner.admin, owner.id);
      const booking = await request(requester.member, resource.id, { ...slot(51), requesterAssociationId: requester.id }).expect(201);
      const noReason = await act(owner.admin, booking.body.id, 'reject').expect(400);
      expect(noReason.body.errors[0].field).toBe('reason');
      await act(requester.member, booking.body.id, 'reject', { reason: 'non' }).expect(403);
      await act(outsider, booking.body.id, 'reject', { reason: 'non' }).expect(404);
      await t.http().post(`/api/bookings/${booking.body.id}/reject`).send({ reason: 'non' }).expect(401);
      const rejected = await act(owner.admin, booking.body.id, 'reject', { reason: 'Travaux ce jour-là' }).expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'Travaux ce jour-là' });
      const again = await act(owner.admin, booking.body.id, 'approve').expect(409);
      expect(again.body.current.status).toBe('rejected');
    });
  });

  describe('POST /api/bookings/:id/cancel', () => {
    it('lets either side cancel, then answers 409 with current', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { requiresApproval: false });
      const mine = await request(requester.member, resource.id, { ...slot(52), requesterAssociationId: requester.id }).expect(201);
      await act(owner.member, mine.body.id, 'cancel').expect(403);
      await act(outsider, mine.body.id, 'cancel').expect(404);
      await t.http().post(`/api/bookings/${mine.body.id}/cancel`).expect(401);
      await act(requester.member, mine.body.id, 'cancel', { colour: 1 }).expect(400);
      const cancelled = await act(requester.member, mine.body.id, 'cancel').expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledBy: requester.member.id });
      expect((await act(requester.member, mine.body.id, 'cancel').expect(409)).body.current.status).toBe('cancelled');
      // The units are free again.
      await request(requester.member, resource.id, { ...slot(52), requesterAssociationId: requester.id }).expect(201);
      const other = await request(requester.member, resource.id, { ...slot(53), requesterAssociationId: requester.id }).expect(201);
      expect((await act(owner.admin, other.body.id, 'cancel').expect(200)).body.status).toBe('cancelled');
    });
  });

  describe('POST /api/bookings/:id/checkout and /return', () => {
    it('lends and takes back; an early return frees the rest of the range', async () => {
      const resource = await makeResource(t, owner.admin, owner.id, { kind: 'vehicle', requiresApproval: false });
      // A loan running now, until tomorrow.
      const start = new Date(Date.now() - 3600_000).toISOString();
      const end = new Date(Date.now() + 86_400_000).toISOString();
      const loan = await request(requester.member, resource.id, { start, end, requesterAssociationId: requester.id }).expect(201);
      expect((await act(owner.admin, loan.body.id, 'return', { condition: 'good' }).expect(409)).body.current.status).toBe('approved');
      await act(requester.member, loan.body.id, 'checkout').expect(403);
      await act(outsider, loan.body.id, 'checkout').expect(404);
      await t.http().post(`/api/bookings/${loan.body.id}/checkout`).expect(401);
      const out = await act(owner.admin, loan.body.id, 'checkout').expect(200);
      expect(out.body).toMatchObject({ status: 'checked_out', checkedOutBy: owner.admin.id, overdue: false });
      expect((await act(owner.admin, loan.body.id, 'checkout').expect(409)).body.current.status).toBe('checked_out');
      expect((await act(requester.member, loan.body.id, 'cancel').expect(409)).body.current.status).toBe('checked_out');

      const later = {
        start: new Date(Date.now() + 3600_000).toISOString(),
        end: new Date(Date.now() + 7200_000).toISOString(),
        requesterAssociationId: requester.id,
      };
      await request(requester.member, resource.id, later).expect(409);
      const bad = await act(owner.admin, loan.body.id, 'return', { condition: 'broken' }).expect(400);
      expect(bad.body.errors[0].field).toBe('condition');
      await act(requester.member, loan.body.id, 'return', { condition: 'good' }).expect(403);
      const back = await act(owner.admin, loan.body.id, 'return', { condition: 'worn', note: 'Rétroviseur rayé' }).expect(200);
      expect(back.body).toMatchObject({
        status: 'returned',
        returnCondition: 'worn',
        returnNote: 'Rétroviseur rayé',
        returnedTo: owner.admin.id,
        requestedEnd: end,
      });
      expect(new Date(back.body.end).getTime()).toBeLessThan(new Date(end).getTime());
      await request(requester.member, resource.id, later).expect(201);
      expect((await act(owner.admin, loan.body.id, 'return', { condition: 'good' }).expect(409)).body.current.status).toBe('returned');
    });
  });

  describe('GET /api/bookings', () => {
    it('answers each side of an association its inbox, flagging overdue loans', async () => {
      const lender = await seedTeam(t);
      const borrower = await seedTeam(t);
      const resource = await makeResource(t, lender.admin, lender.id, { quantity: 5 });
      const asked = await request(borrower.member, resource.id, { ...slot(60), requesterAssociationId: borrower.id }).expect(201);
      const late = await request(borrower.member, resource.id, {
        start: new Date(Date.now() - 7200_000).toISOString(),
        end: new Date(Date.now() + 3600_000).toISOString(),
        requesterAssociationId: borrower.id,
      }).expect(201);
      await act(lender.admin, late.body.id, 'approve').expect(200);
      await act(lender.admin, late.body.id, 'checkout').expect(200);
      // Time passes: the loan should be back by now.
      await t.db.collection('bookings').updateOne({ _id: new Types.ObjectId(late.body.id) }, { $set: { end: new Date(Date.now() - 60_000) } });
      const rejected = await request(borrower.member, resource.id, { ...slot(61), requesterAssociationId: borrower.id }).expect(201);
      await act(lender.admin, rejected.body.id, 'reject', { reason: 'Déjà prêté' }).expect(200);

      const ownerSide = await t.http().get(`/api/bookings?associationId=${lender.id}&side=owner`).set('Authorization', lender.member.auth).expect(200);
      expect(ownerSide.body.items.map((item: { id: string; status: string; overdue: boolean }) => [item.id, item.status, item.overdue])).toEqual([
        [late.body.id, 'checked_out', true],
        [asked.body.id, 'pending', false],
      ]);
      const toDecide = await t
        .http()
        .get(`/api/bookings?associationId=${lender.id}&side=owner&status=pending`)
        .set('Authorization', lender.admin.auth)
        .expect(200);
      expect(toDecide.body.items.map((item: { id: string }) => item.id)).toEqual([asked.body.id]);
      const requesterSide = await t
        .http()
        .get(`/api/bookings?associationId=${borrower.id}&side=requester&limit=2`)
        .set('Authorization', borrower.member.auth)
        .expect(200);
      expect(requesterSide.body.items).toHaveLength(2);
      const rest = await t
        .http()
        .get(`/api/bookings?associationId=${borrower.id}&side=requester&limit=2&cursor=${requesterSide.body.nextCursor}`)
        .set('Authorization', borrower.member.auth)
        .expect(200);
      expect([...requesterSide.body.items, ...rest.body.items].map((item: { id: string }) => item.id)).toEqual([late.body.id, asked.body.id, rejected.body.id]);
      expect(rest.body.nextCursor).toBeNull();
    });

    it('answers 400, 401 and 404', async () => {
      const missing = await t.http().get(`/api/bookings?associationId=${owner.id}`).set('Authorization', owner.member.auth).expect(400);
      expect(missing.body.errors[0].field).toBe('side');
      await t.http().get(`/api/bookings?associationId=${owner.id}&side=owner&status=lost`).set('Authorization', owner.member.auth).expect(400);
      await t.http().get(`/api/bookings?associationId=${owner.id}&side=owner`).expect(401);
      await t.http().get(`/api/bookings?associationId=${owner.id}&side=owner`).set('Authorization', outsider.auth).expect(404);
    });
  });

  describe('GET /api/bookings/:id', () => {
    it('shows a booking to both sides only', async () => {
      const resource = await makeResource(t, owner.admin, owner.id);
      const booking = await request(requester.member, resource.id, { ...slot(62), requesterAssociationId: requester.id }).expect(201);
      await t.http().get(`/api/bookings/${booking.body.id}`).set('Authorization', owner.member.auth).expect(200);
      await t.http().get(`/api/bookings/${booking.body.id}`).set('Authorization', requester.admin.auth).expect(200);
      await t.http().get(`/api/bookings/${booking.body.id}`).set('Authorization', outsider.auth).expect(404);
      await t.http().get(`/api/bookings/${booking.body.id}`).expect(401);
    });
  });

  describe('my data', () => {
    it('exports the bookings I requested and anonymizes them when I leave', async () => {
      const volunteer = await makeUser(t);
      await seedMember(t, requester.id, volunteer);
      const resource = await makeResource(t, owner.admin, owner.id);
      const booking = await request(volunteer, resource.id, { ...slot(63), requesterAssociationId: requester.id }).expect(201);
      const exported = await t.http().get('/api/me/export').set('Authorization', volunteer.auth).expect(200);
      expect(exported.body.bookings).toEqual([expect.objectContaining({ id: booking.body.id, requestedBy: volunteer.id })]);
      await t.http().delete('/api/me').set('Authorization', volunteer.auth).expect(204);
      const stored = await t.db.collection('bookings').findOne({ _id: new Types.ObjectId(booking.body.id) });
      expect(stored?.requestedBy).toBeNull();
      expect(stored?.status).toBe('pending');
    });
  });
});

/** The same Paris wall-clock time `days` later, as ISO. */
function addDaysParis(iso: string, days: number): string {
  const wall = parisWallTime(new Date(iso));
  const shifted = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return parisInstant({ ...wall, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() }).toISOString();
}
