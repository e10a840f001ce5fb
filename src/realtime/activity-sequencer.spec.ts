import type { ActivityView } from '@maillage/contract';
import { ActivitySequencer } from './activity-sequencer';

const activity = (seq: number, projectId = 'p1'): ActivityView => ({
  projectId,
  seq,
  type: 'task.renumbered',
  actorId: null,
  at: new Date(0).toISOString(),
  data: { tasks: [] },
});

describe(ActivitySequencer.name, () => {
  let delivered: number[];
  let log: ActivityView[];
  let sut: ActivitySequencer;

  beforeEach(() => {
    jest.useFakeTimers();
    delivered = [];
    log = [];
    sut = new ActivitySequencer({
      deliver: (view) => delivered.push(view.seq),
      fetchAfter: async (projectId, after, limit) => log.filter((row) => row.projectId === projectId && row.seq > after).slice(0, limit),
      gapWaitMs: 50,
    });
  });

  afterEach(() => {
    sut.close();
    jest.useRealTimers();
  });

  describe('lastDelivered', () => {
    it('is unknown until the first joiner tracks the project, then follows what was delivered', () => {
      expect(sut.lastDelivered('p1')).toBeNull();
      sut.open('p1');
      sut.push(activity(4));
      expect(sut.lastDelivered('p1')).toBeNull();
      sut.track('p1', 3);
      expect(sut.lastDelivered('p1')).toBe(4);
      sut.push(activity(6));
      expect(sut.lastDelivered('p1')).toBe(4);
      sut.untrack('p1');
      expect(sut.lastDelivered('p1')).toBeNull();
    });
  });

  describe('push', () => {
    it('delivers consecutive seqs at once', () => {
      sut.track('p1', 3);
      sut.push(activity(4));
      sut.push(activity(5));
      expect(delivered).toEqual([4, 5]);
    });

    it('holds a later seq until the missing one arrives, then delivers both in order', () => {
      sut.track('p1', 0);
      sut.push(activity(2));
      sut.push(activity(3));
      expect(delivered).toEqual([]);
      sut.push(activity(1));
      expect(delivered).toEqual([1, 2, 3]);
    });

    it('ignores duplicates and seqs already delivered', () => {
      sut.track('p1', 5);
      sut.push(activity(4));
      sut.push(activity(6));
      sut.push(activity(6));
      expect(delivered).toEqual([6]);
    });

    it('ignores projects nobody listens to', () => {
      sut.push(activity(1, 'p2'));
      expect(delivered).toEqual([]);
    });

    it('reads a missing seq from the log when its announcement never comes', async () => {
      sut.track('p1', 0);
      log.push(activity(1), activity(2));
      sut.push(activity(2));
      await jest.advanceTimersByTimeAsync(60);
      expect(delivered).toEqual([1, 2]);
    });

    it('keeps announcements made while the first joiner reads the log, from where that read stood', () => {
      sut.open('p1');
      sut.push(activity(8));
      sut.push(activity(9));
      sut.track('p1', 8);
      expect(delivered).toEqual([9]);
    });
  });

  describe('resync', () => {
    it('delivers what the log has beyond the last delivered seq', async () => {
      sut.track('p1', 1);
      log.push(activity(1), activity(2), activity(3));
      sut.resync('p1');
      await jest.advanceTimersByTimeAsync(0);
      expect(delivered).toEqual([2, 3]);
    });
  });

  describe('untrack', () => {
    it('stops delivery for the project', () => {
      sut.track('p1', 0);
      sut.untrack('p1');
      sut.push(activity(1));
      expect(delivered).toEqual([]);
    });
  });
});
