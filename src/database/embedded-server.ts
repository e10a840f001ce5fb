import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { delimiter, join } from 'node:path';
import { FERRETDB_VERSION, installFerretDb } from './ferretdb-installer';
import { projectRoot, toolsBinDir } from './project-paths';
import { DEFAULT_RESTART_POLICY, RestartPolicy, ServerSupervisor } from './server-supervisor';

export type EmbeddedKind = 'mongod' | 'ferretdb' | 'mongodb-memory-server';

export interface EmbeddedDatabase {
  kind: EmbeddedKind;
  uri: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  progress?: (line: string) => void;
  /** Whether to build FerretDB with Go when no server is found (the app does; a caller may not). */
  installIfMissing?: boolean;
  /** When a server that ran dies, it is started again on the same port and files (mongod, FerretDB). */
  restartPolicy?: RestartPolicy;
}

export class NoDatabaseServerError extends Error {
  constructor(attempts: string[]) {
    super(
      [
        'No database server could be started. Maillage needs a MongoDB-compatible server; choose one:',
        '  - set MONGODB_URI to a running MongoDB (for example mongodb://localhost:27017/maillage);',
        '  - put `mongod` on the PATH;',
        `  - put FerretDB ${FERRETDB_VERSION} (\`ferretdb\`) on the PATH or in ${toolsBinDir()},`,
        '    or install Go so that Maillage can build FerretDB itself (`npm run db:install`);',
        '  - allow mongodb-memory-server to download a MongoDB binary (needs internet).',
        'What was tried:',
        ...attempts.map((attempt) => `  - ${attempt}`),
      ].join('\n'),
    );
    this.name = 'NoDatabaseServerError';
  }
}

/** Starts a local MongoDB-wire server with its files under dataDir, trying each option in order. */
export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const progress = options.progress ?? (() => undefined);
  const attempts: string[] = [];

  const mongod = findOnPath('mongod');
  if (mongod) {
    try {
      return await startMongod(mongod, options);
    } catch (error) {
      attempts.push(`mongod at ${mongod}: ${(error as Error).message}`);
    }
  } else {
    attempts.push('mongod: not on the PATH');
  }

  let ferretdb = findOnPath('ferretdb') ?? findExecutable(join(toolsBinDir(), 'ferretdb'));
  if (!ferretdb && options.installIfMissing !== false && findOnPath('go')) {
    try {
      ferretdb = await installFerretDb(progress);
    } catch (error) {
      attempts.push(`building FerretDB with Go: ${(error as Error).message}`);
    }
  } else if (!ferretdb) {
    attempts.push(`ferretdb: not on the PATH nor in ${toolsBinDir()}, and Go is not installed to build it`);
  }
  if (ferretdb) {
    try {
      return await startFerretDb(ferretdb, options);
    } catch (error) {
      attempts.push(`ferretdb at ${ferretdb}: ${(error as Error).message}`);
    }
  }

  try {
    return await startMemoryServer(options.dataDir);
  } catch (error) {
    attempts.push(`mongodb-memory-server: ${(error as Error).message.split('\n')[0]}`);
  }
  throw new NoDatabaseServerError(attempts);
}

async function startMongod(binary: string, options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dbPath = join(options.dataDir, 'mongod');
  mkdirSync(dbPath, { recursive: true });
  const port = await freePort();
  const args = ['--dbpath', dbPath, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'];
  return superviseGuarded('mongod', port, binary, args, {}, 60_000, options.restartPolicy);
}

async function startFerretDb(binary: string, options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const sqliteDir = join(options.dataDir, 'ferretdb');
  mkdirSync(sqliteDir, { recursive: true });
  const port = await freePort();
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${sqliteDir}/`,
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    '--debug-addr=-',
    '--state-dir=-',
    '--log-level=error',
  ];
  return superviseGuarded('ferretdb', port, binary, args, { DO_NOT_TRACK: '1' }, 30_000, options.restartPolicy);
}

/** Runs the server under the guard and the supervisor: restarted when it dies, never left behind. */
async function superviseGuarded(
  kind: 'mongod' | 'ferretdb',
  port: number,
  binary: string,
  args: string[],
  env: Record<string, string>,
  readyTimeoutMs: number,
  restartPolicy: RestartPolicy = DEFAULT_RESTART_POLICY,
): Promise<EmbeddedDatabase> {
  const supervisor = await ServerSupervisor.start(
    {
      name: `${kind} on 127.0.0.1:${port}`,
      spawn: () => spawnGuarded(binary, args, env),
      ready: (child) => waitForPort(port, child, readyTimeoutMs),
      reap: killOrphanedServer,
    },
    restartPolicy,
  );
  return { kind, uri: `mongodb://127.0.0.1:${port}`, stop: () => supervisor.stop() };
}

async function startMemoryServer(dataDir: string): Promise<EmbeddedDatabase> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const dbPath = join(dataDir, 'memory-server');
  mkdirSync(dbPath, { recursive: true });
  const server = await MongoMemoryServer.create({ instance: { dbPath, storageEngine: 'wiredTiger' } });
  return {
    kind: 'mongodb-memory-server',
    uri: server.getUri().replace(/\/$/, ''),
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}

/**
 * The server runs under scripts/process-guard.cjs, which kills it when this process dies for any
 * reason, and exits when the server dies (the supervisor then starts a new guard and server).
 */
function spawnGuarded(binary: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const guard = join(projectRoot(), 'scripts', 'process-guard.cjs');
  const child = spawn(process.execPath, [guard, binary, ...args], {
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  child.stderr?.setEncoding('utf8');
  let stderrTail = '';
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4000);
    const announced = /process-guard: server pid (\d+)/.exec(chunk);
    if (announced) guarded.serverPid = Number(announced[1]);
  });
  const guarded = child as GuardedChild;
  guarded.stderrTail = () => stderrTail;
  return guarded;
}

type GuardedChild = ChildProcess & { stderrTail: () => string; serverPid?: number };

/**
 * When the guard itself was killed outright, its server lives on, holding the port and the files
 * the restarted one needs: end it. When the server died first, the guard exited normally after it
 * and there is nothing to end (nor a pid to trust).
 */
function killOrphanedServer(guard: ChildProcess): void {
  const { serverPid } = guard as GuardedChild;
  if (!serverPid || guard.signalCode === null) return;
  try {
    process.kill(serverPid, 'SIGKILL');
  } catch {
    // Already gone, the usual case.
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = findExecutable(join(dir, name));
    if (candidate) return candidate;
  }
  return undefined;
}

function findExecutable(path: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePromise(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = (child as ChildProcess & { stderrTail?: () => string }).stderrTail?.() ?? '';
      throw new Error(`exited with ${child.signalCode ?? `code ${child.exitCode}`} before listening. ${tail.trim().split('\n').slice(-3).join(' ')}`);
    }
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`did not listen on port ${port} within ${timeoutMs / 1000} s`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('error', () => resolvePromise(false));
    socket.connect(port, '127.0.0.1');
  });
}

/** For `npm run db:install`: whether Go is available to build FerretDB. */
export function goIsAvailable(): boolean {
  return spawnSync('go', ['version']).status === 0;
}
