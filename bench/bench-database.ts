/*
 * The database every bench runs on: MONGODB_URI when set, otherwise the embedded server in a
 * temporary DATA_DIR. `finish` drops the bench's database, runs the bench's own closing (the app or
 * the client), stops the embedded server and removes the directory, whatever failed before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../src/database/embedded-server';

export interface BenchDatabase {
  uri: string;
  dataDir: string;
  embedded?: EmbeddedDatabase;
  /** "embedded ferretdb" or "MONGODB_URI", for the bench's first line. */
  label: string;
  finish(db: { dropDatabase(): Promise<unknown> } | undefined, close: () => Promise<unknown>): Promise<void>;
}

export async function openBenchDatabase(progress: (line: string) => void): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-bench-'));
  const embedded = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase({ dataDir, progress });
  return {
    uri: process.env.MONGODB_URI ?? embedded!.uri,
    dataDir,
    embedded,
    label: embedded ? `embedded ${embedded.kind}` : 'MONGODB_URI',
    async finish(db, close) {
      await db?.dropDatabase().catch(() => undefined);
      await close();
      await embedded?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
