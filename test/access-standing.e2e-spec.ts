import { AccessService } from '../src/common/access/access.service';
import { answersWithin, TestUser } from './factories';
import { makeWorld, ProjectWorld } from './factories/projects';
import { useTwoInstances } from './setup/hooks';
import type { TestApp } from './setup/test-app';

/** PRODUCT.md invariant 8's bound, which a lost access keeps too. */
const ACCESS_LOSS_DEADLINE_MS = 1000;

/**
 * Two instances on one database and no Redis: B remembers how a caller stands in a project (their
 * memberships and partner rows), and only the database's access mark tells it of a change made on A.
 */
describe('Access standing across two instances without a relay (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let world: ProjectWorld;

  useTwoInstances({}, async (first, second) => {
    [a, b] = [first, second];
    world = await makeWorld(a);
    // In one test process both apps hear every membership write: B is made deaf to them, as another
    // process would be, so that only the database's mark can tell it.
    b.app.get(AccessService).onModuleDestroy();
  });

  const readProject = (t: TestApp, user: TestUser) => t.http().get(`/api/projects/${world.project.id}`).set('Authorization', user.auth);
  const renameProject = (t: TestApp, user: TestUser, title: string) =>
    t.http().patch(`/api/projects/${world.project.id}`).set('Authorization', user.auth).send({ title });
  const setRole = (associationId: string, user: TestUser, role: 'admin' | 'member') =>
    a.http().patch(`/api/associations/${associationId}/members/${user.id}`).set('Authorization', world.coordinator.admin.auth).send({ role }).expect(200);

  const setStatus = (status: 'archived' | 'active') =>
    a.http().patch(`/api/projects/${world.project.id}`).set('Authorization', world.coordinator.admin.auth).send({ status }).expect(200);
  const createTask = (t: TestApp, user: TestUser) =>
    t.http().post(`/api/projects/${world.project.id}/tasks`).set('Authorization', user.auth).send({ title: 'Installer les tables' });

  it('while nothing changes, B reads a caller’s standing and the project once, not at every request', async () => {
    const access = b.app.get(AccessService) as unknown as { readStanding: () => Promise<unknown>; readProject: () => Promise<unknown> };
    const standingReads = jest.spyOn(access, 'readStanding');
    const projectReads = jest.spyOn(access, 'readProject');
    try {
      // Over 1.2 s: the access mark is read again meanwhile, and has not moved.
      for (let request = 0; request < 8; request++) {
        await readProject(b, world.partner.member).expect(200);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      expect(standingReads).toHaveBeenCalledTimes(1);
      expect(projectReads).toHaveBeenCalledTimes(1);
    } finally {
      standingReads.mockRestore();
      projectReads.mockRestore();
    }
  });

  it('a project archived through A refuses writes on B within 1 s, and takes them again at once when reopened', async () => {
    const { member } = world.partner;
    await createTask(b, member).expect(201);
    await setStatus('archived');
    expect(await answersWithin(() => createTask(b, member), 409, [201], ACCESS_LOSS_DEADLINE_MS)).toBeLessThanOrEqual(ACCESS_LOSS_DEADLINE_MS);
    await setStatus('active');
    await createTask(b, member).expect(201);
  });

  it('a member promoted through A may manage on B at once: a refusal is never taken from memory', async () => {
    const { member } = world.coordinator;
    await renameProject(b, member, 'Fête du printemps').expect(403);
    await setRole(world.coordinator.id, member, 'admin');
    await renameProject(b, member, 'Fête du printemps').expect(200);
  });

  it('an admin demoted through A loses the right to manage on B within 1 s', async () => {
    const { member } = world.coordinator;
    await renameProject(b, member, 'Fête de l’été').expect(200);
    await setRole(world.coordinator.id, member, 'member');
    expect(await answersWithin(() => renameProject(b, member, 'Fête de l’été'), 403, [200], ACCESS_LOSS_DEADLINE_MS)).toBeLessThanOrEqual(
      ACCESS_LOSS_DEADLINE_MS,
    );
  });

  it('a member removed from their association through A stops seeing the project on B within 1 s', async () => {
    const { member } = world.partner;
    await readProject(b, member).expect(200);
    await a.http().delete(`/api/associations/${world.partner.id}/members/${member.id}`).set('Authorization', world.partner.admin.auth).expect(204);
    expect(await answersWithin(() => readProject(b, member), 404, [200], ACCESS_LOSS_DEADLINE_MS)).toBeLessThanOrEqual(ACCESS_LOSS_DEADLINE_MS);
  });
});
