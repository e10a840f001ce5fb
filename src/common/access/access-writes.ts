import type { Schema } from 'mongoose';

/** Told of each write; the write's caller goes on once every listener is done. */
export type AccessWriteListener = () => Promise<void>;

const listeners = new Set<AccessWriteListener>();

/**
 * Tells that a membership, partner or project row was written, whatever feature wrote it and through which
 * mongoose call: what AccessService remembers of a caller's standing must not outlive such a write.
 * A schema hook and not a call at each write site, so that no future site can forget it. Several
 * apps in one process (the tests' two instances) all hear every write: they only forget more.
 */
export const accessWrites = {
  on: (listener: AccessWriteListener) => void listeners.add(listener),
  off: (listener: AccessWriteListener) => void listeners.delete(listener),
};

const WRITE_HOOKS = [
  'save',
  'insertMany',
  'bulkWrite',
  'updateOne',
  'updateMany',
  'replaceOne',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'deleteOne',
  'deleteMany',
] as const;

/**
 * Installs the hooks on a schema, before its model is compiled. Mongoose waits for an async post
 * hook, so the write's answer leaves only once the change is announced (the access mark moved).
 */
export function signalAccessWrites(schema: Schema): void {
  const announce = async () => {
    await Promise.all([...listeners].map((listener) => listener()));
  };
  for (const hook of WRITE_HOOKS) {
    // One list for document, query and model middleware: mongoose's overloads each take a subset.
    (schema.post as (name: string, fn: () => Promise<void>) => void).call(schema, hook, announce);
  }
}
