/*
 * Fuzzes the API against its own OpenAPI document with schemathesis (every check), bounded: the app
 * runs in-process on an embedded database in a fresh temporary directory (or MONGODB_URI), a freshly
 * registered user's token authenticates the requests, and the run fails on any failure.
 * Options (environment): SCHEMATHESIS_MAX_EXAMPLES (per operation, default 10), SCHEMATHESIS_SEED
 * (default 1: CI replays the same requests), SCHEMATHESIS_WORKERS (default 2), SCHEMATHESIS_ARGS (extra).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app.config';
import { startEmbeddedDatabase } from '../src/database/embedded-server';
import { projectRoot } from '../src/database/project-paths';

/** Left out on purpose: deleting the account would end the run's session mid-way (its own e2e tests cover it). */
const EXCLUDED = ['DELETE /api/me'];

async function main(): Promise<number> {
  const root = projectRoot();
  const st = join(root, '.tools', 'schemathesis-venv', 'bin', 'st');
  if (!existsSync(st)) {
    const install = spawnSync('bash', [join(root, 'scripts', 'install-schemathesis.sh')], { stdio: 'inherit' });
    if (install.status !== 0) return install.status ?? 1;
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-schemathesis-'));
  const database = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase({ dataDir });
  const config = loadConfig(
    // The auth rate limit would turn most generated auth requests into 429s, which prove nothing.
    { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'fatal', AUTH_RATE_LIMIT_PER_MINUTE: '100000' },
    { mongodbUri: database?.uri ?? process.env.MONGODB_URI, databaseName: `schemathesis_${Date.now().toString(36)}` },
  );
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  try {
    // Kept for reading what was tested: test-output/ is ignored by git.
    mkdirSync(join(root, 'test-output'), { recursive: true });
    writeFileSync(join(root, 'test-output', 'openapi.json'), await (await fetch(`${base}/api/docs-json`)).text());

    const registered = await fetch(`${base}/api/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'fuzz@example.org', password: 'fuzzing is fun, 2026', displayName: 'Fuzz' }),
    });
    if (registered.status !== 201) throw new Error(`registering the fuzzing user answered ${registered.status}`);
    const { accessToken } = (await registered.json()) as { accessToken: string };

    const args = [
      '--config-file',
      join(root, 'scripts', 'schemathesis.toml'),
      '--no-color',
      'run',
      `${base}/api/docs-json`,
      '--url',
      base,
      '--checks',
      'all',
      '--max-examples',
      process.env.SCHEMATHESIS_MAX_EXAMPLES ?? '10',
      '--seed',
      process.env.SCHEMATHESIS_SEED ?? '1',
      '--workers',
      process.env.SCHEMATHESIS_WORKERS ?? '2',
      '--header',
      `Authorization: Bearer ${accessToken}`,
      '--request-timeout',
      '20',
      '--suppress-health-check',
      'all',
      ...EXCLUDED.flatMap((name) => ['--exclude-name', name]),
      ...(process.env.SCHEMATHESIS_ARGS ? process.env.SCHEMATHESIS_ARGS.split(' ') : []),
    ];
    console.warn(`schemathesis against ${base}/api/docs-json; excluded: ${EXCLUDED.join(', ')}`);
    return await new Promise<number>((resolve) => {
      const child = spawn(st, args, { stdio: 'inherit', env: { ...process.env, SCHEMATHESIS_HOOKS: '' } });
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
