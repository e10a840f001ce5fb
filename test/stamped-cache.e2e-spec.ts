import { randomBytes } from 'node:crypto';
import mongoose, { Connection, Model, Types } from 'mongoose';
import { ClaimedStamps, HeadStamps, StampedCache, StampHead, StampHeadSchema } from '../src/database/stamped-cache';
import { makeBoard, makeTask, readBoard } from './factories/tasks';
import { useTwoInstances } from './setup/hooks';
import { TestApp } from './setup/test-app';

interface Item {
  _id: Types.ObjectId;
  key: string;
  n: number;
}

/** One app instance as the cache sees it: its own connection (a single one, as on FerretDB). */
interface Instance {
  connection: Connection;
  items: Model<Item>;
  stamps: Model<StampHead>;
}

/**
 * The stamp-checked copy (src/database/stamped-cache.ts) under what it is for: several instances,
 * each with its own connection, writing and reading one key at once. A copy may be advanced in
 * place by its writer, yet a read that starts after a write returned always sees that write.
 */
describe('StampedCache across instances (e2e)', () => {
  const databaseName = `test_${randomBytes(6).toString('hex')}`;
  const instances: Instance[] = [];

  beforeAll(async () => {
    for (let index = 0; index < 2; index++) {
      const connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: databaseName, maxPoolSize: 1 }).asPromise();
      instances.push({
        connection,
        items: connection.model<Item>('Item', new mongoose.Schema({ key: String, n: Number }), 'stamped_items'),
        stamps: connection.model<StampHead>('Stamp', StampHeadSchema, 'stamps_probe'),
      });
    }
    await instances[0].stamps.init();
  });

  afterAll(async () => {
    await instances[0]?.connection.dropDatabase();
    for (const instance of instances) await instance.connection.close();
  });

  /** A cache of the sorted numbers stored under a key, and how many times it read them. */
  function numbersCache(instance: Instance, headEvery = 1) {
    const cache = new StampedCache<number[]>(new ClaimedStamps(instance.stamps, { headEvery }));
    const counts = { loads: 0 };
    const read = (key: string) =>
      cache.get(key, async () => {
        counts.loads++;
        return (await instance.items.find({ key }).lean()).map((item) => item.n).sort((a, b) => a - b);
      });
    const write = async (key: string, n: number) => {
      await instance.items.create({ key, n });
      // The copy may have been read after the write: applying a change twice must change nothing.
      await cache.stampAfterWrite(key, (numbers) => (numbers.includes(n) ? numbers : [...numbers, n].sort((a, b) => a - b)));
    };
    return { cache, read, write, counts };
  }

  it.each([
    ['a head raised at each stamp', 1],
    ['a head raised at every 8th stamp (task boards)', 8],
  ])('never serves a copy that misses a write already returned, with writers and readers racing on two connections: %s', async (_label, headEvery) => {
    const sides = instances.map((instance) => numbersCache(instance, headEvery));
    const key = `race-${headEvery}`;
    const returned = new Set<number>();
    const misses: string[] = [];
    const writers = Array.from({ length: 60 }, async (_, n) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 200));
      await sides[n % 2].write(key, n);
      returned.add(n);
    });
    const readers = sides.map(async (side, index) => {
      for (let round = 0; round < 40; round++) {
        const mustSee = [...returned];
        const seen = new Set(await side.read(key));
        for (const n of mustSee) if (!seen.has(n)) misses.push(`instance ${index} missed ${n}`);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
      }
    });
    await Promise.all([...writers, ...readers]);
    expect(misses).toEqual([]);
    for (const side of sides) expect(await side.read(key)).toEqual(Array.from({ length: 60 }, (_, n) => n));
    // A reader with no copy starts from the head, wherever it was left, and walks the claims after it.
    expect(await numbersCache(instances[1], headEvery).read(key)).toEqual(Array.from({ length: 60 }, (_, n) => n));
    expect(await numbersCache(instances[1], headEvery).cache.stamp(key)).toBe(60);
  });

  it('with a head raised at every 8th stamp, writes the head only then', async () => {
    const side = numbersCache(instances[0], 8);
    for (let n = 1; n <= 12; n++) await side.write('sparse', n);
    expect((await instances[0].stamps.findById('sparse').lean())?.stamp).toBe(8);
    expect(await numbersCache(instances[1], 8).cache.stamp('sparse')).toBe(12);
  });

  it("never serves a copy that misses the other instance's write when both write at the same instant, 30 rounds", async () => {
    // Both copies current, then one write through each connection at once: the race in which two
    // findOneAndUpdate calls on FerretDB both report the same previous stamp (the old protocol
    // missed a write in most rounds here).
    const sides = instances.map(numbersCache);
    const misses: string[] = [];
    for (let round = 0; round < 30; round++) {
      await Promise.all(sides.map((side) => side.read('rounds')));
      await Promise.all(sides.map((side, index) => side.write('rounds', round * 2 + index)));
      for (const [index, side] of sides.entries()) {
        const seen = new Set(await side.read('rounds'));
        for (let n = 0; n < round * 2 + 2; n++) if (!seen.has(n)) misses.push(`round ${round}: instance ${index} missed ${n}`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('gives each stamp to one writer only: 40 racing stamps through two connections are 1..40', async () => {
    const caches = instances.map((instance) => new StampedCache<number[]>(new ClaimedStamps(instance.stamps)));
    const stamps = await Promise.all(Array.from({ length: 40 }, (_, n) => caches[n % 2].stampAfterWrite('claims')));
    expect([...stamps].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
    for (const cache of caches) expect(await cache.stamp('claims')).toBe(40);
  });

  it('finds the stamp past a head left behind (a crash between the claim and the head, or an older $max landing last)', async () => {
    const [a, b] = instances.map(numbersCache);
    await a.write('behind', 1);
    await a.write('behind', 2);
    expect(await b.read('behind')).toEqual([1, 2]);
    await instances[0].stamps.updateOne({ _id: 'behind' }, { $set: { stamp: 1 } });
    await a.write('behind', 3);
    await instances[0].stamps.updateOne({ _id: 'behind' }, { $set: { stamp: 0 } });
    expect(await b.read('behind')).toEqual([1, 2, 3]);
    expect(await numbersCache(instances[1]).read('behind')).toEqual([1, 2, 3]);
  });

  it('advances its own copy in place: an instance writing alone reads the data once', async () => {
    const side = numbersCache(instances[0]);
    expect(await side.read('alone')).toEqual([]);
    for (let n = 0; n < 5; n++) await side.write('alone', n);
    expect(await side.read('alone')).toEqual([0, 1, 2, 3, 4]);
    expect(side.counts.loads).toBe(1);
  });

  it('reads again when another instance wrote, and shows a change left unstamped (a crash) with the next stamp', async () => {
    const [a, b] = instances.map(numbersCache);
    await a.write('crash', 1);
    expect(await b.read('crash')).toEqual([1]);
    await a.write('crash', 2);
    expect(await b.read('crash')).toEqual([1, 2]);
    // A writer that died between its write and its stamp: the copies do not know yet…
    await instances[0].items.create({ key: 'crash', n: 3 });
    expect(await b.read('crash')).toEqual([1, 2]);
    // …until the key's next stamp, which announces every change stored before it.
    await a.write('crash', 4);
    expect(await b.read('crash')).toEqual([1, 2, 3, 4]);
  });

  it('follows numbered changes through a head document (the activity log)', async () => {
    const heads = instances.map((instance) =>
      instance.connection.model<{ _id: Types.ObjectId; lastSeq: number }>(
        'Head',
        new mongoose.Schema({ _id: Types.ObjectId, lastSeq: Number }),
        'stamped_heads',
      ),
    );
    const key = new Types.ObjectId().toHexString();
    const [a, b] = heads.map((model) => new StampedCache<number[]>(new HeadStamps(model, 'lastSeq')));
    const load = (cache: StampedCache<number[]>) => cache.get(key, async (stamp) => Array.from({ length: stamp }, (_, n) => n + 1));
    expect(await load(a)).toEqual([]);
    await a.stampAfterWrite(key, (seqs) => [...seqs, 1], 1);
    await b.stampAfterWrite(key, (seqs) => [...seqs, 2], 2);
    // a's copy followed its own change 1 but not b's 2: the head tells it to read again.
    expect(await load(a)).toEqual([1, 2]);
    expect(await load(b)).toEqual([1, 2]);
  });
});

/** The same guarantee through the app: a board written through two instances at once, read through both. */
describe('Task boards across instances (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  useTwoInstances({}, (first, second) => {
    [a, b] = [first, second];
  });

  it('shows every task created through either instance on both, right after the creations returned', async () => {
    const board = await makeBoard(a);
    const writer = board.coordinator.member;
    // Both instances hold the board in memory before the race.
    await readBoard(a, writer, board.project.id);
    await readBoard(b, writer, board.project.id);
    const created = await Promise.all(Array.from({ length: 16 }, (_, n) => makeTask(n % 2 ? a : b, writer, board.project.id, { title: `Tâche ${n}` })));
    const ids = created.map((task) => task.id).sort();
    for (const app of [a, b]) expect((await readBoard(app, writer, board.project.id)).map((task) => task.id).sort()).toEqual(ids);
  });
});
