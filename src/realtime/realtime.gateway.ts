import { HttpException, HttpStatus, Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { Model, Types } from 'mongoose';
import { ActivityService } from '../activity/activity.service';
import { ChatService } from '../chat/chat.service';
import { AccessService } from '../common/access/access.service';
import type { ActivityView, JoinAnswer, MessageView } from '@maillage/contract';
import { DomainEvent, ProjectAccessChanged, UserSessionsEnded } from '../common/domain-events';
import { ProblemException } from '../common/errors/problem.exception';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app.config';
import { TokenService } from '../auth/token.service';
import { Partner } from '../projects/schemas/partner.schema';
import { ActivitySequencer } from './activity-sequencer';
import {
  Ack,
  ErrorAck,
  PresenceUser,
  PROJECT_ROOM_PREFIX,
  projectRoom,
  RealtimeErrorCode,
  RealtimeServer,
  RealtimeSocket,
  userRoom,
} from './realtime-events';
import { PayloadError, readJoin, readMessage, readProjectRef, readRefresh } from './realtime-payloads';
import { TokenBucket } from './token-bucket';

/** Beyond this many missed activities a joiner is told to reload rather than sent them all. */
export const MAX_MISSED_ACTIVITIES = 500;
/** Per-socket emit budget. */
const EMITS_PER_SECOND = 20;
const EMIT_BURST = 40;
/** Any single client event larger than this (as JSON) is refused with an error ack. */
const MAX_EVENT_JSON_CHARS = 16 * 1024;
/** How long a later seq waits for a missing earlier one before the log is read. */
const GAP_WAIT_MS = 50;
/** With several instances, how often a listened project is compared with the log (lost announcements). */
const RESYNC_INTERVAL_MS = 2000;
/** Presence is recomputed this long after a change, coalescing bursts; longer in big rooms. */
const PRESENCE_DELAY_MS = 25;
const PRESENCE_DELAY_BIG_ROOM_MS = 1000;
const BIG_ROOM_SOCKETS = 100;
const FETCH_SOCKETS_TIMEOUT_MS = 2000;

interface SocketState {
  bucket: TokenBucket;
  expiryTimer?: NodeJS.Timeout;
}

/**
 * Live collaboration over socket.io (the realtime contract of PRODUCT.md): authenticated sockets
 * join project rooms after an access check, receive the project's activities in seq order, see who
 * is there and who types, send chat messages, and are removed the moment they lose access.
 *
 * Services never call this class: it listens to domain events. With several instances (Redis),
 * activities and access changes are relayed to every instance with serverSideEmit and each one
 * delivers to its own sockets, so ordering and revocation are decided next to the socket.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeGateway.name);
  @WebSocketServer() private server!: RealtimeServer;

  private readonly sockets = new Map<string, SocketState>();
  private readonly sequencer: ActivitySequencer;
  private readonly presenceTimers = new Map<string, NodeJS.Timeout>();
  private resyncTimer?: NodeJS.Timeout;
  /** Bumped whenever some access may have been lost, so a join racing with it checks again. */
  private accessEpoch = 0;

  constructor(
    private readonly tokens: TokenService,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly chat: ChatService,
    @InjectModel(Partner.name) private readonly partners: Model<Partner>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sequencer = new ActivitySequencer({
      deliver: (view) => this.server.local.to(projectRoom(view.projectId)).emit('activity', view),
      fetchAfter: (projectId, after, limit) => this.activity.listAfter(projectId, after, limit),
      gapWaitMs: GAP_WAIT_MS,
      onError: (error) => this.logger.warn(`Could not read missing activities: ${String(error)}`),
    });
  }

  afterInit(server: RealtimeServer): void {
    server.use((socket, next) => {
      const verified = this.tokens.verifyAccessToken((socket.handshake.auth as { token?: unknown } | undefined)?.token);
      if (!verified || verified.expiresAt <= Date.now()) return next(new Error('unauthorized'));
      socket.data = { userId: verified.user.id, email: verified.user.email, displayName: verified.user.displayName, expiresAt: verified.expiresAt };
      next();
    });
    if (this.config.redisUrl) {
      server.sockets.on('maillage:activity', (view) => this.sequencer.push(view));
      server.sockets.on('maillage:access-changed', (change) => void this.recheckAccess(change));
      server.sockets.on('maillage:sessions-ended', (ended) => this.endSessions(ended));
      // An announcement from another instance can be lost while Redis is away: compare with the log.
      this.resyncTimer = setInterval(() => this.resyncTracked(), RESYNC_INTERVAL_MS);
      this.resyncTimer.unref();
    }
  }

  onModuleDestroy(): void {
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    for (const timer of this.presenceTimers.values()) clearTimeout(timer);
    this.presenceTimers.clear();
    for (const state of this.sockets.values()) clearTimeout(state.expiryTimer);
    this.sequencer.close();
  }

  handleConnection(socket: RealtimeSocket): void {
    const state: SocketState = { bucket: new TokenBucket(EMITS_PER_SECOND, EMIT_BURST) };
    this.sockets.set(socket.id, state);
    socket.use((packet, next) => {
      const [event, ...args] = packet;
      const ack = typeof args[args.length - 1] === 'function' ? (args[args.length - 1] as (answer: ErrorAck) => void) : undefined;
      let refusal: RealtimeErrorCode | undefined;
      if (!state.bucket.tryTake()) refusal = 'rate_limited';
      else if (jsonLength(ack ? args.slice(0, -1) : args) > MAX_EVENT_JSON_CHARS) refusal = 'payload_too_large';
      if (!refusal) return next();
      if (ack) ack({ ok: false, error: refusal });
      else socket.emit('request:error', { event: String(event), error: refusal });
    });
    socket.on('disconnecting', () => {
      for (const room of socket.rooms) if (room.startsWith(PROJECT_ROOM_PREFIX)) this.roomChanged(room.slice(PROJECT_ROOM_PREFIX.length));
    });
    void socket.join(userRoom(socket.data.userId));
    this.armExpiry(socket, state);
  }

  handleDisconnect(socket: RealtimeSocket): void {
    const state = this.sockets.get(socket.id);
    if (state) clearTimeout(state.expiryTimer);
    this.sockets.delete(socket.id);
  }

  @SubscribeMessage('project:join')
  async join(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown): Promise<Ack<JoinAnswer>> {
    return this.answer<JoinAnswer>(async () => {
      const { projectId, afterSeq } = readJoin(payload);
      const epoch = this.accessEpoch;
      await this.access.requireProject(socket.data.userId, projectId, 'project.read');
      if (socket.disconnected) return { ok: false, error: 'unauthorized' };
      const room = projectRoom(projectId);
      // Keep announcements from here on, then read the log: nothing falls between the two.
      this.sequencer.open(projectId);
      await socket.join(room);
      if (epoch !== this.accessEpoch && !(await this.stillAllowed(socket.data.userId, projectId))) {
        await socket.leave(room);
        this.untrackIfUnheard(projectId);
        return { ok: false, error: 'not_found' };
      }
      const answer = await this.catchUp(projectId, afterSeq);
      this.sequencer.track(projectId, answer.lastSeq);
      this.roomChanged(projectId);
      return { ok: true, ...answer };
    });
  }

  @SubscribeMessage('project:leave')
  async leave(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer<object>(async () => {
      const { projectId } = readProjectRef(payload);
      const room = projectRoom(projectId);
      if (socket.rooms.has(room)) {
        await socket.leave(room);
        this.roomChanged(projectId);
      }
      return { ok: true };
    });
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer<object>(async () => {
      const { projectId } = readProjectRef(payload);
      const room = projectRoom(projectId);
      if (!socket.rooms.has(room)) return { ok: false, error: 'not_found' };
      socket.to(room).emit('typing', { projectId, userId: socket.data.userId });
      return { ok: true };
    });
  }

  @SubscribeMessage('message:send')
  async sendMessage(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown): Promise<Ack<{ message: MessageView }>> {
    return this.answer<{ message: MessageView }>(async () => {
      const { projectId, body, clientMessageId } = readMessage(payload);
      const { userId: id, email, displayName } = socket.data;
      const { message } = await this.chat.send({ id, email, displayName }, projectId, body, clientMessageId);
      return { ok: true, message };
    });
  }

  @SubscribeMessage('auth:refresh')
  async refresh(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown): Promise<Ack<{ expiresAt: string }>> {
    return this.answer<{ expiresAt: string }>(async () => {
      const { token } = readRefresh(payload);
      const verified = this.tokens.verifyAccessToken(token);
      if (!verified || verified.user.id !== socket.data.userId || verified.expiresAt <= Date.now()) return { ok: false, error: 'unauthorized' };
      socket.data.expiresAt = Math.max(socket.data.expiresAt, verified.expiresAt);
      socket.data.displayName = verified.user.displayName;
      socket.handshake.auth = { ...socket.handshake.auth, token };
      const state = this.sockets.get(socket.id);
      if (state) this.armExpiry(socket, state);
      return { ok: true, expiresAt: new Date(socket.data.expiresAt).toISOString() };
    });
  }

  @OnEvent(DomainEvent.ActivityAppended)
  onActivityAppended(view: ActivityView): void {
    this.sequencer.push(view);
    if (this.config.redisUrl) this.server.serverSideEmit('maillage:activity', view);
  }

  @OnEvent(DomainEvent.ProjectAccessChanged)
  async onProjectAccessChanged(change: ProjectAccessChanged): Promise<void> {
    if (this.config.redisUrl) this.server.serverSideEmit('maillage:access-changed', change);
    await this.recheckAccess(change);
  }

  @OnEvent(DomainEvent.UserSessionsEnded)
  onUserSessionsEnded(ended: UserSessionsEnded): void {
    if (this.config.redisUrl) this.server.serverSideEmit('maillage:sessions-ended', ended);
    this.endSessions(ended);
  }

  /** What a joiner missed since `afterSeq`, or only where the log stands when it gave none. */
  private async catchUp(projectId: string, afterSeq: number | undefined): Promise<JoinAnswer> {
    if (afterSeq === undefined) return { lastSeq: await this.activity.lastSeq(projectId), missed: [] };
    const missed = await this.activity.listAfter(projectId, afterSeq, MAX_MISSED_ACTIVITIES + 1);
    if (missed.length > MAX_MISSED_ACTIVITIES) return { lastSeq: await this.activity.lastSeq(projectId), resync: true };
    const lastSeq = missed.length ? missed[missed.length - 1].seq : await this.activity.lastSeq(projectId);
    return { lastSeq, missed };
  }

  /**
   * Re-checks the access of this instance's sockets that a change may concern; those who lost it
   * leave the room first, then learn it (so nothing of the project follows `project:revoked`).
   */
  private async recheckAccess(change: ProjectAccessChanged): Promise<void> {
    this.accessEpoch++;
    try {
      const pairs = new Map<string, { userId: string; projectId: string; socketIds: string[] }>();
      const add = (socketId: string, userId: string, projectId: string) => {
        const key = `${userId}:${projectId}`;
        const pair = pairs.get(key) ?? { userId, projectId, socketIds: [] };
        pair.socketIds.push(socketId);
        pairs.set(key, pair);
      };
      const rooms = this.server.sockets.adapter.rooms;
      if (change.userIds?.length) {
        for (const userId of change.userIds) {
          for (const socketId of rooms.get(userRoom(userId)) ?? []) {
            const socket = this.server.sockets.sockets.get(socketId);
            for (const room of socket?.rooms ?? []) if (room.startsWith(PROJECT_ROOM_PREFIX)) add(socketId, userId, room.slice(PROJECT_ROOM_PREFIX.length));
          }
        }
      } else {
        for (const projectId of await this.projectsConcerned(change)) {
          for (const socketId of rooms.get(projectRoom(projectId)) ?? []) {
            const socket = this.server.sockets.sockets.get(socketId);
            if (socket) add(socketId, socket.data.userId, projectId);
          }
        }
      }
      await Promise.all(
        [...pairs.values()].map(async ({ userId, projectId, socketIds }) => {
          if (await this.stillAllowed(userId, projectId)) return;
          const room = projectRoom(projectId);
          for (const socketId of socketIds) {
            const socket = this.server.sockets.sockets.get(socketId);
            if (!socket?.rooms.has(room)) continue;
            void socket.leave(room);
            socket.emit('project:revoked', { projectId });
          }
          this.roomChanged(projectId);
        }),
      );
    } catch (error) {
      this.logger.error(`Could not re-check access after a change: ${String(error)}`);
    }
  }

  private async projectsConcerned(change: ProjectAccessChanged): Promise<string[]> {
    const projectIds = new Set(change.projectIds);
    if (change.associationId && Types.ObjectId.isValid(change.associationId)) {
      const rows = await this.partners.find({ associationId: new Types.ObjectId(change.associationId) }, { projectId: 1 }).lean();
      for (const row of rows) projectIds.add(String(row.projectId));
    }
    return [...projectIds];
  }

  private async stillAllowed(userId: string, projectId: string): Promise<boolean> {
    try {
      await this.access.requireProject(userId, projectId, 'project.read');
      return true;
    } catch (error) {
      if (error instanceof HttpException) return false;
      throw error;
    }
  }

  private endSessions({ userId, reason }: UserSessionsEnded): void {
    for (const socketId of [...(this.server.sockets.adapter.rooms.get(userRoom(userId)) ?? [])]) {
      const socket = this.server.sockets.sockets.get(socketId);
      if (!socket) continue;
      socket.emit('session:ended', { reason });
      socket.disconnect(true);
    }
  }

  /** At the token's expiry the socket is told why, then closed; `auth:refresh` pushes it back. */
  private armExpiry(socket: RealtimeSocket, state: SocketState): void {
    clearTimeout(state.expiryTimer);
    state.expiryTimer = setTimeout(() => {
      if (socket.disconnected) return;
      socket.emit('session:expired', { expiredAt: new Date(socket.data.expiresAt).toISOString() });
      socket.disconnect(true);
    }, Math.max(0, socket.data.expiresAt - Date.now()));
    state.expiryTimer.unref();
  }

  /** Someone joined or left a project room: refresh presence, stop listening to empty rooms. */
  private roomChanged(projectId: string): void {
    this.schedulePresence(projectId);
    setImmediate(() => this.untrackIfUnheard(projectId));
  }

  private untrackIfUnheard(projectId: string): void {
    if (!this.server.sockets.adapter.rooms.get(projectRoom(projectId))?.size) this.sequencer.untrack(projectId);
  }

  private schedulePresence(projectId: string): void {
    if (this.presenceTimers.has(projectId)) return;
    const localSockets = this.server.sockets.adapter.rooms.get(projectRoom(projectId))?.size ?? 0;
    const timer = setTimeout(() => {
      this.presenceTimers.delete(projectId);
      void this.broadcastPresence(projectId);
    }, localSockets >= BIG_ROOM_SOCKETS ? PRESENCE_DELAY_BIG_ROOM_MS : PRESENCE_DELAY_MS);
    timer.unref();
    this.presenceTimers.set(projectId, timer);
  }

  /** Presence spans instances: fetchSockets asks every instance through the adapter. */
  private async broadcastPresence(projectId: string): Promise<void> {
    const room = projectRoom(projectId);
    try {
      const sockets = await this.server.in(room).timeout(FETCH_SOCKETS_TIMEOUT_MS).fetchSockets();
      const users = new Map<string, PresenceUser>();
      for (const socket of sockets) {
        if (socket.data?.userId && !users.has(socket.data.userId)) users.set(socket.data.userId, { id: socket.data.userId, displayName: socket.data.displayName });
      }
      const list = [...users.values()].sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
      this.server.to(room).emit('presence', { projectId, users: list });
    } catch (error) {
      this.logger.warn(`Could not compute presence of ${room}: ${String(error)}`);
    }
  }

  private resyncTracked(): void {
    for (const projectId of this.sequencer.trackedProjects()) {
      if (this.server.sockets.adapter.rooms.get(projectRoom(projectId))?.size) this.sequencer.resync(projectId);
      else this.sequencer.untrack(projectId);
    }
  }

  /** Runs a request and turns every failure into an error ack: a bad client never crashes anything. */
  private async answer<T extends object>(handle: () => Promise<Ack<T>>): Promise<Ack<T>> {
    try {
      return await handle();
    } catch (error) {
      if (error instanceof PayloadError) return error.toAck();
      if (error instanceof ProblemException || error instanceof HttpException) return problemAck(error);
      this.logger.error(`Realtime request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { ok: false, error: 'internal' };
    }
  }
}

function problemAck(error: HttpException): ErrorAck {
  const status = error.getStatus();
  const extras = error instanceof ProblemException ? error.extras : {};
  switch (status) {
    case HttpStatus.NOT_FOUND:
      return { ok: false, error: 'not_found' };
    case HttpStatus.FORBIDDEN:
      return { ok: false, error: 'forbidden' };
    case HttpStatus.CONFLICT:
      return { ok: false, error: 'conflict' };
    case HttpStatus.UNAUTHORIZED:
      return { ok: false, error: 'unauthorized' };
    case HttpStatus.BAD_REQUEST:
      return { ok: false, error: 'bad_request', ...(extras.errors ? { errors: extras.errors } : {}) };
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return { ok: false, error: 'payload_too_large' };
    case HttpStatus.TOO_MANY_REQUESTS:
      return { ok: false, error: 'rate_limited' };
    default:
      return { ok: false, error: 'internal' };
  }
}

function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
