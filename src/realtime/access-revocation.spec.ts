import { AccessRevocation } from './access-revocation';

/** A fake instance: which sockets belong to whom, which rooms they are in, who may read what. */
describe(AccessRevocation.name, () => {
  let socketUser: Map<string, string>;
  let socketRooms: Map<string, Set<string>>;
  let allowed: Set<string>;
  let associationProjects: Map<string, string[]>;
  let checks: string[];
  let revoked: string[];
  let changedRooms: string[];
  let errors: unknown[];
  let sut: AccessRevocation;

  const connect = (socketId: string, userId: string, ...projectIds: string[]) => {
    socketUser.set(socketId, userId);
    socketRooms.set(socketId, new Set(projectIds));
  };

  beforeEach(() => {
    socketUser = new Map();
    socketRooms = new Map();
    allowed = new Set();
    associationProjects = new Map();
    checks = [];
    revoked = [];
    changedRooms = [];
    errors = [];
    sut = new AccessRevocation({
      stillAllowed: async (userId, projectId) => {
        checks.push(`${userId}:${projectId}`);
        if (projectId === 'broken') throw new Error('database unreachable');
        return allowed.has(`${userId}:${projectId}`);
      },
      projectsOfAssociation: async (associationId) => associationProjects.get(associationId) ?? [],
      socketsOfUser: (userId) =>
        [...socketUser].filter(([, user]) => user === userId).map(([socketId]) => ({ socketId, projectIds: [...socketRooms.get(socketId)!] })),
      socketsInProject: (projectId) =>
        [...socketRooms].filter(([, rooms]) => rooms.has(projectId)).map(([socketId]) => ({ socketId, userId: socketUser.get(socketId)! })),
      revoke: (socketId, projectId) => {
        socketRooms.get(socketId)?.delete(projectId);
        revoked.push(`${socketId}:${projectId}`);
      },
      roomChanged: (projectId) => changedRooms.push(projectId),
      onError: (error) => errors.push(error),
    });
  });

  describe('recheck', () => {
    it('takes the named users out of the projects they lost, and only those', async () => {
      connect('s1', 'u1', 'p1', 'p2');
      connect('s2', 'u2', 'p1');
      allowed.add('u1:p2');
      await sut.recheck({ projectIds: [], userIds: ['u1'] });
      expect(checks.sort()).toEqual(['u1:p1', 'u1:p2']);
      expect(revoked).toEqual(['s1:p1']);
      expect(changedRooms).toEqual(['p1']);
      expect([...socketRooms.get('s2')!]).toEqual(['p1']);
    });

    it('checks each user once per project, however many sockets they have, and revokes them all', async () => {
      connect('s1', 'u1', 'p1');
      connect('s2', 'u1', 'p1');
      connect('s3', 'u2', 'p1');
      allowed.add('u2:p1');
      await sut.recheck({ projectIds: ['p1'] });
      expect(checks.sort()).toEqual(['u1:p1', 'u2:p1']);
      expect(revoked.sort()).toEqual(['s1:p1', 's2:p1']);
    });

    it('re-checks every project of an association, besides the projects named', async () => {
      connect('s1', 'u1', 'p1');
      connect('s2', 'u2', 'p2');
      connect('s3', 'u3', 'p3');
      associationProjects.set('a1', ['p2']);
      await sut.recheck({ projectIds: ['p1'], associationId: 'a1' });
      expect(checks.sort()).toEqual(['u1:p1', 'u2:p2']);
      expect(revoked.sort()).toEqual(['s1:p1', 's2:p2']);
    });

    it('reports a failed check instead of throwing, and still handles the other pairs', async () => {
      connect('s1', 'u1', 'broken');
      connect('s2', 'u2', 'p1');
      await expect(sut.recheck({ projectIds: ['broken', 'p1'] })).resolves.toBeUndefined();
      expect(errors).toHaveLength(1);
      expect(revoked).toEqual(['s2:p1']);
    });
  });

  describe('changedSince', () => {
    it('tells a join that raced with a re-check to check again', async () => {
      const mark = sut.mark();
      expect(sut.changedSince(mark)).toBe(false);
      await sut.recheck({ projectIds: [] });
      expect(sut.changedSince(mark)).toBe(true);
      expect(sut.changedSince(sut.mark())).toBe(false);
    });
  });
});
