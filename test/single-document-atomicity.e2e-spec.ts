import { createTestApp, TestApp } from './setup/test-app';

/**
 * Our invariants rest on single-document conditional updates being atomic. MongoDB guarantees it;
 * FerretDB v1 does not on its own (see src/database/server-detection.ts), so the app connects to it
 * through one connection. This proves the guarantee through the app's own connection.
 */
describe('Single-document atomicity through the app connection (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('lets exactly one of 20 racing conditional claims win, five times over', async () => {
    const claims = t.db.collection('atomicity_probe');
    for (let round = 0; round < 5; round++) {
      const { insertedId } = await claims.insertOne({ claimedBy: null });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) => claims.findOneAndUpdate({ _id: insertedId, claimedBy: null }, { $set: { claimedBy: index } })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    }
  });

  it('counts every one of 30 racing increments', async () => {
    const counters = t.db.collection('atomicity_probe');
    const { insertedId } = await counters.insertOne({ count: 0 });
    await Promise.all(Array.from({ length: 30 }, () => counters.updateOne({ _id: insertedId }, { $inc: { count: 1 } })));
    expect((await counters.findOne({ _id: insertedId }))?.count).toBe(30);
  });
});
