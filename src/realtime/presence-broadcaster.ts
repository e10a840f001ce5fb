import type { PresenceUser } from './realtime-events';

/** Presence is recomputed this long after a change, coalescing bursts; longer in big rooms. */
export const PRESENCE_TIMING = { delayMs: 25, bigRoomDelayMs: 1000, bigRoomSockets: 100 };

/** Someone in a project room, as any instance reports it (fetchSockets gives every instance's). */
export interface PresentSocket {
  userId?: string;
  displayName: string;
}

export interface PresenceBroadcasterOptions {
  /** How many sockets of this instance listen to the project (bigger rooms wait longer). */
  localSockets: (projectId: string) => number;
  /** Everyone in the project room, on every instance. */
  fetchPresent: (projectId: string) => Promise<PresentSocket[]>;
  /** Sends the list to the whole room. */
  broadcast: (projectId: string, users: PresenceUser[]) => void;
  /** Sends the list to these sockets of this instance only, those still in the room. */
  greet: (projectId: string, socketIds: string[], users: PresenceUser[]) => void;
  /** Presence is recomputed this long after a change, coalescing bursts; longer in big rooms. */
  delayMs: number;
  bigRoomDelayMs: number;
  bigRoomSockets: number;
  /**
   * Whether an unchanged list may be left unsent. Only when this instance alone talks to the room's
   * sockets: then it knows what each of them last received (with several instances, another one may
   * have sent a newer list since).
   */
  skipUnchanged: boolean;
  onError?: (projectId: string, error: unknown) => void;
}

/** Each user once, by display name then id, so every client renders the same list. */
export function presenceList(present: PresentSocket[]): PresenceUser[] {
  const users = new Map<string, PresenceUser>();
  for (const socket of present) {
    if (socket.userId && !users.has(socket.userId)) users.set(socket.userId, { id: socket.userId, displayName: socket.displayName });
  }
  return [...users.values()].sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
}

/**
 * Tells a project room who is in it after someone joined or left. A burst of joins (a meeting
 * starting, a reconnect wave) gives one recomputation per room, not one per socket: each one asks
 * every instance, which is what costs.
 */
export class PresenceBroadcaster {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The list each room last received (with skipUnchanged), as sent and as compared. */
  private readonly sent = new Map<string, { users: PresenceUser[]; key: string }>();
  /** Sockets that joined during this turn of the event loop, per project, and the greeting planned for them. */
  private readonly greetings = new Map<string, { socketIds: string[]; immediate: NodeJS.Immediate }>();

  constructor(private readonly options: PresenceBroadcasterOptions) {}

  /** Recomputes the project's presence soon, unless that is already planned. */
  schedule(projectId: string): void {
    if (this.timers.has(projectId)) return;
    const big = this.options.localSockets(projectId) >= this.options.bigRoomSockets;
    const timer = setTimeout(
      () => {
        this.timers.delete(projectId);
        void this.broadcastNow(projectId);
      },
      big ? this.options.bigRoomDelayMs : this.options.delayMs,
    );
    timer.unref();
    this.timers.set(projectId, timer);
  }

  /**
   * What a socket that just joined is told right after its join is answered: the list the room last
   * received, when the room is only sent changes (a reconnect wave of members already listed then
   * costs no broadcast). The joiners of one turn of the event loop are told together, in one message
   * encoded once (a wave of 1,000 joins encoded the 6 KB list of 100 members once per socket: a tenth
   * of the joins' CPU). A joiner who changes the list gets the new one with everyone, after the delay.
   */
  greet(projectId: string, socketId: string): void {
    if (!this.sent.has(projectId)) return;
    const planned = this.greetings.get(projectId);
    if (planned) {
      planned.socketIds.push(socketId);
      return;
    }
    const immediate = setImmediate(() => {
      const socketIds = this.greetings.get(projectId)?.socketIds ?? [];
      this.greetings.delete(projectId);
      const last = this.sent.get(projectId);
      if (last) this.options.greet(projectId, socketIds, last.users);
    });
    this.greetings.set(projectId, { socketIds: [socketId], immediate });
  }

  /** The room is empty here: nothing to remember for it. */
  forget(projectId: string): void {
    this.sent.delete(projectId);
    const planned = this.greetings.get(projectId);
    if (planned) clearImmediate(planned.immediate);
    this.greetings.delete(projectId);
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const { immediate } of this.greetings.values()) clearImmediate(immediate);
    this.greetings.clear();
    this.sent.clear();
  }

  private async broadcastNow(projectId: string): Promise<void> {
    try {
      const users = presenceList(await this.options.fetchPresent(projectId));
      if (this.options.skipUnchanged) {
        const key = JSON.stringify(users);
        if (this.sent.get(projectId)?.key === key) return;
        this.sent.set(projectId, { users, key });
      }
      this.options.broadcast(projectId, users);
    } catch (error) {
      this.options.onError?.(projectId, error);
    }
  }
}
