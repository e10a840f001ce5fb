import { Types } from 'mongoose';
import { addPartner, makeAssociation, makeProject, makeUser } from './factories';
import { invite, makeSide, makeWorld, partnerAction, ProjectWorld, storedSeqs, storedTypes } from './factories/projects';
import { useTestApp } from './setup/hooks';
import { TestApp } from './setup/test-app';

const missingId = () => new Types.ObjectId().toHexString();

describe('Projects, partners and charter (e2e)', () => {
  let t: TestApp;
  let w: ProjectWorld;
  useTestApp(async (app) => {
    t = app;
    w = await makeWorld(t);
  });

  const get = (path: string, auth?: string) => {
    const req = t.http().get(path);
    return auth ? req.set('Authorization', auth) : req;
  };
  const activityTypes = (projectId: string) => storedTypes(t, projectId);

  describe('POST /api/projects', () => {
    it('creates a draft project whose coordinator is an active partner that signed charter version 1', async () => {
      const side = await makeSide(t, 'Centre social');
      const response = await t
        .http()
        .post('/api/projects')
        .set('Authorization', side.admin.auth)
        .send({
          title: '  Journée sportive  ',
          description: 'Tournoi inter-quartiers',
          coordinatorAssociationId: side.id,
          startDate: '2026-06-01T08:00:00Z',
          endDate: '2026-06-01T18:00:00Z',
        })
        .expect(201);
      const project = response.body;
      expect(project).toMatchObject({
        title: 'Journée sportive',
        description: 'Tournoi inter-quartiers',
        coordinatorAssociationId: side.id,
        coordinator: { id: side.id, name: side.name },
        status: 'draft',
        version: 1,
        startDate: '2026-06-01T08:00:00.000Z',
        endDate: '2026-06-01T18:00:00.000Z',
        charter: { version: 1 },
      });
      expect(project._id).toBeUndefined();
      expect(project.charter.text).toContain('Charte de coopération');
      expect(project.charter.text).toMatch(/médiation/);
      expect(project.partners).toEqual([
        expect.objectContaining({ associationId: side.id, status: 'active', isCoordinator: true, signedCurrentCharter: true, signedVersion: 1 }),
      ]);
      const signatures = await t.db
        .collection('charter_signatures')
        .find({ projectId: new Types.ObjectId(project.id) })
        .toArray();
      expect(signatures).toHaveLength(1);
      expect(signatures[0]).toMatchObject({ version: 1 });
      expect(String(signatures[0].signedBy)).toBe(side.admin.id);
      expect(await activityTypes(project.id)).toEqual(['project.created']);
    });

    it('writes the default charter in English for an English-speaking creator', async () => {
      const admin = await makeUser(t, { locale: 'en' });
      const association = await makeAssociation(t, admin);
      const response = await t
        .http()
        .post('/api/projects')
        .set('Authorization', admin.auth)
        .send({ title: 'Film night', coordinatorAssociationId: association.id })
        .expect(201);
      expect(response.body.charter.text).toContain('Cooperation charter');
      expect(response.body.charter.text).toMatch(/autonomy/);
    });

    it('answers 400 with field errors on bad input', async () => {
      const post = (body: Record<string, unknown>) => t.http().post('/api/projects').set('Authorization', w.coordinator.admin.auth).send(body).expect(400);
      expect((await post({ coordinatorAssociationId: w.coordinator.id })).body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'title' })]),
      );
      expect((await post({ title: 'x', coordinatorAssociationId: 'nope' })).body.errors[0].field).toBe('coordinatorAssociationId');
      expect((await post({ title: 'x', coordinatorAssociationId: w.coordinator.id, colour: 'red' })).body.errors[0].field).toBe('colour');
      const dates = await post({ title: 'x', coordinatorAssociationId: w.coordinator.id, startDate: '2026-06-02T00:00:00Z', endDate: '2026-06-01T00:00:00Z' });
      expect(dates.body.errors[0].field).toBe('endDate');
    });

    it('answers 401 without a token', async () => {
      await t.http().post('/api/projects').send({ title: 'x', coordinatorAssociationId: w.coordinator.id }).expect(401);
    });

    it('answers 403 to a plain member of the association', async () => {
      await t
        .http()
        .post('/api/projects')
        .set('Authorization', w.coordinator.member.auth)
        .send({ title: 'x', coordinatorAssociationId: w.coordinator.id })
        .expect(403);
    });

    it('answers 404 to a non-member', async () => {
      await t.http().post('/api/projects').set('Authorization', w.outsider.auth).send({ title: 'x', coordinatorAssociationId: w.coordinator.id }).expect(404);
    });
  });

  describe('GET /api/projects', () => {
    it('lists the projects of my active partnerships, and the invitations my associations may answer', async () => {
      const partnerView = await get('/api/projects', w.partner.member.auth).expect(200);
      expect(partnerView.body.items.map((p: { id: string }) => p.id)).toContain(w.project.id);
      expect(partnerView.body.invitations).toEqual([]);

      const invitedAdmin = await get('/api/projects', w.invited.admin.auth).expect(200);
      expect(invitedAdmin.body.items).toEqual([]);
      expect(invitedAdmin.body.invitations).toEqual([
        expect.objectContaining({
          associationId: w.invited.id,
          status: 'invited',
          project: expect.objectContaining({ id: w.project.id, title: w.project.title }),
        }),
      ]);
      // A plain member of the invited association sees nothing yet.
      const invitedMember = await get('/api/projects', w.invited.member.auth).expect(200);
      expect(invitedMember.body).toEqual({ items: [], nextCursor: null, invitations: [] });
      expect((await get('/api/projects', w.outsider.auth).expect(200)).body.items).toEqual([]);
    });

    it('pages with limit and cursor, newest first', async () => {
      const side = await makeSide(t, 'Maison des jeunes');
      const first = await makeProject(t, side.admin, side.id);
      const second = await makeProject(t, side.admin, side.id);
      const page1 = await get('/api/projects?limit=1', side.member.auth).expect(200);
      expect(page1.body.items.map((p: { id: string }) => p.id)).toEqual([second.id]);
      expect(page1.body.nextCursor).toEqual(expect.any(String));
      const page2 = await get(`/api/projects?limit=1&cursor=${page1.body.nextCursor}`, side.member.auth).expect(200);
      expect(page2.body.items.map((p: { id: string }) => p.id)).toEqual([first.id]);
      expect(page2.body.nextCursor).toBeNull();
    });

    it('answers 400 on unknown query parameters and bad cursors', async () => {
      await get('/api/projects?status=draft', w.partner.member.auth).expect(400);
      await get('/api/projects?cursor=zzz', w.partner.member.auth).expect(400);
      await get('/api/projects?limit=500', w.partner.member.auth).expect(400);
    });

    it('answers 401 without a token', async () => {
      await get('/api/projects').expect(401);
    });
  });

  describe('GET /api/projects/:id', () => {
    it('shows the whole project, with named partners, to a member of an active partner', async () => {
      const response = await get(`/api/projects/${w.project.id}`, w.partner.member.auth).expect(200);
      expect(response.body).toMatchObject({
        id: w.project.id,
        coordinatorAssociationId: w.coordinator.id,
        charter: { version: 1 },
        version: expect.any(Number),
      });
      const byId = Object.fromEntries(response.body.partners.map((p: { associationId: string }) => [p.associationId, p]));
      expect(byId[w.coordinator.id]).toMatchObject({ status: 'active', association: { name: w.coordinator.name }, signedCurrentCharter: true });
      expect(byId[w.partner.id]).toMatchObject({ status: 'active', signedCurrentCharter: true });
      expect(byId[w.invited.id]).toMatchObject({ status: 'invited', signedCurrentCharter: false });
    });

    it('shows admins of an invited association the invitation only', async () => {
      const response = await get(`/api/projects/${w.project.id}`, w.invited.admin.auth).expect(200);
      expect(response.body).toMatchObject({ id: w.project.id, access: 'invitation', title: w.project.title, coordinatorAssociationId: w.coordinator.id });
      expect(response.body.invitations).toEqual([expect.objectContaining({ associationId: w.invited.id, status: 'invited' })]);
      expect(response.body.partners.length).toBeGreaterThanOrEqual(3);
      expect(response.body.charter).toBeUndefined();
      expect(response.body.version).toBeUndefined();
    });

    it('answers 404 to outsiders, members of an invited association, unknown and malformed ids', async () => {
      await get(`/api/projects/${w.project.id}`, w.outsider.auth).expect(404);
      await get(`/api/projects/${w.project.id}`, w.invited.member.auth).expect(404);
      await get(`/api/projects/${missingId()}`, w.partner.admin.auth).expect(404);
      const malformed = await get('/api/projects/not-an-id', w.partner.admin.auth).expect(404);
      expect(malformed.body).toMatchObject({ status: 404, title: expect.any(String) });
    });

    it('answers 401 without a token', async () => {
      await get(`/api/projects/${w.project.id}`).expect(401);
      await get(`/api/projects/${w.project.id}?expand=all`, w.partner.member.auth).expect(400);
    });
  });

  describe('PATCH /api/projects/:id', () => {
    it('lets coordinator admins edit, bumps the version and logs project.updated', async () => {
      const project = await makeProject(t, w.coordinator.admin, w.coordinator.id);
      const response = await t
        .http()
        .patch(`/api/projects/${project.id}`)
        .set('Authorization', w.coordinator.admin.auth)
        .send({ title: 'Fête renommée', status: 'active', startDate: '2026-07-01T10:00:00Z', version: 1 })
        .expect(200);
      expect(response.body).toMatchObject({ title: 'Fête renommée', status: 'active', startDate: '2026-07-01T10:00:00.000Z', version: 2 });
      const [last] = (await get(`/api/projects/${project.id}/activity?after=1`, w.coordinator.admin.auth).expect(200)).body.items;
      expect(last).toMatchObject({ seq: 2, type: 'project.updated', actorId: w.coordinator.admin.id, data: { project: { title: 'Fête renommée' } } });
    });

    it('answers 409 with the current project on a stale version, and only one of racing versioned writes wins', async () => {
      const project = await makeProject(t, w.coordinator.admin, w.coordinator.id);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          t
            .http()
            .patch(`/api/projects/${project.id}`)
            .set('Authorization', w.coordinator.admin.auth)
            .send({ title: `Titre ${i}`, version: 1 }),
        ),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      const losers = results.filter((r) => r.status === 409);
      expect(losers).toHaveLength(7);
      expect(losers[0].body.current).toMatchObject({ id: project.id, version: 2 });
      expect(await activityTypes(project.id)).toEqual(['project.created', 'project.updated']);
    });

    it('makes an archived project read-only until it is reopened', async () => {
      const project = await makeProject(t, w.coordinator.admin, w.coordinator.id);
      const patch = (body: Record<string, unknown>) => t.http().patch(`/api/projects/${project.id}`).set('Authorization', w.coordinator.admin.auth).send(body);
      await patch({ status: 'archived' }).expect(200);
      const refused = await patch({ title: 'Interdit' }).expect(409);
      expect(refused.body.code).toBe('project_archived');
      await t.http().put(`/api/projects/${project.id}/charter`).set('Authorization', w.coordinator.admin.auth).send({ text: 'Nouveau' }).expect(409);
      await invite(t, w.coordinator.admin, project.id, w.outsiderAssociationId).expect(409);
      await patch({ status: 'active' }).expect(200);
      await patch({ title: 'Permis' }).expect(200);
    });

    it('answers 400 on bad fields', async () => {
      const patch = (body: Record<string, unknown>) =>
        t.http().patch(`/api/projects/${w.project.id}`).set('Authorization', w.coordinator.admin.auth).send(body).expect(400);
      expect((await patch({ status: 'paused' })).body.errors[0].field).toBe('status');
      expect((await patch({ title: '' })).body.errors[0].field).toBe('title');
      expect((await patch({ coordinatorAssociationId: w.partner.id })).body.errors[0].field).toBe('coordinatorAssociationId');
      expect((await patch({ version: 'two' })).body.errors[0].field).toBe('version');
    });

    it('answers 401, 403 to partner admins and coordinator members, 404 to outsiders', async () => {
      await t.http().patch(`/api/projects/${w.project.id}`).send({ title: 'x' }).expect(401);
      await t.http().patch(`/api/projects/${w.project.id}`).set('Authorization', w.partner.admin.auth).send({ title: 'x' }).expect(403);
      await t.http().patch(`/api/projects/${w.project.id}`).set('Authorization', w.coordinator.member.auth).send({ title: 'x' }).expect(403);
      await t.http().patch(`/api/projects/${w.project.id}`).set('Authorization', w.outsider.auth).send({ title: 'x' }).expect(404);
      await t.http().patch(`/api/projects/${w.project.id}`).set('Authorization', w.invited.admin.auth).send({ title: 'x' }).expect(404);
    });
  });

  describe('POST /api/projects/:id/coordinator', () => {
    it('hands the coordinator role to an active partner', async () => {
      const world = await makeWorld(t);
      const response = await t
        .http()
        .post(`/api/projects/${world.project.id}/coordinator`)
        .set('Authorization', world.coordinator.admin.auth)
        .send({ associationId: world.partner.id })
        .expect(200);
      expect(response.body).toMatchObject({ coordinatorAssociationId: world.partner.id, coordinator: { id: world.partner.id } });
      // The former coordinator is an ordinary partner now, the new one manages.
      await t.http().patch(`/api/projects/${world.project.id}`).set('Authorization', world.coordinator.admin.auth).send({ title: 'x' }).expect(403);
      await t
        .http()
        .patch(`/api/projects/${world.project.id}`)
        .set('Authorization', world.partner.admin.auth)
        .send({ title: 'Nouveau chef de file' })
        .expect(200);
      await partnerAction(t, world.coordinator.admin, world.project.id, world.coordinator.id, 'leave').expect(200);
      expect((await activityTypes(world.project.id)).includes('coordinator.changed')).toBe(true);
    });

    it('never leaves the project led by a partner that left while the role was handed to it', async () => {
      for (let round = 0; round < 4; round++) {
        const world = await makeWorld(t);
        const [handoff, leave] = await Promise.all([
          t
            .http()
            .post(`/api/projects/${world.project.id}/coordinator`)
            .set('Authorization', world.coordinator.admin.auth)
            .send({ associationId: world.partner.id }),
          partnerAction(t, world.partner.admin, world.project.id, world.partner.id, 'leave'),
        ]);
        expect([handoff.status, leave.status]).not.toEqual([200, 200]);
        const project = await t.db.collection('projects').findOne({ _id: new Types.ObjectId(world.project.id) });
        const coordinator = await t.db.collection('partners').findOne({ projectId: project?._id, associationId: project?.coordinatorAssociationId });
        expect(coordinator?.status).toBe('active');
      }
    });

    it('answers 409 when the target is not an active partner', async () => {
      const invited = await t
        .http()
        .post(`/api/projects/${w.project.id}/coordinator`)
        .set('Authorization', w.coordinator.admin.auth)
        .send({ associationId: w.invited.id })
        .expect(409);
      expect(invited.body.current).toMatchObject({ associationId: w.invited.id, status: 'invited' });
      await t
        .http()
        .post(`/api/projects/${w.project.id}/coordinator`)
        .set('Authorization', w.coordinator.admin.auth)
        .send({ associationId: w.outsiderAssociationId })
        .expect(409);
    });

    it('answers 400, 401, 403 and 404', async () => {
      const post = (auth: string | undefined, body: Record<string, unknown>) => {
        const req = t.http().post(`/api/projects/${w.project.id}/coordinator`);
        return (auth ? req.set('Authorization', auth) : req).send(body);
      };
      await post(w.coordinator.admin.auth, { associationId: 'x' }).expect(400);
      await post(undefined, { associationId: w.partner.id }).expect(401);
      await post(w.partner.admin.auth, { associationId: w.partner.id }).expect(403);
      await post(w.outsider.auth, { associationId: w.partner.id }).expect(404);
    });
  });

  describe('POST /api/projects/:id/partners', () => {
    it('invites an association, once', async () => {
      const world = await makeWorld(t);
      const response = await invite(t, world.coordinator.admin, world.project.id, world.outsiderAssociationId, 'Rejoignez-nous !').expect(201);
      expect(response.body).toMatchObject({
        associationId: world.outsiderAssociationId,
        status: 'invited',
        message: 'Rejoignez-nous !',
        invitedBy: world.coordinator.admin.id,
      });
      const again = await invite(t, world.coordinator.admin, world.project.id, world.outsiderAssociationId).expect(409);
      expect(again.body.current).toMatchObject({ associationId: world.outsiderAssociationId, status: 'invited' });
      await invite(t, world.coordinator.admin, world.project.id, world.partner.id).expect(409);
      expect((await activityTypes(world.project.id)).filter((type) => type === 'partner.invited')).toHaveLength(3);
    });

    it('lets exactly one of racing invitations of the same association win', async () => {
      const world = await makeWorld(t);
      const results = await Promise.all(Array.from({ length: 8 }, () => invite(t, world.coordinator.admin, world.project.id, world.outsiderAssociationId)));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(7);
      expect(
        await t.db
          .collection('partners')
          .countDocuments({ projectId: new Types.ObjectId(world.project.id), associationId: new Types.ObjectId(world.outsiderAssociationId) }),
      ).toBe(1);
    });

    it('invites again, in the same document, after a decline', async () => {
      const world = await makeWorld(t);
      const first = await invite(t, world.coordinator.admin, world.project.id, world.outsiderAssociationId).expect(201);
      await partnerAction(t, world.outsider, world.project.id, world.outsiderAssociationId, 'decline').expect(200);
      const again = await invite(t, world.coordinator.admin, world.project.id, world.outsiderAssociationId, 'Et maintenant ?').expect(201);
      expect(again.body).toMatchObject({ id: first.body.id, status: 'invited', message: 'Et maintenant ?' });
      expect(again.body.version).toBe(first.body.version + 2);
    });

    it('answers 404 for an unknown association', async () => {
      await invite(t, w.coordinator.admin, w.project.id, missingId()).expect(404);
    });

    it('answers 400, 401, 403 and 404', async () => {
      await t.http().post(`/api/projects/${w.project.id}/partners`).set('Authorization', w.coordinator.admin.auth).send({ associationId: 'x' }).expect(400);
      await t
        .http()
        .post(`/api/projects/${w.project.id}/partners`)
        .set('Authorization', w.coordinator.admin.auth)
        .send({ associationId: w.outsiderAssociationId, role: 'x' })
        .expect(400);
      await t.http().post(`/api/projects/${w.project.id}/partners`).send({ associationId: w.outsiderAssociationId }).expect(401);
      await invite(t, w.coordinator.member, w.project.id, w.outsiderAssociationId).expect(403);
      await invite(t, w.partner.admin, w.project.id, w.outsiderAssociationId).expect(403);
      await invite(t, w.outsider, w.project.id, w.outsiderAssociationId).expect(404);
    });
  });

  describe('GET /api/projects/:id/partners', () => {
    it('lists every partner with its name and whether it signed the current charter', async () => {
      const response = await get(`/api/projects/${w.project.id}/partners`, w.partner.member.auth).expect(200);
      expect(response.body.nextCursor).toBeNull();
      const byId = Object.fromEntries(response.body.items.map((p: { associationId: string }) => [p.associationId, p]));
      expect(byId[w.partner.id]).toMatchObject({ associationName: w.partner.name, status: 'active', signedCurrentCharter: true });
      expect(byId[w.invited.id]).toMatchObject({ associationName: w.invited.name, status: 'invited', signedCurrentCharter: false });
    });

    it('pages', async () => {
      const page1 = await get(`/api/projects/${w.project.id}/partners?limit=1`, w.partner.member.auth).expect(200);
      expect(page1.body.items).toHaveLength(1);
      const page2 = await get(`/api/projects/${w.project.id}/partners?limit=1&cursor=${page1.body.nextCursor}`, w.partner.member.auth).expect(200);
      expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    });

    it('is open to admins of an invited association', async () => {
      await get(`/api/projects/${w.project.id}/partners`, w.invited.admin.auth).expect(200);
    });

    it('answers 400, 401 and 404', async () => {
      await get(`/api/projects/${w.project.id}/partners?status=active`, w.partner.member.auth).expect(400);
      await get(`/api/projects/${w.project.id}/partners`).expect(401);
      await get(`/api/projects/${w.project.id}/partners`, w.outsider.auth).expect(404);
      await get(`/api/projects/${w.project.id}/partners`, w.invited.member.auth).expect(404);
    });
  });

  describe('POST /api/projects/:id/partners/:associationId/accept', () => {
    it('makes the invited partner active with its signature of the current version', async () => {
      const world = await makeWorld(t);
      const response = await partnerAction(t, world.invited.admin, world.project.id, world.invited.id, 'accept', { charterVersion: 1 }).expect(200);
      expect(response.body).toMatchObject({ associationId: world.invited.id, status: 'active', signedCurrentCharter: true, joinedAt: expect.any(String) });
      const signature = await t.db
        .collection('charter_signatures')
        .findOne({ projectId: new Types.ObjectId(world.project.id), associationId: new Types.ObjectId(world.invited.id) });
      expect(String(signature?.signedBy)).toBe(world.invited.admin.id);
      await get(`/api/projects/${world.project.id}/activity`, world.invited.member.auth).expect(200);
      const again = await partnerAction(t, world.invited.admin, world.project.id, world.invited.id, 'accept', { charterVersion: 1 }).expect(409);
      expect(again.body.current).toMatchObject({ status: 'active' });
    });

    it('answers 409 for a charter version that is not the current one', async () => {
      const world = await makeWorld(t);
      await t
        .http()
        .put(`/api/projects/${world.project.id}/charter`)
        .set('Authorization', world.coordinator.admin.auth)
        .send({ text: 'Version 2' })
        .expect(200);
      const stale = await partnerAction(t, world.invited.admin, world.project.id, world.invited.id, 'accept', { charterVersion: 1 }).expect(409);
      expect(stale.body.current).toMatchObject({ version: 2 });
      await partnerAction(t, world.invited.admin, world.project.id, world.invited.id, 'accept', { charterVersion: 2 }).expect(200);
    });

    it('lets one of racing accepts and declines win, with one activity', async () => {
      const world = await makeWorld(t);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          i % 2
            ? partnerAction(t, world.invited.admin, world.project.id, world.invited.id, 'decline')
            : partnerAction(t, world.invited.admin, world.project.id, world.invited.id, 'accept', { charterVersion: 1 }),
        ),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(9);
      const answers = (await activityTypes(world.project.id)).filter((type) => type === 'partner.joined' || type === 'partner.declined');
      expect(answers).toHaveLength(2); // the partner's own join in makeWorld, and this one
      expect(await storedSeqs(t, world.project.id)).toEqual(Array.from({ length: (await storedSeqs(t, world.project.id)).length }, (_, i) => i + 1));
    });

    it('answers 400, 401, 403 and 404', async () => {
      const path = `/api/projects/${w.project.id}/partners/${w.invited.id}/accept`;
      await t.http().post(path).set('Authorization', w.invited.admin.auth).send({}).expect(400);
      await t.http().post(path).set('Authorization', w.invited.admin.auth).send({ charterVersion: 'v1' }).expect(400);
      await t.http().post(path).send({ charterVersion: 1 }).expect(401);
      await t.http().post(path).set('Authorization', w.coordinator.admin.auth).send({ charterVersion: 1 }).expect(403);
      await t.http().post(path).set('Authorization', w.invited.member.auth).send({ charterVersion: 1 }).expect(404);
      await t.http().post(path).set('Authorization', w.outsider.auth).send({ charterVersion: 1 }).expect(404);
    });
  });

  describe('POST /api/projects/:id/partners/:associationId/decline', () => {
    it('declines an invitation, once', async () => {
      const world = await makeWorld(t);
      const response = await partnerAction(t, world.invited.admin, world.project.id, world.invited.id, 'decline').expect(200);
      expect(response.body).toMatchObject({ status: 'declined' });
      await get(`/api/projects/${world.project.id}`, world.invited.admin.auth).expect(404);
      const again = await partnerAction(t, world.partner.admin, world.project.id, world.partner.id, 'decline').expect(409);
      expect(again.body.current).toMatchObject({ status: 'active' });
      expect(await activityTypes(world.project.id)).toContain('partner.declined');
    });

    it('answers 400, 401, 403 and 404', async () => {
      const path = `/api/projects/${w.project.id}/partners/${w.invited.id}/decline`;
      await t.http().post(path).set('Authorization', w.invited.admin.auth).send({ reason: 'x' }).expect(400);
      await t.http().post(path).expect(401);
      await t.http().post(path).set('Authorization', w.coordinator.admin.auth).expect(403);
      await t.http().post(path).set('Authorization', w.outsider.auth).expect(404);
    });
  });

  describe('POST /api/projects/:id/partners/:associationId/leave', () => {
    it('takes an active partner out; its members lose access at once; it may be invited again', async () => {
      const world = await makeWorld(t);
      const response = await partnerAction(t, world.partner.admin, world.project.id, world.partner.id, 'leave').expect(200);
      expect(response.body).toMatchObject({ status: 'left' });
      await get(`/api/projects/${world.project.id}`, world.partner.member.auth).expect(404);
      await get(`/api/projects/${world.project.id}/messages`, world.partner.member.auth).expect(404);
      const again = await invite(t, world.coordinator.admin, world.project.id, world.partner.id).expect(201);
      expect(again.body).toMatchObject({ id: response.body.id, status: 'invited' });
    });

    it('answers 409 to the coordinator and to a partner that is not active', async () => {
      const coordinator = await partnerAction(t, w.coordinator.admin, w.project.id, w.coordinator.id, 'leave').expect(409);
      expect(coordinator.body.current).toMatchObject({ associationId: w.coordinator.id, status: 'active', isCoordinator: true });
    });

    it('answers 400, 401, 403 and 404', async () => {
      const path = `/api/projects/${w.project.id}/partners/${w.partner.id}/leave`;
      await t.http().post(path).set('Authorization', w.partner.admin.auth).send({ now: true }).expect(400);
      await t.http().post(path).expect(401);
      await t.http().post(path).set('Authorization', w.partner.member.auth).expect(403);
      await t.http().post(path).set('Authorization', w.coordinator.admin.auth).expect(403);
      await t.http().post(path).set('Authorization', w.outsider.auth).expect(404);
    });
  });

  describe('DELETE /api/projects/:id/partners/:associationId', () => {
    it('removes a partner, which stays listed as removed and whose members get 404 on the next request', async () => {
      const world = await makeWorld(t);
      await get(`/api/projects/${world.project.id}/activity`, world.partner.member.auth).expect(200);
      await t.http().delete(`/api/projects/${world.project.id}/partners/${world.partner.id}`).set('Authorization', world.coordinator.admin.auth).expect(204);
      await get(`/api/projects/${world.project.id}`, world.partner.member.auth).expect(404);
      await get(`/api/projects/${world.project.id}/activity`, world.partner.member.auth).expect(404);
      await get(`/api/projects/${world.project.id}/charter`, world.partner.admin.auth).expect(404);
      const partners = await get(`/api/projects/${world.project.id}/partners`, world.coordinator.member.auth).expect(200);
      expect(partners.body.items.find((p: { associationId: string }) => p.associationId === world.partner.id)).toMatchObject({ status: 'removed' });
      // An invitation can be withdrawn too.
      await t.http().delete(`/api/projects/${world.project.id}/partners/${world.invited.id}`).set('Authorization', world.coordinator.admin.auth).expect(204);
      await get(`/api/projects/${world.project.id}`, world.invited.admin.auth).expect(404);
      const again = await t
        .http()
        .delete(`/api/projects/${world.project.id}/partners/${world.partner.id}`)
        .set('Authorization', world.coordinator.admin.auth)
        .expect(409);
      expect(again.body.current).toMatchObject({ status: 'removed' });
      expect((await activityTypes(world.project.id)).filter((type) => type === 'partner.removed')).toHaveLength(2);
    });

    it('answers 409 for the coordinator', async () => {
      const response = await t
        .http()
        .delete(`/api/projects/${w.project.id}/partners/${w.coordinator.id}`)
        .set('Authorization', w.coordinator.admin.auth)
        .expect(409);
      expect(response.body.current).toMatchObject({ associationId: w.coordinator.id, status: 'active' });
    });

    it('answers 400, 401, 403 and 404', async () => {
      const path = `/api/projects/${w.project.id}/partners/${w.partner.id}`;
      await t.http().delete(path).set('Authorization', w.coordinator.admin.auth).send({ why: 'x' }).expect(400);
      await t.http().delete(path).expect(401);
      await t.http().delete(path).set('Authorization', w.partner.admin.auth).expect(403);
      await t.http().delete(path).set('Authorization', w.outsider.auth).expect(404);
      await t.http().delete(`/api/projects/${w.project.id}/partners/${missingId()}`).set('Authorization', w.coordinator.admin.auth).expect(404);
    });
  });

  describe('GET /api/projects/:id/charter', () => {
    it('shows the charter, its signatures and who has not signed, also to invited admins', async () => {
      for (const user of [w.partner.member, w.invited.admin]) {
        const response = await get(`/api/projects/${w.project.id}/charter`, user.auth).expect(200);
        expect(response.body).toMatchObject({ version: 1, text: expect.stringContaining('Charte'), updatedAt: expect.any(String), unsigned: [] });
        expect(response.body.signatures).toEqual(
          expect.arrayContaining([
            { associationId: w.coordinator.id, version: 1, signedBy: w.coordinator.admin.id, signedAt: expect.any(String) },
            { associationId: w.partner.id, version: 1, signedBy: w.partner.admin.id, signedAt: expect.any(String) },
          ]),
        );
      }
    });

    it('answers 401 and 404', async () => {
      await get(`/api/projects/${w.project.id}/charter`).expect(401);
      await get(`/api/projects/${w.project.id}/charter`, w.outsider.auth).expect(404);
      await get(`/api/projects/${w.project.id}/charter`, w.invited.member.auth).expect(404);
      await get(`/api/projects/${w.project.id}/charter?lang=fr`, w.partner.member.auth).expect(400);
    });
  });

  describe('PUT /api/projects/:id/charter', () => {
    it('makes the next version, signed by the coordinator; partners stay active and are unsigned until they sign', async () => {
      const world = await makeWorld(t);
      const response = await t
        .http()
        .put(`/api/projects/${world.project.id}/charter`)
        .set('Authorization', world.coordinator.admin.auth)
        .send({ text: 'Charte v2 : on partage les clés du local.', version: 1 })
        .expect(200);
      expect(response.body).toMatchObject({ version: 2, text: 'Charte v2 : on partage les clés du local.', unsigned: [world.partner.id] });
      expect(response.body.signatures).toEqual(
        expect.arrayContaining([expect.objectContaining({ associationId: world.coordinator.id, version: 2, signedBy: world.coordinator.admin.id })]),
      );
      const partners = await get(`/api/projects/${world.project.id}/partners`, world.partner.member.auth).expect(200);
      expect(partners.body.items.find((p: { associationId: string }) => p.associationId === world.partner.id)).toMatchObject({
        status: 'active',
        signedCurrentCharter: false,
        signedVersion: 1,
      });
      const project = await get(`/api/projects/${world.project.id}`, world.partner.member.auth).expect(200);
      expect(project.body.charter.version).toBe(2);

      const signed = await t
        .http()
        .post(`/api/projects/${world.project.id}/charter/sign`)
        .set('Authorization', world.partner.admin.auth)
        .send({ associationId: world.partner.id, version: 2 })
        .expect(200);
      expect(signed.body.unsigned).toEqual([]);
      const types = await activityTypes(world.project.id);
      expect(types.slice(-2)).toEqual(['charter.updated', 'charter.signed']);
    });

    it('lets one of racing editors of the same version win; the others get 409 with the current charter', async () => {
      const world = await makeWorld(t);
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          t
            .http()
            .put(`/api/projects/${world.project.id}/charter`)
            .set('Authorization', world.coordinator.admin.auth)
            .send({ text: `Texte ${i}`, version: 1 }),
        ),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      const losers = results.filter((r) => r.status === 409);
      expect(losers).toHaveLength(5);
      expect(losers[0].body.current).toMatchObject({ version: 2 });
      expect((await activityTypes(world.project.id)).filter((type) => type === 'charter.updated')).toHaveLength(1);
    });

    it('answers 400, 401, 403 and 404', async () => {
      const put = (auth: string | undefined, body: Record<string, unknown>) => {
        const req = t.http().put(`/api/projects/${w.project.id}/charter`);
        return (auth ? req.set('Authorization', auth) : req).send(body);
      };
      expect((await put(w.coordinator.admin.auth, { text: '' }).expect(400)).body.errors[0].field).toBe('text');
      await put(w.coordinator.admin.auth, { text: 'x', signed: true }).expect(400);
      await put(undefined, { text: 'x' }).expect(401);
      await put(w.partner.admin.auth, { text: 'x' }).expect(403);
      await put(w.invited.admin.auth, { text: 'x' }).expect(404);
      await put(w.outsider.auth, { text: 'x' }).expect(404);
    });
  });

  describe('POST /api/projects/:id/charter/sign', () => {
    it('makes an invited partner active, as accept does', async () => {
      const world = await makeWorld(t);
      const response = await t
        .http()
        .post(`/api/projects/${world.project.id}/charter/sign`)
        .set('Authorization', world.invited.admin.auth)
        .send({ associationId: world.invited.id, version: 1 })
        .expect(200);
      expect(response.body.signatures).toEqual(expect.arrayContaining([expect.objectContaining({ associationId: world.invited.id, version: 1 })]));
      const partners = await get(`/api/projects/${world.project.id}/partners`, world.invited.member.auth).expect(200);
      expect(partners.body.items.find((p: { associationId: string }) => p.associationId === world.invited.id)).toMatchObject({ status: 'active' });
      // Signing again changes nothing and logs nothing.
      const before = await storedSeqs(t, world.project.id);
      await t
        .http()
        .post(`/api/projects/${world.project.id}/charter/sign`)
        .set('Authorization', world.invited.admin.auth)
        .send({ associationId: world.invited.id, version: 1 })
        .expect(200);
      expect(await storedSeqs(t, world.project.id)).toEqual(before);
    });

    it('answers 409 for an old version, and for a partner that is neither invited nor active', async () => {
      const world = await makeWorld(t);
      await t.http().put(`/api/projects/${world.project.id}/charter`).set('Authorization', world.coordinator.admin.auth).send({ text: 'v2' }).expect(200);
      const stale = await t
        .http()
        .post(`/api/projects/${world.project.id}/charter/sign`)
        .set('Authorization', world.partner.admin.auth)
        .send({ associationId: world.partner.id, version: 1 })
        .expect(409);
      expect(stale.body.current).toMatchObject({ version: 2, unsigned: [world.partner.id] });
      await partnerAction(t, world.invited.admin, world.project.id, world.invited.id, 'decline').expect(200);
      await invite(t, world.coordinator.admin, world.project.id, world.outsiderAssociationId).expect(201);
      await partnerAction(t, world.outsider, world.project.id, world.outsiderAssociationId, 'decline').expect(200);
      // The outsider's association is declined: the outsider no longer sees the project at all.
      await t
        .http()
        .post(`/api/projects/${world.project.id}/charter/sign`)
        .set('Authorization', world.outsider.auth)
        .send({ associationId: world.outsiderAssociationId, version: 2 })
        .expect(404);
    });

    it('answers 400, 401, 403 and 404', async () => {
      const sign = (auth: string | undefined, body: Record<string, unknown>) => {
        const req = t.http().post(`/api/projects/${w.project.id}/charter/sign`);
        return (auth ? req.set('Authorization', auth) : req).send(body);
      };
      await sign(w.partner.admin.auth, { associationId: w.partner.id }).expect(400);
      await sign(w.partner.admin.auth, { associationId: 'x', version: 1 }).expect(400);
      await sign(undefined, { associationId: w.partner.id, version: 1 }).expect(401);
      await sign(w.partner.member.auth, { associationId: w.partner.id, version: 1 }).expect(403);
      await sign(w.coordinator.admin.auth, { associationId: w.partner.id, version: 1 }).expect(403);
      await sign(w.outsider.auth, { associationId: w.outsiderAssociationId, version: 1 }).expect(404);
    });
  });

  describe('account erasure', () => {
    it('keeps signatures and projects but forgets who signed or created them', async () => {
      const side = await makeSide(t, 'Association éphémère');
      const coordinatorAdmin = await makeUser(t);
      const coordinatorAssociation = await makeAssociation(t, coordinatorAdmin);
      const project = await makeProject(t, coordinatorAdmin, coordinatorAssociation.id);
      await addPartner(t, coordinatorAdmin, project.id, side.admin, side.id);
      // The last admin of an association cannot leave it: promote the member first.
      await t.http().patch(`/api/associations/${side.id}/members/${side.member.id}`).set('Authorization', side.admin.auth).send({ role: 'admin' }).expect(200);
      const exported = await get('/api/me/export', side.admin.auth).expect(200);
      expect(exported.body.projects.charterSignatures).toEqual([expect.objectContaining({ projectId: project.id, associationId: side.id, version: 1 })]);
      await t.http().delete('/api/me').set('Authorization', side.admin.auth).expect(204);
      const signatures = await t.db
        .collection('charter_signatures')
        .find({ associationId: new Types.ObjectId(side.id) })
        .toArray();
      expect(signatures).toHaveLength(1);
      expect(signatures[0].signedBy).toBeNull();
      const joined = await t.db.collection('activities').findOne({ projectId: new Types.ObjectId(project.id), type: 'partner.joined' });
      expect(joined?.actorId).toBeNull();
      expect(joined?.data.signature.signedBy).toBeNull();
      expect(
        JSON.stringify(
          await t.db
            .collection('activities')
            .find({ projectId: new Types.ObjectId(project.id) })
            .toArray(),
        ),
      ).not.toContain(side.admin.id);
    });
  });
});
