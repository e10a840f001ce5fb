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
