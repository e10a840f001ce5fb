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
/** A join not answered by then is taken as lost (a dropped ack, a stalled server) and sent again. */
export const JOIN_ANSWER_TIMEOUT_MS = 5_000;
/** After a refusal that may pass (the database away, a rate limit), the join is retried: 1 s, 2 s, … up to 30 s. */
const JOIN_RETRY_FIRST_MS = 1_000;
const JOIN_RETRY_MAX_MS = 30_000;

export class ProjectLiveSession {
  private lastSeq: number;
  private hasJoined = false;
  /** The join waiting for its answer, if any: only its own answer counts, an older one is ignored. */
  private pendingJoin?: { attempt: number; timeout: ReturnType<typeof setTimeout> };
  private joinAttempts = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private retryDelayMs = JOIN_RETRY_FIRST_MS;
  private stopped = false;

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
    this.stopped = true;
    this.forgetPendingJoin();
    this.socket.off('connect', this.handleConnect);
    this.socket.off('disconnect', this.handleDisconnect);
    this.socket.off('activity', this.handleActivity);
    this.socket.off('presence', this.handlePresence);
    this.socket.off('typing', this.handleTyping);
    this.socket.off('project:revoked', this.handleRevoked);
    if (this.socket.connected) this.socket.emit('project:leave', { projectId: this.projectId });
  }

  join(): void {
    if (this.pendingJoin || this.stopped) return;
    clearTimeout(this.retryTimer);
    const attempt = ++this.joinAttempts;
    const rejoin = this.hasJoined;
    // socket.io never answers an ack lost with its connection, nor one the server dropped: without
    // this the session would wait forever and never show the project live.
    const timeout = setTimeout(() => {
      if (this.pendingJoin?.attempt !== attempt) return;
      this.pendingJoin = undefined;
      if (this.socket.connected) this.join();
    }, JOIN_ANSWER_TIMEOUT_MS);
    this.pendingJoin = { attempt, timeout };
    this.socket.emit('project:join', { projectId: this.projectId, afterSeq: this.lastSeq }, (ack: JoinAck) => {
      if (this.pendingJoin?.attempt !== attempt) return;
      this.forgetPendingJoin();
      if (!ack?.ok) {
        // out of reach (404-like): the same screen as a revocation; other refusals may pass, so they are retried
        if (ack && OUT_OF_REACH.has(ack.error)) this.callbacks.onRevoked?.();
        else this.retryLater();
        return;
      }
      this.retryDelayMs = JOIN_RETRY_FIRST_MS;
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

  private retryLater(): void {
    this.callbacks.onStatus?.('offline');
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, JOIN_RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      if (this.socket.connected) this.join();
    }, delay);
  }

  /** Whatever join was under way will not be answered (closed connection, stopped session). */
  private forgetPendingJoin(): void {
    if (this.pendingJoin) clearTimeout(this.pendingJoin.timeout);
    this.pendingJoin = undefined;
    clearTimeout(this.retryTimer);
  }

  private apply(activity: Activity): void {
    if (activity.seq <= this.lastSeq) return;
    applyActivity(this.client, this.projectId, activity);
    this.lastSeq = activity.seq;
    if (activity.type === 'message.created' && activity.actorId) this.callbacks.onTypingStopped?.(activity.actorId);
  }

  private readonly handleConnect = () => this.join();

  private readonly handleDisconnect = () => {
    // the connection's acks are gone with it: the next connection joins afresh
    this.forgetPendingJoin();
    this.callbacks.onStatus?.('offline');
  };

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
