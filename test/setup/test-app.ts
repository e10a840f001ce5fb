import { NestExpressApplication } from '@nestjs/platform-express';
import { getConnectionToken } from '@nestjs/mongoose';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'mongoose';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app.config';

export interface TestApp {
  app: NestExpressApplication;
  /** supertest agent bound to the running server */
  http: () => ReturnType<typeof request>;
  /** http://127.0.0.1:port, for socket.io clients */
  url: string;
  /** the app's mongoose connection, to assert on what is stored */
  db: Connection;
  config: AppConfig;
  close: () => Promise<void>;
}

/**
 * Boots the real application, listening on a free port, against the run's database server with a
 * database of its own. `env` overrides configuration variables (e.g. AUTH_RATE_LIMIT_PER_MINUTE).
 */
export async function createTestApp(env: Record<string, string> = {}, options: { databaseName?: string; mongodbUri?: string } = {}): Promise<TestApp> {
  const uri = options.mongodbUri ?? process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run the e2e tests through jest with test/jest-e2e.json');
  const config = loadConfig(
    { LOG_LEVEL: 'silent', AUTH_RATE_LIMIT_PER_MINUTE: '100000', DATA_DIR: mkdtempSync(join(tmpdir(), 'maillage-app-')), ...env },
    {
      mongodbUri: uri,
      databaseName: options.databaseName ?? `test_${randomBytes(6).toString('hex')}`,
      jwtSecret: 'test-secret-that-is-long-enough-for-hs256-signing',
    },
  );
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const db = app.get<Connection>(getConnectionToken());
  return {
    app,
    http: () => request(app.getHttpServer()),
    url: `http://127.0.0.1:${port}`,
    db,
    config,
    close: async () => {
      if (!options.databaseName) await db.dropDatabase().catch(() => undefined);
      await app.close();
    },
  };
}
