import type { Server, Socket } from 'socket.io';
import type { ActivityView, ProjectAccessChanged, UserSessionsEnded } from '../common/domain-events';

/** Error codes a client can act on; every request answered with `{ok: false, error}` uses one. */
export type RealtimeErrorCode = 'bad_request' | 'payload_too_large' | 'rate_limited' | 'unauthorized' | 'not_found' | 'forbidden' | 'conflict' | 'unavailable' | 'internal';

export interface ErrorAck {
  ok: false;
  error: RealtimeErrorCode;
  /** Field errors, for `bad_request`. */
  errors?: { field: string; message: string }[];
}

export type Ack<T extends object = object> = ({ ok: true } & T) | ErrorAck;
export type AckFn<T extends object = object> = (answer: Ack<T>) => void;

export interface PresenceUser {
  id: string;
  displayName: string;
}

/** Server → client events (the realtime contract of PRODUCT.md). */
export interface ServerToClientEvents {
  activity: (activity: ActivityView) => void;
  presence: (presence: { projectId: string; users: PresenceUser[] }) => void;
  typing: (typing: { projectId: string; userId: string }) => void;
  'project:revoked': (revoked: { projectId: string }) => void;
  'session:expired': (expired: { expiredAt: string }) => void;
  'session:ended': (ended: { reason: UserSessionsEnded['reason'] }) => void;
  /** An event sent without an ack callback was refused. */
  'request:error': (refused: { event: string; error: RealtimeErrorCode }) => void;
}

/** Client → server events; the last argument is the ack callback. */
export interface ClientToServerEvents {
  'project:join': (request: { projectId: string; afterSeq?: number }, ack?: AckFn) => void;
  'project:leave': (request: { projectId: string }, ack?: AckFn) => void;
  'message:send': (request: { projectId: string; body: string; clientMessageId: string }, ack?: AckFn) => void;
  typing: (request: { projectId: string }) => void;
  'auth:refresh': (request: { token: string }, ack?: AckFn) => void;
}

/** Between app instances (through the Redis adapter): each applies these to its own sockets. */
export interface InterServerEvents {
  'maillage:activity': (activity: ActivityView) => void;
  'maillage:access-changed': (change: ProjectAccessChanged) => void;
  'maillage:sessions-ended': (ended: UserSessionsEnded) => void;
}

/** What a socket carries (also visible to other instances through fetchSockets). */
export interface SocketData {
  userId: string;
  email: string;
  displayName: string;
  /** Access token expiry, ms since epoch. */
  expiresAt: number;
  /** The session (`sid`) of the access token: ending it closes the socket. */
  sessionId: string;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const projectRoom = (projectId: string) => `project:${projectId}`;
export const userRoom = (userId: string) => `user:${userId}`;
export const PROJECT_ROOM_PREFIX = 'project:';
