// Under 400 lines: the handlers, plus the socket.io wiring of the sequencer, presence, revocation and
// the project readers (their logic lives in their own classes). The handshake stays here on purpose.
import { HttpException, Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
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
import { ActivityService } from '../activity/activity.service';
import { ChatService } from '../chat/chat.service';
import { AccessService } from '../common/access/access.service';
import type { ActivityView, JoinAnswer, MessageView } from '@maillage/contract';
import { DomainEvent, NotificationCreated, ProjectAccessChanged, UserSessionsEnded } from '../common/domain-events';
import { isDatabaseUnavailableError } from '../common/errors/mongo-errors';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app.config';
import { TokenService } from '../auth/token.service';
import { AccessRevocation } from './access-revocation';
import { InvitationAnnouncer } from './invitation-announcer';
import { ActivitySequencer } from './activity-sequencer';
import { PRESENCE_TIMING, PresenceBroadcaster } from './presence-broadcaster';
import { ProjectReaders } from './project-readers';
import { Ack, PROJECT_ROOM_PREFIX, projectRoom, RealtimeServer, RealtimeSocket, userRoom } from './realtime-events';
import { limitInbound, problemAck } from './realtime-acks';
import { PayloadError, readJoin, readMessage, readProjectRef, readRefresh } from './realtime-payloads';
import { TokenBucket } from './token-bucket';

/** Beyond this many missed activities a joiner is told to reload rather than sent them all. */
export const MAX_MISSED_ACTIVITIES = 500;
/** Per-socket emit budget. */
const EMITS_PER_SECOND = 20;
const EMIT_BURST = 40;
/** How long a later seq waits for a missing earlier one before the log is read. */
const GAP_WAIT_MS = 50;
/** With several instances, how often a listened project is compared with the log (lost announcements). */
const RESYNC_INTERVAL_MS = 2000;
const FETCH_SOCKETS_TIMEOUT_MS = 2000;
/** How long a project's readers answer joins when no access change came in between. */
const READERS_TTL_MS = 10_000;

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
  private readonly presence: PresenceBroadcaster;
  private readonly revocation: AccessRevocation;
  private readonly invitations: InvitationAnnouncer;
  private readonly readers: ProjectReaders;
  /** Where a project's log stands, read once for all the joiners that arrive before the first one is done. */
  private readonly lastSeqReads = new Map<string, Promise<number>>();
  private resyncTimer?: NodeJS.Timeout;

  constructor(
    private readonly tokens: TokenService,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly chat: ChatService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sequencer = new ActivitySequencer({
      deliver: (view) => this.server.local.to(projectRoom(view.projectId)).emit('activity', view),
      fetchAfter: (projectId, after, limit) => this.activity.listAfter(projectId, after, limit),
      gapWaitMs: GAP_WAIT_MS,
      onError: (error) => this.logger.warn(`Could not read missing activities: ${String(error)}`),
    });
    this.presence = new PresenceBroadcaster({
      localSockets: (projectId) => this.server.sockets.adapter.rooms.get(projectRoom(projectId))?.size ?? 0,
      // fetchSockets asks every instance through the adapter: presence spans instances.
      fetchPresent: async (projectId) =>
        (await this.server.in(projectRoom(projectId)).timeout(FETCH_SOCKETS_TIMEOUT_MS).fetchSockets()).map((socket) => ({
          userId: socket.data?.userId,
          displayName: socket.data?.displayName,
        })),
      broadcast: (projectId, users) => this.server.to(projectRoom(projectId)).emit('presence', { projectId, users }),
      greet: (projectId, socketIds, users) => {
        const room = this.server.sockets.adapter.rooms.get(projectRoom(projectId));
        const stillThere = socketIds.filter((socketId) => room?.has(socketId));
        // Each socket is in a room of its own id: one message, encoded once, to all of them.
        if (stillThere.length) this.server.local.to(stillThere).emit('presence', { projectId, users });
      },
      ...PRESENCE_TIMING,
      skipUnchanged: !config.redisUrl,
      onError: (projectId, error) => this.logger.warn(`Could not compute presence of ${projectRoom(projectId)}: ${String(error)}`),
    });
    this.revocation = new AccessRevocation({
      stillAllowed: (userId, projectId) => this.access.mayAccessProject(userId, projectId, 'project.read'),
      projectsOfAssociation: (associationId) => this.access.projectIdsOfAssociation(associationId),
      socketsOfUser: (userId) =>
        [...(this.server.sockets.adapter.rooms.get(userRoom(userId)) ?? [])].map((socketId) => ({ socketId, projectIds: this.projectsOf(socketId) })),
      socketsInProject: (projectId) =>
        [...(this.server.sockets.adapter.rooms.get(projectRoom(projectId)) ?? [])].flatMap((socketId) => {
          const socket = this.server.sockets.sockets.get(socketId);
          return socket ? [{ socketId, userId: socket.data.userId }] : [];
        }),
      // Leave first, then tell: nothing of the project follows `project:revoked`.
      revoke: (socketId, projectId) => {
        const socket = this.server.sockets.sockets.get(socketId);
        if (!socket?.rooms.has(projectRoom(projectId))) return;
        void socket.leave(projectRoom(projectId));
        socket.emit('project:revoked', { projectId });
      },
      roomChanged: (projectId) => this.roomChanged(projectId),
      onError: (error) => this.logger.error(`Could not re-check access after a change: ${String(error)}`),
    });
    this.readers = new ProjectReaders({
      read: (projectId) => this.access.projectReaderIds(projectId),
      epoch: () => this.revocation.mark(),
      ttlMs: READERS_TTL_MS,
    });
    this.invitations = new InvitationAnnouncer({
      adminsOf: (associationId) => this.access.adminIdsOf(associationId),
      tell: (userId, change) => this.server.to(userRoom(userId)).emit('invitation:changed', change),
      onError: (error) => this.logger.warn(`Could not announce an invitation: ${String(error)}`),
    });
  }

  afterInit(server: RealtimeServer): void {
    server.use((socket, next) => {
      this.tokens.verifyAccessToken((socket.handshake.auth as { token?: unknown } | undefined)?.token).then(
        (verified) => {
          if (!verified) return next(new Error('unauthorized'));
          const { user, expiresAt, sessionId } = verified;
          socket.data = { userId: user.id, email: user.email, displayName: user.displayName, expiresAt, sessionId };
          next();
        },
        // The session could not be read (database down): not the client's fault, it may retry.
        () => next(new Error('unavailable')),
      );
    });
    if (this.config.redisUrl) {
      server.sockets.on('maillage:activity', (view) => this.sequencer.push(view));
      server.sockets.on('maillage:access-changed', (change) => void this.revocation.recheck(change));
      server.sockets.on('maillage:sessions-ended', (ended) => this.endSessions(ended));
      // An announcement from another instance can be lost while Redis is away: compare with the log.
      this.resyncTimer = setInterval(() => this.resyncTracked(), RESYNC_INTERVAL_MS);
      this.resyncTimer.unref();
    }
  }

  onModuleDestroy(): void {
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.presence.close();
    for (const state of this.sockets.values()) clearTimeout(state.expiryTimer);
    this.sequencer.close();
  }

  handleConnection(socket: RealtimeSocket): void {
    const state: SocketState = { bucket: new TokenBucket(EMITS_PER_SECOND, EMIT_BURST) };
    this.sockets.set(socket.id, state);
    limitInbound(socket, state.bucket);
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
      const mark = this.revocation.mark();
      // The full check (and its 404) for anyone the project's remembered readers do not include.
      if (!(await this.readers.includes(socket.data.userId, projectId)))
        await this.access.requireProject(socket.data.userId, projectId, 'project.read', { fresh: true });
      if (socket.disconnected) return { ok: false, error: 'unauthorized' };
      const room = projectRoom(projectId);
      // Keep announcements from here on, then read the log: nothing falls between the two.
      this.sequencer.open(projectId);
      await socket.join(room);
      if (this.revocation.changedSince(mark) && !(await this.access.mayAccessProject(socket.data.userId, projectId, 'project.read'))) {
        await socket.leave(room);
        this.untrackIfUnheard(projectId);
        return { ok: false, error: 'not_found' };
      }
      const answer = await this.catchUp(projectId, afterSeq);
      this.sequencer.track(projectId, answer.lastSeq);
      this.presence.greet(projectId, socket.id);
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
      const { projectId, body, clientMessageId, mentions } = readMessage(payload);
      const { userId: id, email, displayName } = socket.data;
      const { message } = await this.chat.send({ id, email, displayName }, projectId, body, clientMessageId, mentions);
      return { ok: true, message };
    });
  }

  @SubscribeMessage('auth:refresh')
  async refresh(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() payload: unknown): Promise<Ack<{ expiresAt: string }>> {
    return this.answer<{ expiresAt: string }>(async () => {
      const { token } = readRefresh(payload);
      const verified = await this.tokens.verifyAccessToken(token);
      if (!verified || verified.user.id !== socket.data.userId) return { ok: false, error: 'unauthorized' };
      // A token of another live session of the same user (signed in again) moves the socket to it.
      const sameSession = verified.sessionId === socket.data.sessionId;
      socket.data.expiresAt = sameSession ? Math.max(socket.data.expiresAt, verified.expiresAt) : verified.expiresAt;
      socket.data.sessionId = verified.sessionId;
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
    this.invitations.announce(view);
  }

  @OnEvent(DomainEvent.ProjectAccessChanged)
  async onProjectAccessChanged(change: ProjectAccessChanged): Promise<void> {
    if (this.config.redisUrl) this.server.serverSideEmit('maillage:access-changed', change);
    await this.revocation.recheck(change);
  }

  @OnEvent(DomainEvent.UserSessionsEnded)
  onUserSessionsEnded(ended: UserSessionsEnded): void {
    if (this.config.redisUrl) this.server.serverSideEmit('maillage:sessions-ended', ended);
    this.endSessions(ended);
  }

  /** To every socket of the recipient, on every instance (the adapter carries user rooms too). */
  @OnEvent(DomainEvent.NotificationCreated)
  onNotificationCreated({ userId, notification }: NotificationCreated): void {
    this.server.to(userRoom(userId)).emit('notification', notification);
  }

  /**
   * What a joiner missed since `afterSeq`, or only where the log stands when it gave none. The joiner
   * is already in the room, so whatever comes after the last seq delivered to it reaches it anyway:
   * a joiner that is up to date reads nothing from the log.
   */
  private async catchUp(projectId: string, afterSeq: number | undefined): Promise<JoinAnswer> {
    const current = this.sequencer.lastDelivered(projectId) ?? (await this.readLastSeq(projectId));
    if (afterSeq === undefined || afterSeq === current) return { lastSeq: current, missed: [] };
    const missed = await this.activity.listAfter(projectId, afterSeq, MAX_MISSED_ACTIVITIES + 1);
    if (missed.length > MAX_MISSED_ACTIVITIES) return { lastSeq: await this.activity.lastSeq(projectId), resync: true };
    const lastSeq = missed.length ? missed[missed.length - 1].seq : await this.activity.lastSeq(projectId);
    return { lastSeq, missed };
  }

  /** One read of the log's last seq for the joiners of a project that is not delivering yet. */
  private readLastSeq(projectId: string): Promise<number> {
    let read = this.lastSeqReads.get(projectId);
    if (!read) {
      const started = this.activity.lastSeq(projectId).finally(() => {
        if (this.lastSeqReads.get(projectId) === started) this.lastSeqReads.delete(projectId);
      });
      this.lastSeqReads.set(projectId, started);
      read = started;
    }
    return read;
  }

  private endSessions({ userId, reason, sessionIds }: UserSessionsEnded): void {
    if (sessionIds) this.tokens.noteSessionsEnded(sessionIds);
    for (const socketId of [...(this.server.sockets.adapter.rooms.get(userRoom(userId)) ?? [])]) {
      const socket = this.server.sockets.sockets.get(socketId);
      if (!socket || (sessionIds && !sessionIds.includes(socket.data.sessionId))) continue;
      socket.emit('session:ended', { reason });
      socket.disconnect(true);
    }
  }

  /** At the token's expiry the socket is told why, then closed; `auth:refresh` pushes it back. */
  private armExpiry(socket: RealtimeSocket, state: SocketState): void {
    clearTimeout(state.expiryTimer);
    state.expiryTimer = setTimeout(
      () => {
        if (socket.disconnected) return;
        socket.emit('session:expired', { expiredAt: new Date(socket.data.expiresAt).toISOString() });
        socket.disconnect(true);
      },
      Math.max(0, socket.data.expiresAt - Date.now()),
    );
    state.expiryTimer.unref();
  }

  /** Someone joined or left a project room: refresh presence, stop listening to empty rooms. */
  private roomChanged(projectId: string): void {
    this.presence.schedule(projectId);
    setImmediate(() => this.untrackIfUnheard(projectId));
  }

  private untrackIfUnheard(projectId: string): void {
    if (this.server.sockets.adapter.rooms.get(projectRoom(projectId))?.size) return;
    this.sequencer.untrack(projectId);
    this.presence.forget(projectId);
    // A read begun for the stream just closed must not be the starting point of the next one.
    this.lastSeqReads.delete(projectId);
  }

  /** The projects a local socket listens to. */
  private projectsOf(socketId: string): string[] {
    const rooms = this.server.sockets.sockets.get(socketId)?.rooms ?? [];
    return [...rooms].filter((room) => room.startsWith(PROJECT_ROOM_PREFIX)).map((room) => room.slice(PROJECT_ROOM_PREFIX.length));
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
      if (error instanceof HttpException) return problemAck(error);
      // The database is away for a moment: the socket stays, the client retries.
      if (isDatabaseUnavailableError(error)) return { ok: false, error: 'unavailable' };
      this.logger.error(`Realtime request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { ok: false, error: 'internal' };
    }
  }
}
