import { Types } from 'mongoose';
import { makeUser, TestUser } from './factories';
import { makeWorld, ProjectWorld } from './factories/projects';
import { connect, record as recordEvents, request } from './factories/realtime';
import { createTestApp, TestApp } from './setup/test-app';

describe('Contributions (e2e)', () => {
  let t: TestApp;
  let w: ProjectWorld;
  const unknownId = new Types.ObjectId().toHexString();

  beforeAll(async () => {
    t = await createTestApp();
    w = await makeWorld(t);
  });

  afterAll(async () => {
    await t.close();
  });

  const record = (user: TestUser, body: Record<string, unknown>, projectId = w.project.id) =>
    t.http().post(`/api/projects/${projectId}/contributions`).set('Authorization', user.auth).send(body);

  const activities = async (type: string) =>
    t.db
      .collection('activities')
      .find({ projectId: new Types.ObjectId(w.project.id), type })
      .toArray();

  describe('POST /api/projects/:id/contributions', () => {
    it('records a pledge of the admin’s own association, valued at the default hourly rate, and logs it', async () => {
      const response = await record(w.partner.admin, {
        associationId: w.partner.id,
        kind: 'volunteer_hours',
        description: 'Encadrement du tournoi',
        quantity: 10,
        unit: 'h',
        status: 'pledged',
        date: '2026-06-20',
      }).expect(201);
      expect(response.body).toMatchObject({
        projectId: w.project.id,
        associationId: w.partner.id,
        kind: 'volunteer_hours',
        quantity: 10,
        valueEuros: 120.2,
        valuation: { method: 'rate', rateEuros: 12.02, per: 'hour' },
        status: 'pledged',
        source: 'manual',
        date: '2026-06-20',
        recordedBy: w.partner.admin.id,
        version: 1,
      });
      const logged = await activities('contribution.created');
      expect(logged.map((row) => row.data.contribution.id)).toContain(response.body.id);
      expect(await t.db.collection('contributions').countDocuments({ pendingActivity: { $ne: null } })).toBe(0);
    });

    it('lets a coordinator admin record for another partner, keeping a given value', async () => {
      const response = await record(w.coordinator.admin, {
        associationId: w.partner.id,
        kind: 'material',
        description: 'Prêt de 20 tables',
        quantity: 20,
        unit: 'tables',
        valueEuros: 150,
        status: 'delivered',
      }).expect(201);
      expect(response.body).toMatchObject({ valueEuros: 150, valuation: { method: 'given' }, date: null, gift: false });
    });

    it('refuses a member who is not admin (403), even for their own association', async () => {
      await record(w.partner.member, { associationId: w.partner.id, kind: 'money', description: 'Don', quantity: 50, unit: 'EUR', status: 'pledged' }).expect(
        403,
      );
    });

    it('refuses a partner admin recording for another association (403)', async () => {
      await record(w.partner.admin, {
        associationId: w.coordinator.id,
        kind: 'money',
        description: 'Don',
        quantity: 50,
        unit: 'EUR',
        status: 'pledged',
      }).expect(403);
    });

    it('answers 404 to an outsider, 401 without a token and 400 on a bad body', async () => {
      const body = { associationId: w.outsiderAssociationId, kind: 'money', description: 'Don', quantity: 50, unit: 'EUR', status: 'pledged' };
      await record(w.outsider, body).expect(404);
      await t.http().post(`/api/projects/${w.project.id}/contributions`).send(body).expect(401);
      const bad = await record(w.coordinator.admin, { ...body, associationId: w.partner.id, kind: 'gold', quantity: -1 }).expect(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['kind', 'quantity']);
      // An association that is not an active partner (here: only invited) cannot contribute yet.
      await record(w.coordinator.admin, { ...body, associationId: w.invited.id }).expect(400);
    });
  });

  describe('live', () => {
    it('pushes contribution.created to the project’s sockets', async () => {
      const socket = await connect(t.url, w.coordinator.member.accessToken);
      try {
        expect(await request(socket, 'project:join', { projectId: w.project.id })).toMatchObject({ ok: true });
        const activities = recordEvents<{ type: string; data: { contribution: { id: string } } }>(socket, 'activity');
        const created = await record(w.partner.admin, {
          associationId: w.partner.id,
          kind: 'service',
          description: 'Atelier vélo',
          quantity: 2,
          unit: 'séances',
          status: 'pledged',
        }).expect(201);
        await activities.until((items) => items.some((item) => item.type === 'contribution.created'));
        expect(activities.items.find((item) => item.type === 'contribution.created')?.data.contribution.id).toBe(created.body.id);
      } finally {
        socket.disconnect();
      }
    });
  });

  describe('GET /api/projects/:id/contributions', () => {
    it('lists the project’s items to every active partner, filtered by period', async () => {
      const all = await t.http().get(`/api/projects/${w.project.id}/contributions`).set('Authorization', w.coordinator.member.auth).expect(200);
      expect(all.body.items.length).toBeGreaterThanOrEqual(2);
      const june = await t
        .http()
        .get(`/api/projects/${w.project.id}/contributions?from=2026-06-01&to=2026-06-30`)
        .set('Authorization', w.partner.member.auth)
        .expect(200);
      expect(june.body.items.map((item: { date: string }) => item.date)).toEqual(['2026-06-20']);
      await t.http().get(`/api/projects/${w.project.id}/contributions`).set('Authorization', w.outsider.auth).expect(404);
      await t.http().get(`/api/projects/${unknownId}/contributions`).set('Authorization', w.coordinator.admin.auth).expect(404);
    });
  });

  describe('PATCH /api/contributions/:id', () => {
    it('marks a pledge delivered, then answers 409 with `current` on a stale version', async () => {
      const created = await record(w.partner.admin, {
        associationId: w.partner.id,
        kind: 'money',
        description: 'Subvention propre',
        quantity: 300,
        unit: 'EUR',
        status: 'pledged',
      }).expect(201);
      expect(created.body).toMatchObject({ valueEuros: 300, valuation: { method: 'amount' } });
      const delivered = await t
        .http()
        .patch(`/api/contributions/${created.body.id}`)
        .set('Authorization', w.partner.admin.auth)
        .send({ status: 'delivered', date: '2026-06-21', version: 1 })
        .expect(200);
      expect(delivered.body).toMatchObject({ status: 'delivered', date: '2026-06-21', version: 2 });
      const stale = await t
        .http()
        .patch(`/api/contributions/${created.body.id}`)
        .set('Authorization', w.coordinator.admin.auth)
        .send({ quantity: 10, version: 1 })
        .expect(409);
      expect(stale.body.current).toMatchObject({ id: created.body.id, version: 2, status: 'delivered' });
      const updated = await activities('contribution.updated');
      expect(updated.find((row) => row.data.contribution.id === created.body.id)?.data.fields.sort()).toEqual(['date', 'status']);
    });

    it('refuses a member (403) and an outsider (404)', async () => {
      const created = await record(w.coordinator.admin, {
        associationId: w.coordinator.id,
        kind: 'service',
        description: 'Communication',
        quantity: 1,
        unit: 'forfait',
        valueEuros: 200,
        status: 'pledged',
      }).expect(201);
      const url = `/api/contributions/${created.body.id}`;
      await t.http().patch(url).set('Authorization', w.coordinator.member.auth).send({ status: 'delivered', version: 1 }).expect(403);
      await t.http().patch(url).set('Authorization', w.partner.admin.auth).send({ status: 'delivered', version: 1 }).expect(403);
      await t.http().patch(url).set('Authorization', w.outsider.auth).send({ status: 'delivered', version: 1 }).expect(404);
      await t.http().patch(`/api/contributions/${unknownId}`).set('Authorization', w.coordinator.admin.auth).send({ version: 1 }).expect(404);
      await t.http().patch(url).set('Authorization', w.coordinator.admin.auth).send({ status: 'delivered' }).expect(400);
    });
  });

  describe('DELETE /api/contributions/:id', () => {
    it('deletes and logs it; a stale version answers 409', async () => {
      const created = await record(w.partner.admin, {
        associationId: w.partner.id,
        kind: 'premises',
        description: 'Salle',
        quantity: 4,
        unit: 'h',
        valueEuros: 80,
        status: 'pledged',
      }).expect(201);
      const url = `/api/contributions/${created.body.id}`;
      await t.http().patch(url).set('Authorization', w.partner.admin.auth).send({ quantity: 5, version: 1 }).expect(200);
      const stale = await t.http().delete(`${url}?version=1`).set('Authorization', w.partner.admin.auth).expect(409);
      expect(stale.body.current).toMatchObject({ version: 2 });
      await t.http().delete(url).set('Authorization', w.partner.member.auth).expect(403);
      await t.http().delete(`${url}?version=2`).set('Authorization', w.partner.admin.auth).expect(204);
      await t.http().delete(url).set('Authorization', w.partner.admin.auth).expect(404);
      expect((await activities('contribution.deleted')).map((row) => row.data.contribution.id)).toContain(created.body.id);
    });
  });

  describe('valuation (PATCH /api/projects/:id, resources)', () => {
    it('revalues volunteer hours at once when the project rate changes; only the coordinator sets it', async () => {
      const project = await t.http().get(`/api/projects/${w.project.id}`).set('Authorization', w.partner.member.auth).expect(200);
      expect(project.body.valuation).toEqual({ volunteerHourlyRateEuros: 12.02 });
      await t
        .http()
        .patch(`/api/projects/${w.project.id}`)
        .set('Authorization', w.partner.admin.auth)
        .send({ valuation: { volunteerHourlyRateEuros: 20 } })
        .expect(403);
      await t
        .http()
        .patch(`/api/projects/${w.project.id}`)
        .set('Authorization', w.coordinator.admin.auth)
        .send({ valuation: { volunteerHourlyRateEuros: -1 } })
        .expect(400);
      const updated = await t
        .http()
        .patch(`/api/projects/${w.project.id}`)
        .set('Authorization', w.coordinator.admin.auth)
        .send({ valuation: { volunteerHourlyRateEuros: 18.5 } })
        .expect(200);
      expect(updated.body.valuation).toEqual({ volunteerHourlyRateEuros: 18.5 });
      const list = await t
        .http()
        .get(`/api/projects/${w.project.id}/contributions?from=2026-06-20&to=2026-06-20`)
        .set('Authorization', w.partner.admin.auth)
        .expect(200);
      expect(list.body.items[0]).toMatchObject({ quantity: 10, valueEuros: 185, valuation: { method: 'rate', rateEuros: 18.5, per: 'hour' } });
      await t
        .http()
        .patch(`/api/projects/${w.project.id}`)
        .set('Authorization', w.coordinator.admin.auth)
        .send({ valuation: { volunteerHourlyRateEuros: 12.02 } })
        .expect(200);
    });

    it('stores a resource’s value per hour or day', async () => {
      const created = await t
        .http()
        .post(`/api/associations/${w.partner.id}/resources`)
        .set('Authorization', w.partner.admin.auth)
        .send({ kind: 'premise', name: 'Salle polyvalente', sharing: 'partners', valuation: { euros: 30, per: 'hour' } })
        .expect(201);
      expect(created.body.valuation).toEqual({ euros: 30, per: 'hour' });
      const changed = await t
        .http()
        .patch(`/api/resources/${created.body.id}`)
        .set('Authorization', w.partner.admin.auth)
        .send({ valuation: { euros: 150, per: 'day' } })
        .expect(200);
      expect(changed.body.valuation).toEqual({ euros: 150, per: 'day' });
      await t
        .http()
        .patch(`/api/resources/${created.body.id}`)
        .set('Authorization', w.partner.admin.auth)
        .send({ valuation: { euros: 10, per: 'week' } })
        .expect(400);
    });
  });

  describe('account export and erasure', () => {
    it('exports what I recorded; erasing me keeps the association’s contribution', async () => {
      const recorder = await makeUser(t, { displayName: 'Trésorière éphémère' });
      await t.db.collection('memberships').insertOne({
        associationId: new Types.ObjectId(w.partner.id),
        userId: new Types.ObjectId(recorder.id),
        role: 'admin',
        createdAt: new Date(),
        updatedAt: new Date(),
      });
      const created = await record(recorder, {
        associationId: w.partner.id,
        kind: 'money',
        description: 'Don de la kermesse',
        quantity: 75,
        unit: 'EUR',
        status: 'delivered',
      }).expect(201);
      const exported = await t.http().get('/api/me/export').set('Authorization', recorder.auth).expect(200);
      expect(exported.body.contributions.map((item: { id: string }) => item.id)).toEqual([created.body.id]);

      await t.http().delete('/api/me').set('Authorization', recorder.auth).expect(204);
      const stored = await t.db.collection('contributions').findOne({ _id: new Types.ObjectId(created.body.id) });
      expect(stored).toMatchObject({ recordedBy: null, quantity: 75 });
      const logged = await activities('contribution.created');
      expect(JSON.stringify(logged)).not.toContain(recorder.id);
    });
  });
});
