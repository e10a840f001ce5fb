// The realtime session of one open project: join with the last seq we hold, apply what we missed,
// follow live activities in seq order, and rejoin after every reconnection.
import type { QueryClient } from '@tanstack/react-query';
import type { Activity } from '@/features/activity/api/activity';
import { applyActivity, resyncProject } from './apply-activity';

export interface PresenceUser {
  id: string;
  displayName: string;
}

export type JoinAck =
  | { ok: true; lastSeq: number; missed?: Activity[]; resync?: false }
  | { ok: true; resync: true; lastSeq: number }
  | { ok: false; error: string };

/** What the server sends that this session listens to, with each payload. */
export interface LiveServerEvents {
  connect: () => void;
  disconnect: (reason: string) => void;
  activity: (activity: Activity) => void;
  presence: (payload: { projectId: string; users: PresenceUser[] }) => void;
  typing: (payload: { projectId: string; userId: string }) => void;
  'project:revoked': (payload: { projectId: string }) => void;
}

/** What this session sends to the server. */
export interface LiveClientEvents {
  'project:join': (payload: { projectId: string; afterSeq: number }, ack: (ack: JoinAck) => void) => void;
  'project:leave': (payload: { projectId: string }) => void;
}

/**
 * The part of a socket.io client this session uses (a fake in tests). A listener takes `never[]`: any
 * typed handler fits, and socket.io's own generic listener types (which TypeScript cannot compare with
 * an event map) fit too; the handlers below are typed by LiveServerEvents.
 */
export interface LiveSocket {
  connected: boolean;
  on(event: keyof LiveServerEvents, listener: (...args: never[]) => void): unknown;
  off(event: keyof LiveServerEvents, listener: (...args: never[]) => void): unknown;
  emit<E extends keyof LiveClientEvents>(event: E, ...args: Parameters<LiveClientEvents[E]>): unknown;
}

export interface LiveCallbacks {
  onStatus?: (status: 'connecting' | 'live' | 'reconnected' | 'offline') => void;
  onPresence?: (users: PresenceUser[]) => void;
  onTyping?: (userId: string) => void;
  /** someone's message arrived: they are no longer typing */
  onTypingStopped?: (userId: string) => void;
  onRevoked?: () => void;
}

const OUT_OF_REACH = new Set(['not_found', 'forbidden']);

export class ProjectLiveSession {
  private lastSeq: number;
  private hasJoined = false;
  private joining = false;

  constructor(
    private readonly socket: LiveSocket,
    private readonly client: QueryClient,
    private readonly projectId: string,
    initialSeq: number,
    private readonly callbacks: LiveCallbacks = {},
  ) {
    this.lastSeq = initialSeq;
  }

  get seq(): number {
    return this.lastSeq;
  }

  start(): void {
    this.socket.on('connect', this.handleConnect);
    this.socket.on('disconnect', this.handleDisconnect);
    this.socket.on('activity', this.handleActivity);
    this.socket.on('presence', this.handlePresence);
    this.socket.on('typing', this.handleTyping);
    this.socket.on('project:revoked', this.handleRevoked);
    if (this.socket.connected) this.join();
    else this.callbacks.onStatus?.('connecting');
  }

  stop(): void {
    this.socket.off('connect', this.handleConnect);
    this.socket.off('disconnect', this.handleDisconnect);
    this.socket.off('activity', this.handleActivity);
    this.socket.off('presence', this.handlePresence);
    this.socket.off('typing', this.handleTyping);
    this.socket.off('project:revoked', this.handleRevoked);
    if (this.socket.connected) this.socket.emit('project:leave', { projectId: this.projectId });
  }

  join(): void {
    if (this.joining) return;
    this.joining = true;
    const rejoin = this.hasJoined;
    this.socket.emit('project:join', { projectId: this.projectId, afterSeq: this.lastSeq }, (ack: JoinAck) => {
      this.joining = false;
      if (!ack?.ok) {
        // out of reach (404-like): the same screen as a revocation; other refusals wait for the next connection
        if (ack && OUT_OF_REACH.has(ack.error)) this.callbacks.onRevoked?.();
        else this.callbacks.onStatus?.('offline');
        return;
      }
      if (ack.resync) {
        this.lastSeq = ack.lastSeq;
        void resyncProject(this.client, this.projectId);
      } else {
        for (const activity of [...(ack.missed ?? [])].sort((a, b) => a.seq - b.seq)) this.apply(activity);
        this.lastSeq = Math.max(this.lastSeq, ack.lastSeq);
      }
      this.hasJoined = true;
      this.callbacks.onStatus?.(rejoin ? 'reconnected' : 'live');
    });
  }

  private apply(activity: Activity): void {
    if (activity.seq <= this.lastSeq) return;
    applyActivity(this.client, this.projectId, activity);
    this.lastSeq = activity.seq;
    if (activity.type === 'message.created' && activity.actorId) this.callbacks.onTypingStopped?.(activity.actorId);
  }

  private readonly handleConnect: LiveServerEvents['connect'] = () => this.join();

  private readonly handleDisconnect: LiveServerEvents['disconnect'] = () => this.callbacks.onStatus?.('offline');

  private readonly handleActivity: LiveServerEvents['activity'] = (activity) => {
    if (activity.projectId && activity.projectId !== this.projectId) return;
    if (activity.seq <= this.lastSeq) return;
    // a gap means we lost something (a missed broadcast): the join ack lists it
    if (activity.seq > this.lastSeq + 1) {
      this.join();
      return;
    }
    this.apply(activity);
  };

  private readonly handlePresence: LiveServerEvents['presence'] = (payload) => {
    if (payload.projectId === this.projectId) this.callbacks.onPresence?.(payload.users);
  };

  private readonly handleTyping: LiveServerEvents['typing'] = (payload) => {
    if (payload.projectId === this.projectId) this.callbacks.onTyping?.(payload.userId);
  };

  private readonly handleRevoked: LiveServerEvents['project:revoked'] = (payload) => {
    if (payload.projectId === this.projectId) this.callbacks.onRevoked?.();
  };
}
