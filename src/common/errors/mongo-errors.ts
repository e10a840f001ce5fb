/**
 * True when a unique index refused a write. MongoDB says E11000 for inserts and updates alike;
 * FerretDB v1 does for inserts, but reports an update that breaks a unique index as code 1
 * (InternalError) carrying SQLite's "UNIQUE constraint failed" message.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: number; message?: string };
  return code === 11000 || (code === 1 && typeof message === 'string' && message.includes('UNIQUE constraint failed'));
}

/** Seconds a client should wait before retrying while the database is unreachable (Retry-After). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** Driver and mongoose errors that mean "the database cannot be reached now", whatever the query. */
const UNREACHABLE_ERROR_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  // The pool was cleared by a network error while this operation waited for the connection (the
  // single connection on FerretDB): seen when the server is killed under load.
  'PoolClearedOnNetworkError',
  'MongoServerClosedError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
]);

/**
 * Server codes of a node that is shutting down or changing role (replica set election): the same
 * request succeeds once the set has a primary again.
 */
const UNAVAILABLE_SERVER_CODES = new Set([
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/** Node's message for a write on a socket its peer has closed (net.js writeAfterFIN). */
const SOCKET_ENDED_BY_PEER = 'This socket has been ended by the other party';

/**
 * True when an error says the database is unreachable (down, restarting, no primary), not that the
 * request was wrong: such a request deserves a 503 and a retry, never a 500. Mongoose's own
 * buffering timeout counts too, and so does any of these found in an error's `cause` chain.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const { name, code, message, cause } = current as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    if (typeof name === 'string' && UNREACHABLE_ERROR_NAMES.has(name)) return true;
    if (typeof name === 'string' && name.startsWith('Mongo') && typeof code === 'number' && UNAVAILABLE_SERVER_CODES.has(code)) return true;
    if (name === 'MongooseError' && typeof message === 'string' && /buffering timed out|Connection was force closed/.test(message)) return true;
    // The driver writing a command on a connection the killed server has just closed: Node's own
    // error, not wrapped as a MongoNetworkError (seen in database-outage under load, 1 run of 4).
    if (code === 'EPIPE' && message === SOCKET_ENDED_BY_PEER) return true;
    current = cause;
  }
  return false;
}
