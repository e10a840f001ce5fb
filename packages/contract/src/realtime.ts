// The socket.io contract (PRODUCT.md, "Realtime"): what the client may emit, with the answer its ack
// receives, and what the server pushes.
import type { ActivityView } from './activity';
import type { FieldError } from './problem';
import type { Mentions, NotificationPush } from './notifications';
import type { MessageView, PartnerStatus } from './views';

/** Error codes a client can act on; every request answered with `{ok: false, error}` uses one. */
export type RealtimeErrorCode =
  'bad_request' | 'payload_too_large' | 'rate_limited' | 'unauthorized' | 'not_found' | 'forbidden' | 'conflict' | 'unavailable' | 'internal';

export interface ErrorAck {
  ok: false;
  error: RealtimeErrorCode;
  /** Field errors, for `bad_request`. */
  errors?: FieldError[];
}

export type Ack<T extends object = object> = ({ ok: true } & T) | ErrorAck;
export type AckFn<T extends object = object> = (answer: Ack<T>) => void;

/** The `project:join` answer: what was missed since `afterSeq`, or "too much: reload" (`resync`). */
export type JoinAnswer = { lastSeq: number; missed?: ActivityView[]; resync?: false } | { lastSeq: number; resync: true };

export interface PresenceUser {
  id: string;
  displayName: string;
}

export type SessionEndReason = 'logout' | 'account_deleted' | 'reuse_detected' | 'password_changed' | 'session_revoked';

/** Server → client events. */
export interface ServerToClientEvents {
  activity: (activity: ActivityView) => void;
  presence: (presence: { projectId: string; users: PresenceUser[] }) => void;
  typing: (typing: { projectId: string; userId: string }) => void;
  'project:revoked': (revoked: { projectId: string }) => void;
  'session:expired': (expired: { expiredAt: string }) => void;
  'session:ended': (ended: { reason: SessionEndReason }) => void;
  notification: (notification: NotificationPush) => void;
  /**
   * To every socket of each admin of an association invited to a project, when the invitation is
   * made or answered (`status`: the partner's status now); the client re-reads its invitations.
   */
  'invitation:changed': (change: { projectId: string; associationId: string; status: PartnerStatus }) => void;
  /** An event sent without an ack callback was refused. */
  'request:error': (refused: { event: string; error: RealtimeErrorCode }) => void;
}

/** Client → server events; the last argument is the ack callback. */
export interface ClientToServerEvents {
  'project:join': (request: { projectId: string; afterSeq?: number }, ack?: AckFn<JoinAnswer>) => void;
  'project:leave': (request: { projectId: string }, ack?: AckFn) => void;
  'message:send': (request: { projectId: string; body: string; clientMessageId: string; mentions?: Mentions }, ack?: AckFn<{ message: MessageView }>) => void;
  typing: (request: { projectId: string }, ack?: AckFn) => void;
  /** `expiresAt`: the pushed token's expiry, ISO 8601. */
  'auth:refresh': (request: { token: string }, ack?: AckFn<{ expiresAt: string }>) => void;
}
