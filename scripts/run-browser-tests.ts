/*
 * Runs the client's browser tests (client/e2e/run.mjs, playwright-core + Debian's chromium) against
 * the real server: the built client and the API on a free port, on an embedded database in a fresh
 * temporary directory (or MONGODB_URI), then stops everything.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app.config';
import { startEmbeddedDatabase } from '../src/database/embedded-server';
import { projectRoot } from '../src/database/project-paths';

async function main(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-browser-'));
  const database = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase({ dataDir });
  const config = loadConfig(
    { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', AUTH_RATE_LIMIT_PER_MINUTE: '10000' },
    { mongodbUri: database?.uri ?? process.env.MONGODB_URI, databaseName: `browser_${Date.now().toString(36)}` },
  );
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  try {
    return await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [join(projectRoot(), 'client', 'e2e', 'run.mjs')], {
        stdio: 'inherit',
        env: { ...process.env, BASE_URL: `http://127.0.0.1:${port}` },
      });
      child.on('exit', (code) => resolve(code ?? 1));
    });
  } finally {
    await app.close();
    await database?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
