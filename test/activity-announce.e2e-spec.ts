import { EventEmitter2 } from '@nestjs/event-emitter';
import { Types } from 'mongoose';
import type { ActivityView } from '@maillage/contract';
import { ActivityService } from '../src/activity/activity.service';
import { DomainEvent } from '../src/common/domain-events';
import { makeWorld, ProjectWorld, sendMessage } from './factories/projects';
import { useTestApp } from './setup/hooks';
import { TestApp } from './setup/test-app';

/**
 * A single instance announces an activity as soon as it is stored, before the log's head is raised
 * (one round trip sooner). Whoever reads the log meanwhile must still find it: here the head write
 * is held back (it still reaches the real database, later) while the log is read.
 */
describe('Activity announced before its head is raised (e2e)', () => {
  let t: TestApp;
  let w: ProjectWorld;
  useTestApp(async (app) => {
    t = app;
    w = await makeWorld(t);
  });

  afterEach(() => jest.restoreAllMocks());

  it('answers readers of the log the announced activity while its head write is on its way', async () => {
    const heads = t.db.collection('activity_heads');
    const project = new Types.ObjectId(w.project.id);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Released by the reader below; this fallback only ends the wait of an app that would announce
    // after the head write (the assertions then say so).
    const fallback = setTimeout(() => release(), 2000);
    const updateOne = heads.updateOne.bind(heads);
    jest.spyOn(heads, 'updateOne').mockImplementation((async (...args: Parameters<typeof updateOne>) => {
      await held;
      return updateOne(...args);
    }) as typeof heads.updateOne);

    const activity = t.app.get(ActivityService);
    const seen: { seq: number; storedHead: number; listed: number[]; lastSeq: number }[] = [];
    const reads: Promise<void>[] = [];
    t.app.get(EventEmitter2).once(DomainEvent.ActivityAppended, (view: ActivityView) => {
      reads.push(
        (async () => {
          const storedHead = ((await heads.findOne({ _id: project })) as { lastSeq: number } | null)?.lastSeq ?? 0;
          const reading = Promise.all([activity.listAfter(w.project.id, view.seq - 1, 10), activity.lastSeq(w.project.id)]);
          setTimeout(release, 100);
          const [listed, lastSeq] = await reading;
          seen.push({ seq: view.seq, storedHead, listed: listed.map((item) => item.seq), lastSeq });
        })(),
      );
    });

    await sendMessage(t, w.partner.member, w.project.id, 'Annoncé tout de suite', 'announced-first').expect(201);
    await Promise.all(reads);
    clearTimeout(fallback);

    expect(seen).toHaveLength(1);
    const [{ seq, storedHead, listed, lastSeq }] = seen;
    // Announced while the stored head still named the activity before it…
    expect(storedHead).toBe(seq - 1);
    // …yet the log's readers found it, having waited for the head.
    expect(listed).toEqual([seq]);
    expect(lastSeq).toBe(seq);
    expect(((await heads.findOne({ _id: project })) as { lastSeq: number } | null)?.lastSeq).toBe(seq);
  });
});
