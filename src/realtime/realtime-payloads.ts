import { MAX_CLIENT_MESSAGE_ID_LENGTH as MAX_CLIENT_MESSAGE_ID_CHARS, MAX_MESSAGE_LENGTH as MAX_MESSAGE_BODY_CHARS } from '../chat/schemas/message.schema';
import type { ErrorAck } from './realtime-events';

export class PayloadError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }

  toAck(): ErrorAck {
    return { ok: false, error: 'bad_request', errors: [{ field: this.field, message: this.message }] };
  }
}

type Shape = Record<string, 'string' | 'seq?' | 'body' | 'clientMessageId' | 'token' | 'checkedByService?'>;

/**
 * Checks a client payload against a flat shape: a plain object, no unknown keys (as the REST
 * validation pipe), each field of its kind. Throws PayloadError naming the first bad field.
 */
function read<T>(payload: unknown, shape: Shape): T {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new PayloadError('', 'must be an object');
  const record = payload as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!(key in shape)) throw new PayloadError(key, 'is not allowed');
  for (const [field, kind] of Object.entries(shape)) {
    const value = record[field];
    switch (kind) {
      case 'string':
      case 'token':
        if (typeof value !== 'string' || !value) throw new PayloadError(field, 'must be a non-empty string');
        if (value.length > 4096) throw new PayloadError(field, 'is too long');
        break;
      case 'seq?':
        if (value !== undefined && (!Number.isSafeInteger(value) || (value as number) < 0)) throw new PayloadError(field, 'must be an integer ≥ 0');
        break;
      case 'body':
        if (typeof value !== 'string' || !value.trim()) throw new PayloadError(field, 'must be a non-empty string');
        if (value.length > MAX_MESSAGE_BODY_CHARS) throw new PayloadError(field, `must be at most ${MAX_MESSAGE_BODY_CHARS} characters`);
        break;
      case 'checkedByService?':
        // Optional, and its shape is the service's to check (chat's mentions, as over REST).
        break;
      case 'clientMessageId':
        if (typeof value !== 'string' || !value || value.length > MAX_CLIENT_MESSAGE_ID_CHARS) {
          throw new PayloadError(field, `must be a string of 1 to ${MAX_CLIENT_MESSAGE_ID_CHARS} characters`);
        }
        break;
    }
  }
  return record as T;
}

export const readJoin = (payload: unknown) => read<{ projectId: string; afterSeq?: number }>(payload, { projectId: 'string', afterSeq: 'seq?' });
export const readProjectRef = (payload: unknown) => read<{ projectId: string }>(payload, { projectId: 'string' });
export const readMessage = (payload: unknown) =>
  read<{ projectId: string; body: string; clientMessageId: string; mentions?: unknown }>(payload, {
    projectId: 'string',
    body: 'body',
    clientMessageId: 'clientMessageId',
    mentions: 'checkedByService?',
  });
export const readRefresh = (payload: unknown) => read<{ token: string }>(payload, { token: 'token' });
