import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDatabase } from '../../src/database/embedded-server';

/**
 * One database server for the whole run, in a fresh temporary directory, found the same way the app
 * finds its own; or the real server named by MONGODB_URI. Each spec file then uses its own database.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-test-'));
  const database = await startEmbeddedDatabase({ dataDir, progress: (line) => console.warn(line) });
  process.env.MONGODB_URI = database.uri;
  process.env.MAILLAGE_TEST_DATA_DIR = dataDir;
  (globalThis as { __MAILLAGE_DB__?: typeof database }).__MAILLAGE_DB__ = database;
}
