export interface ProjectReadersOptions {
  /** Everyone who may read the project now (one read for the whole project). */
  read: (projectId: string) => Promise<Set<string>>;
  /** Moves on whenever some access may have been lost (AccessRevocation's mark). */
  epoch: () => number;
  /** A backstop only: changes announced on any instance already drop the cache at once. */
  ttlMs: number;
}

interface Entry {
  epoch: number;
  expiresAt: number;
  readers: Promise<Set<string>>;
}

/**
 * Who may read a project, remembered for the joins of a reconnect storm: after a restart a thousand
 * sockets rejoin a project within a second, and one read of its readers answers them all instead of
 * an access check each. Only a "yes" is taken from here; a user not in the set gets the full check
 * (they may have joined an association since), so the cache can never refuse anyone wrongly. Every
 * access change (member removed, partner left, on this instance or relayed from another) moves the
 * epoch, which drops every entry: the 1 s revocation promise holds, and a join that raced with a
 * change is checked again by the gateway.
 */
export class ProjectReaders {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: ProjectReadersOptions) {}

  /** Whether the user is known to read the project; false means "ask the full check", not "refused". */
  async includes(userId: string, projectId: string): Promise<boolean> {
    const epoch = this.options.epoch();
    const now = Date.now();
    let entry = this.entries.get(projectId);
    if (!entry || entry.epoch !== epoch || entry.expiresAt <= now) {
      this.dropStale(epoch, now);
      const fresh: Entry = { epoch, expiresAt: now + this.options.ttlMs, readers: this.options.read(projectId) };
      // A failed read is not remembered: the next join reads again.
      fresh.readers.catch(() => {
        if (this.entries.get(projectId) === fresh) this.entries.delete(projectId);
      });
      this.entries.set(projectId, fresh);
      entry = fresh;
    }
    return (await entry.readers).has(userId);
  }

  /** Entries of an earlier epoch or past their time are never used again. */
  private dropStale(epoch: number, now: number): void {
    for (const [projectId, entry] of this.entries) if (entry.epoch !== epoch || entry.expiresAt <= now) this.entries.delete(projectId);
  }
}
