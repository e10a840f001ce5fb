import { isDuplicateKeyError } from '../common/errors/mongo-errors';

/**
 * A unique index refused the write. MongoDB says E11000 for inserts and updates alike; FerretDB v1
 * does for inserts, but reports an update that breaks a unique index as code 1 (InternalError)
 * carrying SQLite's "UNIQUE constraint failed" message.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (isDuplicateKeyError(error)) return true;
  const { code, message } = (error ?? {}) as { code?: number; message?: string };
  return code === 1 && typeof message === 'string' && message.includes('UNIQUE constraint failed');
}
