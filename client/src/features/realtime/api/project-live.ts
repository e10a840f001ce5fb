// The realtime session of one open project: join with the last seq we hold, apply what we missed,
// follow live activities in seq order, and rejoin after every reconnection.
import type { QueryClient } from '@tanstack/react-query';
import type { Ack, ClientToServerEvents, JoinAnswer, PresenceUser, ServerToClientEvents } from '@maillage/contract';
import type { Activity } from '@/features/activity/api/activity';
import { applyActivity, resyncProject } from './apply-activity';

export type { PresenceUser } from '@maillage/contract';
export type JoinAck = Ack<JoinAnswer>;

/** The part of a socket.io client this session uses (a fake in tests), typed by the contract. */
export interface LiveSocket {
  connected: boolean;
  on(event: 'connect' | 'disconnect', listener: () => void): unknown;
  on<E extends keyof ServerToClientEvents>(event: E, listener: ServerToClientEvents[E]): unknown;
  off(event: 'connect' | 'disconnect', listener: () => void): unknown;
  off<E extends keyof ServerToClientEvents>(event: E, listener: ServerToClientEvents[E]): unknown;
  emit<E extends keyof ClientToServerEvents>(event: E, ...args: Parameters<ClientToServerEvents[E]>): unknown;
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

  private readonly handleConnect = () => this.join();

  private readonly handleDisconnect = () => this.callbacks.onStatus?.('offline');

  private readonly handleActivity: ServerToClientEvents['activity'] = (activity) => {
    if (activity.projectId && activity.projectId !== this.projectId) return;
    if (activity.seq <= this.lastSeq) return;
    // a gap means we lost something (a missed broadcast): the join ack lists it
    if (activity.seq > this.lastSeq + 1) {
      this.join();
      return;
    }
    this.apply(activity);
  };

  private readonly handlePresence: ServerToClientEvents['presence'] = (payload) => {
    if (payload.projectId === this.projectId) this.callbacks.onPresence?.(payload.users);
  };

  private readonly handleTyping: ServerToClientEvents['typing'] = (payload) => {
    if (payload.projectId === this.projectId) this.callbacks.onTyping?.(payload.userId);
  };

  private readonly handleRevoked: ServerToClientEvents['project:revoked'] = (payload) => {
    if (payload.projectId === this.projectId) this.callbacks.onRevoked?.();
  };
}
