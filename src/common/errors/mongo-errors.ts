/** True for MongoDB's duplicate-key error (E11000), as raised by unique indexes. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}
