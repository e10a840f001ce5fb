import type { NotificationView } from '@maillage/contract';
import { makeRemovedSide, makeWorld, ProjectWorld, TestSide } from './factories/projects';
import { connect, request } from './factories/realtime';
import { makeTask } from './factories/tasks';
import { TestUser } from './factories';
import { useTestApp } from './setup/hooks';
import { TestApp } from './setup/test-app';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Mentions (e2e)', () => {
  let t: TestApp;
  let world: ProjectWorld;
  let removed: TestSide;

  useTestApp({ NOTIFICATION_TICK_SECONDS: '0' }, async (app) => {
    t = app;
    world = await makeWorld(t);
    removed = await makeRemovedSide(t, world, 'Ancien partenaire');
  });

  const mentionsOf = async (user: TestUser): Promise<NotificationView[]> =>
    (await t.http().get('/api/notifications').set('Authorization', user.auth).expect(200)).body.items.filter(
      (item: NotificationView) => item.kind === 'mention',
    );
  const everyone = () => [world.coordinator, world.partner, world.invited, removed].flatMap((side) => [side.admin, side.member]).concat(world.outsider);
  const post = (user: TestUser, body: Record<string, unknown>) =>
    t
      .http()
      .post(`/api/projects/${world.project.id}/messages`)
      .set('Authorization', user.auth)
      .send({ clientMessageId: `c-${Math.random()}`, ...body });

  describe('POST /api/projects/:id/messages with mentions', () => {
    it('stores them and notifies the person and every member of the mentioned association, nobody else', async () => {
      const sent = await post(world.coordinator.admin, {
        body: '@Club de foot et @Bénévole : qui apporte les plots ?',
        mentions: { userIds: [world.coordinator.member.id], associationIds: [world.partner.id] },
      }).expect(201);
      expect(sent.body.mentions).toEqual({ userIds: [world.coordinator.member.id], associationIds: [world.partner.id] });
      const listed = await t.http().get(`/api/projects/${world.project.id}/messages`).set('Authorization', world.partner.member.auth).expect(200);
      expect(listed.body.items[0].mentions).toEqual(sent.body.mentions);

      const reached = [world.coordinator.member, world.partner.admin, world.partner.member];
      for (const user of reached) {
        let items: NotificationView[] = [];
        for (let i = 0; i < 50 && !items.length; i++) {
          items = await mentionsOf(user);
          if (!items.length) await pause(100);
        }
        expect(items).toHaveLength(1);
        expect(items[0]).toMatchObject({ projectId: world.project.id, link: `/projects/${world.project.id}/chat` });
        expect(items[0].body).toContain('qui apporte les plots');
      }
      await pause(300);
      for (const user of everyone().filter((person) => !reached.includes(person))) expect(await mentionsOf(user)).toEqual([]);
    });

    it('answers 400 for people or associations outside the project, and stores nothing', async () => {
      const cases = [
        { userIds: [world.outsider.id], associationIds: [] },
        { userIds: [removed.member.id] },
        { associationIds: [world.outsiderAssociationId] },
        { associationIds: [removed.id] },
        // Invited, not yet active: not in the project either.
        { associationIds: [world.invited.id] },
        { userIds: ['not-an-id'] },
      ];
      for (const mentions of cases) {
        const response = await post(world.coordinator.admin, { body: 'Coucou', mentions }).expect(400);
        expect(response.body.errors[0].field).toMatch(/^mentions\./);
      }
      expect(await t.db.collection('messages').countDocuments({ body: 'Coucou' })).toBe(0);
    });
  });

  describe('message:send with mentions', () => {
    it('notifies like POST, and refuses outsiders with a bad_request ack', async () => {
      const socket = await connect(t.url, world.partner.admin.accessToken);
      try {
        const refused = await request<{ ok: boolean; error?: string; errors?: { field: string }[] }>(socket, 'message:send', {
          projectId: world.project.id,
          body: 'Hors projet',
          clientMessageId: 'sock-1',
          mentions: { userIds: [world.outsider.id], associationIds: [] },
        });
        expect(refused).toMatchObject({ ok: false, error: 'bad_request', errors: [{ field: 'mentions.userIds' }] });
        const ack = await request<{ ok: boolean; message: { mentions: unknown } }>(socket, 'message:send', {
          projectId: world.project.id,
          body: 'Merci @Régie !',
          clientMessageId: 'sock-2',
          mentions: { userIds: [], associationIds: [world.coordinator.id] },
        });
        expect(ack).toMatchObject({ ok: true, message: { mentions: { userIds: [], associationIds: [world.coordinator.id] } } });
      } finally {
        socket.close();
      }
      let items: NotificationView[] = [];
      for (let i = 0; i < 50 && !items.some((item) => item.body.includes('Merci')); i++) {
        items = await mentionsOf(world.coordinator.admin);
        await pause(100);
      }
      expect(items.filter((item) => item.body.includes('Merci'))).toHaveLength(1);
      expect((await mentionsOf(world.partner.admin)).filter((item) => item.body.includes('Merci'))).toEqual([]);
    });
  });

  describe('POST /api/tasks/:taskId/comments with mentions', () => {
    it('stores them, notifies with a link to the task, and refuses outsiders', async () => {
      const task = await makeTask(t, world.coordinator.admin, world.project.id, { title: 'Commander les t-shirts' });
      await t
        .http()
        .post(`/api/tasks/${task.id}/comments`)
        .set('Authorization', world.coordinator.admin.auth)
        .send({ body: 'Hors projet', mentions: { userIds: [world.invited.admin.id] } })
        .expect(400);
      const comment = await t
        .http()
        .post(`/api/tasks/${task.id}/comments`)
        .set('Authorization', world.coordinator.admin.auth)
        .send({ body: '@Club admin tu valides la taille ?', mentions: { userIds: [world.partner.admin.id] } })
        .expect(201);
      expect(comment.body.mentions).toEqual({ userIds: [world.partner.admin.id], associationIds: [] });
      let items: NotificationView[] = [];
      for (let i = 0; i < 50 && !items.some((item) => item.body.includes('taille')); i++) {
        items = await mentionsOf(world.partner.admin);
        await pause(100);
      }
      const mention = items.find((item) => item.body.includes('taille'));
      expect(mention?.link).toBe(`/projects/${world.project.id}/tasks/${task.id}`);
    });
  });
});
