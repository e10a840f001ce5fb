import { Model, Types } from 'mongoose';
import { IdOnlyWrites } from '../src/database/id-only-writes';
import { Task } from '../src/tasks/schemas/task.schema';
import { createTestApp, TestApp } from './setup/test-app';

/**
 * The conditional writes of src/database/id-only-writes.ts on the run's real server: the same
 * answers as the server's own conditional writes (on FerretDB they are read by `_id`, tested here,
 * written by `_id`), and still one winner when writers race on one document.
 */
describe('Conditional writes by _id (e2e)', () => {
  let t: TestApp;
  let writes: IdOnlyWrites;
  let tasks: Model<Task>;
  const projectId = new Types.ObjectId();
  const opId = new Types.ObjectId();

  beforeAll(async () => {
    t = await createTestApp();
    writes = t.app.get(IdOnlyWrites);
    tasks = t.db.model<Task>(Task.name);
  });
  afterAll(() => t.close());

  const seed = async (count: number) => {
    const ids = Array.from({ length: count }, () => new Types.ObjectId());
    await tasks.collection.insertMany(ids.map((_id, n) => ({ _id, projectId, title: `Tâche ${n}`, version: 1, pendingActivity: null })));
    return ids;
  };

  it('answers as the server would: matched terms, operators, dotted paths, string ids, a missing document', async () => {
    const [first, , last] = await seed(3);
    expect(await writes.findOneAndUpdate(tasks, { _id: last, version: 2 }, { $set: { title: 'non' } })).toBeNull();
    expect(await writes.findOneAndUpdate(tasks, { _id: last, version: 1, pendingActivity: null }, { $inc: { version: 1 } })).toMatchObject({
      _id: last,
      version: 2,
    });
    expect(await writes.findOneAndUpdate(tasks, { _id: String(last), projectId: String(projectId) }, { $set: { pendingActivity: { opId } } })).toMatchObject({
      pendingActivity: { opId },
    });
    expect(await writes.findOne(tasks, { _id: last, pendingActivity: { $ne: null } })).toMatchObject({ _id: last });
    expect(await writes.findOne(tasks, { _id: first, pendingActivity: { $ne: null } })).toBeNull();
    expect(await writes.updateOne(tasks, { _id: last, 'pendingActivity.opId': new Types.ObjectId() }, { $set: { pendingActivity: null } })).toBe(false);
    expect(await writes.updateOne(tasks, { _id: last, 'pendingActivity.opId': opId }, { $set: { pendingActivity: null } })).toBe(true);
    expect(await tasks.findById(last).lean()).toMatchObject({ version: 2, pendingActivity: null });
    expect(await writes.deleteOne(tasks, { _id: first, version: 2 })).toBe(false);
    expect(await writes.deleteOne(tasks, { _id: first, version: 1 })).toBe(true);
    expect(await writes.findOneAndUpdate(tasks, { _id: first, version: 1 }, { $inc: { version: 1 } })).toBeNull();
    expect(await tasks.exists({ _id: first })).toBeNull();
  });

  it('lets exactly one of 20 racing version-checked writes win, and the others see the new version', async () => {
    const [id] = await seed(1);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        writes.findOneAndUpdate(tasks, { _id: id, version: 1 }, { $set: { title: `écrit par ${n}` }, $inc: { version: 1 } }),
      ),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await tasks.findById(id).lean()).toMatchObject({ version: 2 });
  });
});
