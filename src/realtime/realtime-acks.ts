import { HttpException, HttpStatus } from '@nestjs/common';
import { ProblemException } from '../common/errors/problem.exception';
import type { TokenBucket } from './token-bucket';
import type { ErrorAck, RealtimeErrorCode, RealtimeSocket } from './realtime-events';

/** Any single client event larger than this (as JSON) is refused with an error ack. */
const MAX_EVENT_JSON_CHARS = 16 * 1024;

/**
 * Refuses a socket's events over its rate budget or too big, before any handler runs: with an error
 * ack when the client gave a callback, else with `request:error`.
 */
export function limitInbound(socket: RealtimeSocket, bucket: TokenBucket): void {
  socket.use((packet, next) => {
    const [event, ...args] = packet;
    const ack = typeof args[args.length - 1] === 'function' ? (args[args.length - 1] as (answer: ErrorAck) => void) : undefined;
    let refusal: RealtimeErrorCode | undefined;
    if (!bucket.tryTake()) refusal = 'rate_limited';
    else if (jsonLength(ack ? args.slice(0, -1) : args) > MAX_EVENT_JSON_CHARS) refusal = 'payload_too_large';
    if (!refusal) return next();
    if (ack) ack({ ok: false, error: refusal });
    else socket.emit('request:error', { event: String(event), error: refusal });
  });
}

/** The error ack for a refusal raised by a service (the same rules as over REST, in ack form). */
export function problemAck(error: HttpException): ErrorAck {
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

/** The size of a client event as JSON; what cannot be serialized counts as too big. */
function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
