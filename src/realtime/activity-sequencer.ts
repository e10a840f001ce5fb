import type { ActivityView } from '@maillage/contract';

export interface ActivitySequencerOptions {
  /** Delivers one activity; called in strictly increasing, consecutive seq order per project. */
  deliver: (activity: ActivityView) => void;
  /** Reads activities with seq > after from the log, oldest first (to fill a gap nobody announced). */
  fetchAfter: (projectId: string, after: number, limit: number) => Promise<ActivityView[]>;
  /** How long a later seq waits for the missing one before the log is read. */
  gapWaitMs: number;
  onError?: (error: unknown) => void;
}

interface ProjectStream {
  /** The last seq delivered; null while the first joiner is still reading where the log stands. */
  last: number | null;
  /** Later seqs waiting for a missing one. */
  held: Map<number, ActivityView>;
  gapTimer?: NodeJS.Timeout;
  filling: boolean;
}

const FILL_BATCH = 500;

/**
 * Puts activities back in seq order per project before they reach clients.
 *
 * Appends racing in one process (or arriving from other instances) may be announced out of order,
 * and an announcement can be lost (Redis down). The log itself has no gaps (invariant 4), so when a
 * later seq waits longer than `gapWaitMs` the missing ones are read from the database. A project is
 * tracked only while some local socket listens to it; its starting point is the `lastSeq` that the
 * first joiner's catch-up read from the database.
 */
export class ActivitySequencer {
  private readonly streams = new Map<string, ProjectStream>();

  constructor(private readonly options: ActivitySequencerOptions) {}

  isTracked(projectId: string): boolean {
    return this.streams.has(projectId);
  }

  /** The last seq delivered for the project; null while it is not tracked or its start is not known yet. */
  lastDelivered(projectId: string): number | null {
    return this.streams.get(projectId)?.last ?? null;
  }

  /**
   * Called before a joiner reads the log: from now on announcements for the project are kept, so
   * none falls between that read and `track`.
   */
  open(projectId: string): void {
    if (!this.streams.has(projectId)) this.streams.set(projectId, { last: null, held: new Map(), filling: false });
  }

  /**
   * Sets where delivery starts (everything up to `lastSeq` was read by the joiner) if that was not
   * known yet; otherwise only fills a gap, if the log is ahead of what was delivered.
   */
  track(projectId: string, lastSeq: number): void {
    this.open(projectId);
    const stream = this.streams.get(projectId)!;
    if (stream.last === null) {
      stream.last = lastSeq;
      this.deliverHeld(projectId, stream);
    } else if (lastSeq > stream.last) {
      this.scheduleFill(projectId, stream);
    }
  }

  untrack(projectId: string): void {
    const stream = this.streams.get(projectId);
    if (stream?.gapTimer) clearTimeout(stream.gapTimer);
    this.streams.delete(projectId);
  }

  trackedProjects(): string[] {
    return [...this.streams.keys()];
  }

  /** An activity was announced (by this process or another instance); duplicates are ignored. */
  push(activity: ActivityView): void {
    const stream = this.streams.get(activity.projectId);
    if (!stream) return;
    if (stream.last === null) {
      stream.held.set(activity.seq, activity);
      return;
    }
    if (activity.seq <= stream.last) return;
    if (activity.seq === stream.last + 1 && !stream.filling) {
      this.deliverInOrder(stream, activity);
      return;
    }
    stream.held.set(activity.seq, activity);
    if (!stream.filling && !stream.gapTimer) this.scheduleFill(activity.projectId, stream);
  }

  /** Reads whatever the log has beyond what was delivered (e.g. after Redis came back). */
  resync(projectId: string): void {
    const stream = this.streams.get(projectId);
    if (stream) void this.fill(projectId, stream);
  }

  close(): void {
    for (const projectId of [...this.streams.keys()]) this.untrack(projectId);
  }

  private deliverInOrder(stream: ProjectStream, activity: ActivityView): void {
    this.deliver(stream, activity);
    for (let next = stream.held.get(activity.seq + 1); next; next = stream.held.get(next.seq + 1)) {
      stream.held.delete(next.seq);
      this.deliver(stream, next);
    }
    if (!stream.held.size && stream.gapTimer) {
      clearTimeout(stream.gapTimer);
      stream.gapTimer = undefined;
    }
  }

  private deliverHeld(projectId: string, stream: ProjectStream): void {
    const last = stream.last;
    if (last === null) return;
    for (const seq of [...stream.held.keys()]) if (seq <= last) stream.held.delete(seq);
    const next = stream.held.get(last + 1);
    if (next) {
      stream.held.delete(next.seq);
      this.deliverInOrder(stream, next);
    }
    // Still a gap (an announcement for a seq not yet readable, or the read failed): try again later.
    if (stream.held.size) this.scheduleFill(projectId, stream);
  }

  private deliver(stream: ProjectStream, activity: ActivityView): void {
    stream.last = activity.seq;
    try {
      this.options.deliver(activity);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private scheduleFill(projectId: string, stream: ProjectStream): void {
    if (stream.gapTimer) return;
    stream.gapTimer = setTimeout(() => {
      stream.gapTimer = undefined;
      void this.fill(projectId, stream);
    }, this.options.gapWaitMs);
    stream.gapTimer.unref?.();
  }

  private async fill(projectId: string, stream: ProjectStream): Promise<void> {
    if (stream.filling || stream.last === null) return;
    stream.filling = true;
    try {
      for (;;) {
        const after: number = stream.last ?? 0;
        const rows = await this.options.fetchAfter(projectId, after, FILL_BATCH);
        if (this.streams.get(projectId) !== stream) return;
        for (const row of rows) {
          if (row.seq !== (stream.last ?? 0) + 1) break;
          stream.held.delete(row.seq);
          this.deliver(stream, row);
        }
        if (rows.length < FILL_BATCH) break;
      }
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      stream.filling = false;
    }
    if (this.streams.get(projectId) === stream) this.deliverHeld(projectId, stream);
  }
}
