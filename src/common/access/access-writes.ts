import { EventEmitter } from 'node:events';
import type { Schema } from 'mongoose';

/**
 * Tells that a membership or a partner row was written, whatever feature wrote it and through which
 * mongoose call: what AccessService remembers of a caller's standing must not outlive such a write.
 * A schema hook and not a call at each write site, so that no future site can forget it. Several
 * apps in one process (the tests' two instances) all hear every write: they only forget more.
 */
export const accessWrites = new EventEmitter();

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

/** Installs the hooks on a schema, before its model is compiled. */
export function signalAccessWrites(schema: Schema): void {
  for (const hook of WRITE_HOOKS) {
    // One list for document, query and model middleware: mongoose's overloads each take a subset.
    (schema.post as (name: string, fn: () => void) => void).call(schema, hook, () => accessWrites.emit('write'));
  }
}
