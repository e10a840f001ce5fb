import { Types } from 'mongoose';
import { addMember, makeUser, TestUser } from './factories';
import { makeWorld, ProjectWorld, sendMessage } from './factories/projects';
import { useTestApp } from './setup/hooks';
import { TestApp } from './setup/test-app';

describe('Chat over REST (e2e)', () => {
  let t: TestApp;
  let w: ProjectWorld;
  useTestApp(async (app) => {
    t = app;
    w = await makeWorld(t);
  });

  const list = (projectId: string, user: TestUser | undefined, query = '') => {
    const req = t.http().get(`/api/projects/${projectId}/messages${query}`);
    return user ? req.set('Authorization', user.auth) : req;
  };
  const messageActivities = (projectId: string) =>
    t.db.collection('activities').countDocuments({ projectId: new Types.ObjectId(projectId), type: 'message.created' });

  describe('POST /api/projects/:id/messages', () => {
    it('stores the message (201) and logs message.created carrying it', async () => {
      const response = await sendMessage(t, w.partner.member, w.project.id, 'Bonjour à tous !', 'c-hello').expect(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        projectId: w.project.id,
        authorId: w.partner.member.id,
        authorName: w.partner.member.displayName,
        body: 'Bonjour à tous !',
        clientMessageId: 'c-hello',
        createdAt: expect.any(String),
      });
      const activity = await t.db
        .collection('activities')
        .findOne({ projectId: new Types.ObjectId(w.project.id), type: 'message.created', 'data.message.id': response.body.id });
      expect(activity).toMatchObject({ actorId: new Types.ObjectId(w.partner.member.id), data: { message: { body: 'Bonjour à tous !' } } });
    });

    it('answers 200 with the stored message when the same clientMessageId comes again', async () => {
      const first = await sendMessage(t, w.coordinator.member, w.project.id, 'Une fois', 'c-retry').expect(201);
      const again = await sendMessage(t, w.coordinator.member, w.project.id, 'Une fois', 'c-retry').expect(200);
      expect(again.body).toEqual(first.body);
      // Another author may use the same clientMessageId: ids are per author.
      await sendMessage(t, w.partner.admin, w.project.id, 'Moi aussi', 'c-retry').expect(201);
    });

    it('stores exactly one message and one activity out of 10 racing identical posts', async () => {
      const before = await messageActivities(w.project.id);
      const results = await Promise.all(Array.from({ length: 10 }, () => sendMessage(t, w.partner.admin, w.project.id, 'En double ?', 'c-race')));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 200)).toHaveLength(9);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect(await t.db.collection('messages').countDocuments({ projectId: new Types.ObjectId(w.project.id), clientMessageId: 'c-race' })).toBe(1);
      expect(await messageActivities(w.project.id)).toBe(before + 1);
    });

    it('answers 400 on a missing, blank or too long body, and unknown fields', async () => {
      const post = (body: Record<string, unknown>) =>
        t.http().post(`/api/projects/${w.project.id}/messages`).set('Authorization', w.partner.member.auth).send(body).expect(400);
      expect((await post({ clientMessageId: 'x' })).body.errors[0].field).toBe('body');
      expect((await post({ body: '   ', clientMessageId: 'x' })).body.errors[0].field).toBe('body');
      expect((await post({ body: 'a'.repeat(4001), clientMessageId: 'x' })).body.errors[0].field).toBe('body');
      expect((await post({ body: 'ok' })).body.errors[0].field).toBe('clientMessageId');
      expect((await post({ body: 'ok', clientMessageId: 'x', authorId: w.coordinator.admin.id })).body.errors[0].field).toBe('authorId');
      await sendMessage(t, w.partner.member, w.project.id, 'a'.repeat(4000), 'c-longest').expect(201);
    });

    it('answers 401 without a token', async () => {
      await t.http().post(`/api/projects/${w.project.id}/messages`).send({ body: 'x', clientMessageId: 'x' }).expect(401);
    });

    it('answers 404 to outsiders and to admins of an invited association', async () => {
      await sendMessage(t, w.outsider, w.project.id, 'Coucou', 'c-out').expect(404);
      await sendMessage(t, w.invited.admin, w.project.id, 'Coucou', 'c-inv').expect(404);
    });

    it('answers 409 on an archived project', async () => {
      const world = await makeWorld(t);
      await t.http().patch(`/api/projects/${world.project.id}`).set('Authorization', world.coordinator.admin.auth).send({ status: 'archived' }).expect(200);
      const response = await sendMessage(t, world.partner.member, world.project.id, 'Trop tard', 'c-late').expect(409);
      expect(response.body.code).toBe('project_archived');
    });
  });

  describe('GET /api/projects/:id/messages', () => {
    let world: ProjectWorld;
    let ids: string[];

    beforeAll(async () => {
      world = await makeWorld(t);
      ids = [];
      for (let i = 0; i < 5; i++)
        ids.push(
          (await sendMessage(t, i % 2 ? world.partner.member : world.coordinator.member, world.project.id, `Message ${i}`, `m-${i}`).expect(201)).body.id,
        );
    });

    it('lists newest first with author names', async () => {
      const response = await list(world.project.id, world.partner.admin).expect(200);
      expect(response.body.items.map((m: { id: string }) => m.id)).toEqual([...ids].reverse());
      expect(response.body.items[0]).toMatchObject({
        body: 'Message 4',
        authorId: world.coordinator.member.id,
        authorName: world.coordinator.member.displayName,
      });
      expect(response.body.nextCursor).toBeNull();
    });

    it('pages backwards with nextCursor, `before` a message id or an ISO date', async () => {
      const page1 = await list(world.project.id, world.partner.admin, '?limit=2').expect(200);
      expect(page1.body.items.map((m: { id: string }) => m.id)).toEqual([ids[4], ids[3]]);
      const page2 = await list(world.project.id, world.partner.admin, `?limit=2&before=${page1.body.nextCursor}`).expect(200);
      expect(page2.body.items.map((m: { id: string }) => m.id)).toEqual([ids[2], ids[1]]);
      const page3 = await list(world.project.id, world.partner.admin, `?limit=2&cursor=${page2.body.nextCursor}`).expect(200);
      expect(page3.body.items.map((m: { id: string }) => m.id)).toEqual([ids[0]]);
      expect(page3.body.nextCursor).toBeNull();
      const future = await list(world.project.id, world.partner.admin, `?before=${encodeURIComponent('2999-01-01T00:00:00Z')}`).expect(200);
      expect(future.body.items).toHaveLength(5);
      const past = await list(world.project.id, world.partner.admin, '?before=2000-01-01T00:00:00Z').expect(200);
      expect(past.body.items).toHaveLength(0);
    });

    it('answers 400 on bad parameters', async () => {
      await list(world.project.id, world.partner.admin, '?before=yesterday').expect(400);
      await list(world.project.id, world.partner.admin, `?before=${new Types.ObjectId().toHexString()}`).expect(400);
      await list(world.project.id, world.partner.admin, '?limit=0').expect(400);
      await list(world.project.id, world.partner.admin, '?after=1').expect(400);
    });

    it('answers 401 without a token', async () => {
      await list(world.project.id, undefined).expect(401);
    });

    it('answers 404 to outsiders, invited admins, and members of a removed partner', async () => {
      await list(world.project.id, world.outsider).expect(404);
      await list(world.project.id, world.invited.admin).expect(404);
      await t.http().delete(`/api/projects/${world.project.id}/partners/${world.partner.id}`).set('Authorization', world.coordinator.admin.auth).expect(204);
      await list(world.project.id, world.partner.member).expect(404);
      await sendMessage(t, world.partner.member, world.project.id, 'Encore là ?', 'm-after').expect(404);
    });
  });

  describe('account export and erasure', () => {
    it('exports my messages, then keeps them anonymous after erasure', async () => {
      const author = await makeUser(t, { displayName: 'Bientôt parti' });
      await addMember(t, w.partner.admin, w.partner.id, author);
      const sent = await sendMessage(t, author, w.project.id, 'Au revoir', 'c-bye').expect(201);
      const exported = await t.http().get('/api/me/export').set('Authorization', author.auth).expect(200);
      expect(exported.body.messages).toEqual([expect.objectContaining({ id: sent.body.id, body: 'Au revoir', projectId: w.project.id })]);
      await t.http().delete('/api/me').set('Authorization', author.auth).expect(204);
      const page = await list(w.project.id, w.partner.admin, '?limit=200').expect(200);
      expect(page.body.items.find((m: { id: string }) => m.id === sent.body.id)).toMatchObject({
        authorId: null,
        authorName: 'Compte supprimé',
        body: 'Au revoir',
      });
      const activity = await t.db.collection('activities').findOne({ 'data.message.id': sent.body.id });
      expect(activity?.actorId).toBeNull();
      expect(activity?.data.message).toMatchObject({ authorId: null, authorName: 'Compte supprimé', body: 'Au revoir' });
    });
  });
});
