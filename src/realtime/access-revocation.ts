import type { ProjectAccessChanged } from '../common/domain-events';

export interface AccessRevocationOptions {
  /** Whether the user may still read the project (a fresh access check). */
  stillAllowed: (userId: string, projectId: string) => Promise<boolean>;
  /** Every project an association is or was a partner of. */
  projectsOfAssociation: (associationId: string) => Promise<string[]>;
  /** This instance's sockets of a user, with the projects each listens to. */
  socketsOfUser: (userId: string) => { socketId: string; projectIds: string[] }[];
  /** This instance's sockets listening to a project, with their user. */
  socketsInProject: (projectId: string) => { socketId: string; userId: string }[];
  /** Takes the socket out of the project room, then tells it (if it is still there). */
  revoke: (socketId: string, projectId: string) => void;
  /** Someone may have left the project room. */
  roomChanged: (projectId: string) => void;
  onError?: (error: unknown) => void;
}

/**
 * Removes sockets from the projects their user can no longer read, the moment an access change is
 * announced (partner left or removed, member removed, account deleted…). Each (user, project) pair
 * is checked once, however many sockets it has. A join that raced with a change checks again: it
 * takes a `mark()` before its access check and asks `changedSince(mark)` after joining the room.
 */
export class AccessRevocation {
  private epoch = 0;

  constructor(private readonly options: AccessRevocationOptions) {}

  mark(): number {
    return this.epoch;
  }

  /** Whether some access may have been lost since `mark` was taken. */
  changedSince(mark: number): boolean {
    return mark !== this.epoch;
  }

  /** Re-checks the sockets a change may concern; never throws (failures go to onError). */
  async recheck(change: ProjectAccessChanged): Promise<void> {
    this.epoch++;
    let pairs: Awaited<ReturnType<AccessRevocation['pairsConcerned']>>;
    try {
      pairs = await this.pairsConcerned(change);
    } catch (error) {
      this.options.onError?.(error);
      return;
    }
    // One failed check (database hiccup) must not spare the other pairs their revocation.
    const outcomes = await Promise.allSettled(
      [...pairs.values()].map(async ({ userId, projectId, socketIds }) => {
        if (await this.options.stillAllowed(userId, projectId)) return;
        for (const socketId of socketIds) this.options.revoke(socketId, projectId);
        this.options.roomChanged(projectId);
      }),
    );
    for (const outcome of outcomes) if (outcome.status === 'rejected') this.options.onError?.(outcome.reason);
  }

  /** The (user, project) pairs to check, with this instance's sockets for each. */
  private async pairsConcerned(change: ProjectAccessChanged) {
    const pairs = new Map<string, { userId: string; projectId: string; socketIds: string[] }>();
    const add = (socketId: string, userId: string, projectId: string) => {
      const key = `${userId}:${projectId}`;
      const pair = pairs.get(key) ?? { userId, projectId, socketIds: [] };
      pair.socketIds.push(socketId);
      pairs.set(key, pair);
    };
    if (change.userIds?.length) {
      for (const userId of change.userIds) {
        for (const { socketId, projectIds } of this.options.socketsOfUser(userId)) for (const projectId of projectIds) add(socketId, userId, projectId);
      }
    } else {
      const projectIds = new Set(change.projectIds);
      if (change.associationId) for (const projectId of await this.options.projectsOfAssociation(change.associationId)) projectIds.add(projectId);
      for (const projectId of projectIds) {
        for (const { socketId, userId } of this.options.socketsInProject(projectId)) add(socketId, userId, projectId);
      }
    }
    return pairs;
  }
}
