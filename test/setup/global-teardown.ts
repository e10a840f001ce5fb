import { rmSync } from 'node:fs';
import type { EmbeddedDatabase } from '../../src/database/embedded-server';

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as { __MAILLAGE_DB__?: EmbeddedDatabase }).__MAILLAGE_DB__;
  if (!database) return;
  await database.stop();
  const dataDir = process.env.MAILLAGE_TEST_DATA_DIR;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
