import { CHANGE_MARK_REFRESH_MS, ChangeMarks } from '../src/database/change-marks';
import { useTwoInstances } from './setup/hooks';
import type { TestApp } from './setup/test-app';

/** Two instances on one database: the marks they move and read through the real server. */
describe('Change marks (e2e, two instances)', () => {
  let a: TestApp;
  let b: TestApp;

  useTwoInstances({}, (first, second) => {
    [a, b] = [first, second];
  });

  it('first moves racing from both instances all succeed, and leave a value neither had read', async () => {
    const [marksA, marksB] = [a.app.get(ChangeMarks), b.app.get(ChangeMarks)];
    const before = await marksB.current('access');
    // The row does not exist yet: the first upserts race to insert it (FerretDB's read-then-write).
    await Promise.all(Array.from({ length: 20 }, (_, n) => (n % 2 ? marksA : marksB).move('access')));
    const rows = await a.db
      .collection('change_marks')
      .find({ _id: 'access' as never })
      .toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0].value).not.toBe(before);
    expect(await marksA.current('access')).toBe(rows[0].value);
  });

  it('a move on one instance is read on the other within the refresh', async () => {
    const [marksA, marksB] = [a.app.get(ChangeMarks), b.app.get(ChangeMarks)];
    const seen = await marksB.current('sessions');
    await marksA.move('sessions');
    const moved = Date.now();
    while ((await marksB.current('sessions')) === seen) {
      expect(Date.now() - moved).toBeLessThanOrEqual(CHANGE_MARK_REFRESH_MS + 100);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(Date.now() - moved).toBeLessThanOrEqual(CHANGE_MARK_REFRESH_MS + 100);
  });
});
