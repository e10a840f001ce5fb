import type { Server, Socket } from 'socket.io';
import type { ActivityView, ClientToServerEvents, ServerToClientEvents } from '@maillage/contract';
import type { ProjectAccessChanged, UserSessionsEnded } from '../common/domain-events';

// The events server and client exchange are the contract's (@maillage/contract); what follows
// concerns the server alone.
export type { Ack, AckFn, ErrorAck, PresenceUser, RealtimeErrorCode } from '@maillage/contract';

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
