import { Types } from 'mongoose';
import { makeWorld, sendMessage, storedSeqs } from './factories/projects';
import { useTwoInstances } from './setup/hooks';
import { TestApp } from './setup/test-app';

/**
 * The seq invariant where the in-process append queue cannot help: two app instances writing to one
 * database, and a head hint that lags behind the log (as after a crash between the two writes).
 */
describe('Activity log across instances (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  useTwoInstances({}, (first, second) => {
    [a, b] = [first, second];
  });

  it('numbers 30 messages written through two instances at once 1..N with no gap or duplicate', async () => {
    const world = await makeWorld(a);
    const before = (await storedSeqs(a, world.project.id)).length;
    const writers = [world.coordinator.admin, world.partner.member];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => sendMessage(i % 2 ? a : b, writers[i % 2], world.project.id, `Message ${i}`, `two-instances-${i}`)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(201));
    expect(await storedSeqs(a, world.project.id)).toEqual(Array.from({ length: before + 30 }, (_, i) => i + 1));
    const feedA = await a.http().get(`/api/projects/${world.project.id}/activity?limit=200`).set('Authorization', world.partner.member.auth).expect(200);
    const feedB = await b.http().get(`/api/projects/${world.project.id}/activity?limit=200`).set('Authorization', world.partner.member.auth).expect(200);
    expect(feedA.body.lastSeq).toBe(before + 30);
    expect(feedB.body.items).toEqual(feedA.body.items);
  });

  it('appends after the true end of the log when the head hint lags behind it', async () => {
    const world = await makeWorld(a);
    const project = new Types.ObjectId(world.project.id);
    const seqs = await storedSeqs(a, world.project.id);
    await a.db.collection('activity_heads').updateOne({ _id: project }, { $set: { lastSeq: seqs.length - 2 } });
    await sendMessage(a, world.partner.member, world.project.id, 'Après un arrêt brutal', 'lagging-head').expect(201);
    expect(await storedSeqs(a, world.project.id)).toEqual(Array.from({ length: seqs.length + 1 }, (_, i) => i + 1));
    expect((await a.db.collection('activity_heads').findOne({ _id: project }))?.lastSeq).toBe(seqs.length + 1);
  });
});
