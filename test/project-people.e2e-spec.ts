import { Types } from 'mongoose';
import type { ActivityFeedPage, ProjectMemberView } from '@maillage/contract';
import { makeUser } from './factories';
import { makeWorld, ProjectWorld } from './factories/projects';
import { makeTask } from './factories/tasks';
import { useTestApp } from './setup/hooks';
import { TestApp } from './setup/test-app';

// Partners read each other's names through the project, never through another association's member list.
describe('People of a project (e2e)', () => {
  let t: TestApp;
  let w: ProjectWorld;
  useTestApp(async (app) => {
    t = app;
    w = await makeWorld(t);
  });

  const members = (projectId: string, auth?: string) => {
    const req = t.http().get(`/api/projects/${projectId}/members`);
    return auth ? req.set('Authorization', auth) : req;
  };

  describe('GET /api/projects/:id/members', () => {
    it('lists the people of every active partner, with their association and role, to any partner', async () => {
      const response = await members(w.project.id, w.coordinator.member.auth).expect(200);
      const rows = (response.body.items as ProjectMemberView[]).map((row) => [row.displayName, row.associationId, row.role]);
      expect(rows).toEqual(
        expect.arrayContaining([
          [w.coordinator.admin.displayName, w.coordinator.id, 'admin'],
          [w.coordinator.member.displayName, w.coordinator.id, 'member'],
          [w.partner.admin.displayName, w.partner.id, 'admin'],
          [w.partner.member.displayName, w.partner.id, 'member'],
        ]),
      );
      expect(rows).toHaveLength(4);
      expect(response.body.nextCursor).toBeNull();
      expect(JSON.stringify(response.body)).not.toContain(w.invited.admin.id);
      expect(JSON.stringify(response.body)).not.toContain('@');
    });

    it('answers 401 without a token, 404 to outsiders and to admins of an invited association, 400 on unknown parameters', async () => {
      await members(w.project.id).expect(401);
      await members(w.project.id, w.outsider.auth).expect(404);
      await members(w.project.id, w.invited.admin.auth).expect(404);
      await members(new Types.ObjectId().toHexString(), w.partner.member.auth).expect(404);
      await members(w.project.id, w.partner.member.auth).query({ q: 'x' }).expect(400);
    });
  });

  describe('GET /api/projects/:id/activity names its people', () => {
    it('gives the names of the actors and of the people the items name, former members included', async () => {
      // its own world: a partner's member leaves their association here
      const world = await makeWorld(t);
      const task = await makeTask(t, world.coordinator.admin, world.project.id, { assigneeUserIds: [world.partner.member.id] });
      await t.http().post(`/api/tasks/${task.id}/comments`).set('Authorization', world.partner.member.auth).send({ body: 'Je m’en charge' }).expect(201);
      await t
        .http()
        .delete(`/api/associations/${world.partner.id}/members/${world.partner.member.id}`)
        .set('Authorization', world.partner.admin.auth)
        .expect(204);

      const response = await t.http().get(`/api/projects/${world.project.id}/activity`).set('Authorization', world.coordinator.member.auth).expect(200);
      const page = response.body as ActivityFeedPage;
      expect(page.people).toMatchObject({
        [world.coordinator.admin.id]: world.coordinator.admin.displayName,
        [world.partner.admin.id]: world.partner.admin.displayName,
        [world.partner.member.id]: world.partner.member.displayName,
      });
      expect(page.people?.[world.outsider.id]).toBeUndefined();
    });
  });

  describe('POST /api/projects/:id/tasks assigns partners’ people', () => {
    it('lets a coordinator assign a task to a member of a partner association, and refuses people outside the project', async () => {
      const task = await makeTask(t, w.coordinator.admin, w.project.id, { assigneeAssociationId: w.partner.id, assigneeUserIds: [w.partner.member.id] });
      expect(task).toMatchObject({ assigneeAssociationId: w.partner.id, assigneeUserIds: [w.partner.member.id] });
      const stranger = await makeUser(t);
      await t
        .http()
        .post(`/api/projects/${w.project.id}/tasks`)
        .set('Authorization', w.coordinator.admin.auth)
        .send({ title: 'Affiches', assigneeUserIds: [stranger.id] })
        .expect(400);
    });
  });
});
