import type { PresenceUser } from './realtime-events';
import { PresenceBroadcaster, PresentSocket, presenceList } from './presence-broadcaster';

describe(PresenceBroadcaster.name, () => {
  let present: Map<string, PresentSocket[]>;
  let localSockets: number;
  let broadcasts: { projectId: string; users: PresenceUser[] }[];
  let greetings: { projectId: string; socketIds: string[]; users: PresenceUser[] }[];
  let errors: string[];
  let fetches: number;
  let sut: PresenceBroadcaster;

  beforeEach(() => {
    jest.useFakeTimers();
    present = new Map();
    localSockets = 1;
    broadcasts = [];
    greetings = [];
    errors = [];
    fetches = 0;
    sut = new PresenceBroadcaster({
      localSockets: () => localSockets,
      fetchPresent: async (projectId) => {
        fetches++;
        const sockets = present.get(projectId);
        if (!sockets) throw new Error('an instance did not answer');
        return sockets;
      },
      broadcast: (projectId, users) => broadcasts.push({ projectId, users }),
      greet: (projectId, socketIds, users) => greetings.push({ projectId, socketIds, users }),
      delayMs: 25,
      bigRoomDelayMs: 1000,
      bigRoomSockets: 100,
      skipUnchanged: false,
      onError: (projectId) => errors.push(projectId),
    });
  });

  afterEach(() => {
    sut.close();
    jest.useRealTimers();
  });

  describe('with one instance (skipUnchanged)', () => {
    beforeEach(() => {
      sut = new PresenceBroadcaster({
        localSockets: () => localSockets,
        fetchPresent: async (projectId) => present.get(projectId) ?? [],
        broadcast: (projectId, users) => broadcasts.push({ projectId, users }),
        greet: (projectId, socketIds, users) => greetings.push({ projectId, socketIds, users }),
        delayMs: 25,
        bigRoomDelayMs: 1000,
        bigRoomSockets: 100,
        skipUnchanged: true,
      });
    });

    it('sends a list only when it changed, and greets a joiner with the last one sent', async () => {
      sut.greet('p1', 's1');
      await jest.advanceTimersByTimeAsync(0);
      expect(greetings).toEqual([]);
      present.set('p1', [{ userId: 'u1', displayName: 'Awa' }]);
      sut.schedule('p1');
      await jest.advanceTimersByTimeAsync(25);
      // A second socket of the same member: the list is the same, so only the joiner hears it.
      present.set('p1', [
        { userId: 'u1', displayName: 'Awa' },
        { userId: 'u1', displayName: 'Awa' },
      ]);
      sut.greet('p1', 's2');
      sut.schedule('p1');
      await jest.advanceTimersByTimeAsync(25);
      expect(broadcasts).toHaveLength(1);
      expect(greetings).toEqual([{ projectId: 'p1', socketIds: ['s2'], users: [{ id: 'u1', displayName: 'Awa' }] }]);
      present.set('p1', [
        { userId: 'u1', displayName: 'Awa' },
        { userId: 'u2', displayName: 'Bilal' },
      ]);
      sut.schedule('p1');
      await jest.advanceTimersByTimeAsync(25);
      expect(broadcasts.map((b) => b.users.map((user) => user.id))).toEqual([['u1'], ['u1', 'u2']]);
    });

    it('greets the joiners of one turn of the event loop together, once per project', async () => {
      present.set('p1', [{ userId: 'u1', displayName: 'Awa' }]);
      present.set('p2', [{ userId: 'u2', displayName: 'Bilal' }]);
      sut.schedule('p1');
      sut.schedule('p2');
      await jest.advanceTimersByTimeAsync(25);
      for (const socketId of ['s1', 's2', 's3']) sut.greet('p1', socketId);
      sut.greet('p2', 's4');
      expect(greetings).toEqual([]);
      await jest.advanceTimersByTimeAsync(0);
      expect(greetings).toEqual([
        { projectId: 'p1', socketIds: ['s1', 's2', 's3'], users: [{ id: 'u1', displayName: 'Awa' }] },
        { projectId: 'p2', socketIds: ['s4'], users: [{ id: 'u2', displayName: 'Bilal' }] },
      ]);
      sut.greet('p1', 's5');
      await jest.advanceTimersByTimeAsync(0);
      expect(greetings.at(-1)).toEqual({ projectId: 'p1', socketIds: ['s5'], users: [{ id: 'u1', displayName: 'Awa' }] });
    });

    it('forgets an emptied room: the next joiner is not greeted with an old list, nor one planned before', async () => {
      present.set('p1', [{ userId: 'u1', displayName: 'Awa' }]);
      sut.schedule('p1');
      await jest.advanceTimersByTimeAsync(25);
      sut.greet('p1', 's1');
      sut.forget('p1');
      sut.greet('p1', 's2');
      await jest.advanceTimersByTimeAsync(0);
      expect(greetings).toEqual([]);
    });
  });

  describe('schedule', () => {
    it('broadcasts who is in the room after the delay', async () => {
      present.set('p1', [{ userId: 'u1', displayName: 'Awa' }]);
      sut.schedule('p1');
      expect(broadcasts).toEqual([]);
      await jest.advanceTimersByTimeAsync(25);
      expect(broadcasts).toEqual([{ projectId: 'p1', users: [{ id: 'u1', displayName: 'Awa' }] }]);
    });

    it('coalesces a burst of changes into one computation per room', async () => {
      present.set('p1', []);
      present.set('p2', []);
      for (let i = 0; i < 10; i++) sut.schedule('p1');
      sut.schedule('p2');
      await jest.advanceTimersByTimeAsync(25);
      expect(fetches).toBe(2);
      expect(broadcasts.map((b) => b.projectId)).toEqual(['p1', 'p2']);
      sut.schedule('p1');
      await jest.advanceTimersByTimeAsync(25);
      expect(fetches).toBe(3);
    });

    it('waits longer in a big room', async () => {
      present.set('p1', []);
      localSockets = 100;
      sut.schedule('p1');
      await jest.advanceTimersByTimeAsync(999);
      expect(broadcasts).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(broadcasts).toHaveLength(1);
    });

    it('reports a failed computation and broadcasts nothing', async () => {
      sut.schedule('p1');
      await jest.advanceTimersByTimeAsync(25);
      expect(errors).toEqual(['p1']);
      expect(broadcasts).toEqual([]);
    });
  });

  describe('close', () => {
    it('cancels what was scheduled', async () => {
      present.set('p1', []);
      sut.schedule('p1');
      sut.close();
      await jest.advanceTimersByTimeAsync(1000);
      expect(fetches).toBe(0);
    });
  });
});

describe(presenceList.name, () => {
  it('lists each user once, by name then id, and skips sockets without a user', () => {
    expect(
      presenceList([
        { userId: 'u2', displayName: 'Zoé' },
        { userId: 'u3', displayName: 'Awa' },
        { userId: 'u2', displayName: 'Zoé' },
        { displayName: 'nobody' },
        { userId: 'u1', displayName: 'Awa' },
      ]),
    ).toEqual([
      { id: 'u1', displayName: 'Awa' },
      { id: 'u3', displayName: 'Awa' },
      { id: 'u2', displayName: 'Zoé' },
    ]);
  });
});
