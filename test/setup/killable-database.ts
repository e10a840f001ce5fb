import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { toolsBinDir } from '../../src/database/project-paths';

/**
 * A database server of the test's own, on a fixed port and data directory, that the test can kill
 * with SIGKILL and start again on the same port with the same files: what a crash of the embedded
 * server does to the app. FerretDB (as the app embeds it) when found, else mongod.
 */
export interface KillableDatabase {
  uri: string;
  kind: 'ferretdb' | 'mongod';
  /** SIGKILL, as a crash: no shutdown, no flush. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and files; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server and removes its files. */
  destroy(): Promise<void>;
}

export async function startKillableDatabase(): Promise<KillableDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-crash-'));
  const port = await freePort();
  const ferretdb = executable(join(toolsBinDir(), 'ferretdb')) ?? onPath('ferretdb');
  const mongod = onPath('mongod');
  if (!ferretdb && !mongod) throw new Error(`No ferretdb (in ${toolsBinDir()} or on the PATH) nor mongod to start: run npm run db:install`);
  const kind = ferretdb ? 'ferretdb' : 'mongod';
  const command = () => {
    if (ferretdb) {
      mkdirSync(join(dataDir, 'ferretdb'), { recursive: true });
      const args = [
        '--handler=sqlite',
        `--sqlite-url=file:${join(dataDir, 'ferretdb')}/`,
        `--listen-addr=127.0.0.1:${port}`,
        '--telemetry=disable',
        '--debug-addr=-',
        '--state-dir=-',
        '--log-level=error',
      ];
      return { binary: ferretdb, args };
    }
    mkdirSync(join(dataDir, 'mongod'), { recursive: true });
    return { binary: mongod!, args: ['--dbpath', join(dataDir, 'mongod'), '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'] };
  };

  let child: ChildProcess | null = null;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const start = async () => {
    const { binary, args } = command();
    const started = spawn(binary, args, { stdio: 'ignore', env: { ...process.env, DO_NOT_TRACK: '1' } });
    child = started;
    const deadline = Date.now() + 30_000;
    while (!(await canConnect(port))) {
      if (started.exitCode !== null) throw new Error(`${kind} exited with code ${started.exitCode} before listening on ${port}`);
      if (Date.now() > deadline) throw new Error(`${kind} did not listen on ${port} within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const kill = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };

  await start();
  return {
    uri: `mongodb://127.0.0.1:${port}`,
    kind,
    kill,
    start,
    destroy: async () => {
      await kill();
      process.removeListener('exit', killOnExit);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function executable(path: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const found = executable(join(dir, name));
    if (found) return found;
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}
