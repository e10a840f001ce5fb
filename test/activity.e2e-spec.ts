import { Types } from 'mongoose';
import { addMember, makeUser, TestUser } from './factories';
import { makeWorld, ProjectWorld, sendMessage, storedSeqs } from './factories/projects';
import { useTestApp } from './setup/hooks';
import { TestApp } from './setup/test-app';

describe('Activity feed (e2e)', () => {
  let t: TestApp;
  let w: ProjectWorld;
  useTestApp(async (app) => {
    t = app;
    w = await makeWorld(t);
  });

  const feed = (projectId: string, user: TestUser | undefined, query = '') => {
    const req = t.http().get(`/api/projects/${projectId}/activity${query}`);
    return user ? req.set('Authorization', user.auth) : req;
  };

  describe('GET /api/projects/:id/activity', () => {
    it('reads the log from the start, in seq order, with lastSeq', async () => {
      const response = await feed(w.project.id, w.partner.member).expect(200);
      expect(response.body.items.map((a: { seq: number; type: string }) => [a.seq, a.type])).toEqual([
        [1, 'project.created'],
        [2, 'partner.invited'],
        [3, 'partner.joined'],
        [4, 'partner.invited'],
      ]);
      expect(response.body).toMatchObject({ lastSeq: 4, nextCursor: null });
      expect(response.body.items[0]).toMatchObject({ actorId: w.coordinator.admin.id, at: expect.any(String), data: { project: { id: w.project.id } } });
      expect(response.body.items[2].data).toMatchObject({ partner: { associationId: w.partner.id, status: 'active' }, signature: { version: 1 } });
    });

    it('reads after a seq, in pages, and the cursor follows on', async () => {
      const page1 = await feed(w.project.id, w.partner.member, '?after=1&limit=2').expect(200);
      expect(page1.body.items.map((a: { seq: number }) => a.seq)).toEqual([2, 3]);
      expect(page1.body.lastSeq).toBe(4);
      expect(page1.body.nextCursor).toEqual(expect.any(String));
      const page2 = await feed(w.project.id, w.partner.member, `?limit=2&cursor=${page1.body.nextCursor}`).expect(200);
      expect(page2.body.items.map((a: { seq: number }) => a.seq)).toEqual([4]);
      expect(page2.body.nextCursor).toBeNull();
      const caughtUp = await feed(w.project.id, w.partner.member, '?after=4').expect(200);
      expect(caughtUp.body).toEqual({ items: [], lastSeq: 4, nextCursor: null });
    });

    it('answers 400 on bad parameters', async () => {
      await feed(w.project.id, w.partner.member, '?after=-1').expect(400);
      await feed(w.project.id, w.partner.member, '?after=abc').expect(400);
      await feed(w.project.id, w.partner.member, '?limit=201').expect(400);
      await feed(w.project.id, w.partner.member, '?since=1').expect(400);
      await feed(w.project.id, w.partner.member, '?cursor=nonsense').expect(400);
    });

    it('answers 401 without a token', async () => {
      await feed(w.project.id, undefined).expect(401);
    });

    it('answers 404 to outsiders and to admins of an invited association', async () => {
      await feed(w.project.id, w.outsider).expect(404);
      await feed(w.project.id, w.invited.admin).expect(404);
      await feed(new Types.ObjectId().toHexString(), w.partner.member).expect(404);
    });
  });

  describe('seq under concurrent writes', () => {
    it('numbers 30 simultaneous writes from two partners 1..N with no gap and no duplicate', async () => {
      const world = await makeWorld(t);
      const before = (await storedSeqs(t, world.project.id)).length;
      const writers = [world.coordinator.admin, world.coordinator.member, world.partner.admin, world.partner.member];
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => sendMessage(t, writers[i % writers.length], world.project.id, `Message ${i}`, `concurrent-${i}`)),
      );
      expect(results.map((r) => r.status)).toEqual(Array(30).fill(201));
      const seqs = await storedSeqs(t, world.project.id);
      expect(seqs).toEqual(Array.from({ length: before + 30 }, (_, i) => i + 1));
      const response = await feed(world.project.id, world.partner.member, '?limit=200').expect(200);
      expect(response.body.lastSeq).toBe(before + 30);
      expect(response.body.items.filter((a: { type: string }) => a.type === 'message.created')).toHaveLength(30);
    });

    it('keeps seqs consecutive when different kinds of changes race', async () => {
      const world = await makeWorld(t);
      const extra = await makeUser(t);
      await addMember(t, world.partner.admin, world.partner.id, extra);
      const writes = [
        ...Array.from({ length: 12 }, (_, i) => sendMessage(t, i % 2 ? extra : world.coordinator.member, world.project.id, `Salut ${i}`, `mixed-${i}`)),
        ...Array.from({ length: 6 }, (_, i) =>
          t
            .http()
            .patch(`/api/projects/${world.project.id}`)
            .set('Authorization', world.coordinator.admin.auth)
            .send({ description: `Description ${i}` }),
        ),
        t.http().put(`/api/projects/${world.project.id}/charter`).set('Authorization', world.coordinator.admin.auth).send({ text: 'Charte révisée' }),
        t.http().post(`/api/projects/${world.project.id}/partners/${world.invited.id}/decline`).set('Authorization', world.invited.admin.auth),
      ];
      const results = await Promise.all(writes);
      expect(results.every((r) => r.status < 300)).toBe(true);
      const seqs = await storedSeqs(t, world.project.id);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      expect(seqs.length).toBe(4 + writes.length);
    });
  });
});
