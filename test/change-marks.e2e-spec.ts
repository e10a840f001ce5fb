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

  it('while in use, a mark is read ahead in the background: askers find it fresh instead of waiting', async () => {
    const marks = b.app.get(ChangeMarks);
    await marks.current('access');
    const reads = jest.spyOn(marks as unknown as { readStored: () => Promise<string> }, 'readStored');
    try {
      let askersWhoRead = 0;
      // Over 1.2 s: with the 500 ms bound alone, two of these asks would read the mark themselves.
      for (let ask = 0; ask < 12; ask++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const before = reads.mock.calls.length;
        await marks.current('access');
        if (reads.mock.calls.length > before) askersWhoRead++;
      }
      expect(askersWhoRead).toBe(0);
      expect(reads.mock.calls.length).toBeGreaterThanOrEqual(3);
    } finally {
      reads.mockRestore();
    }
  });
});
