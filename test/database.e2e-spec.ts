import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mongoose from 'mongoose';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../src/database/embedded-server';
import { canConnect, eventually, killIfAlive, pidsMentioning } from './setup/processes';

const repoRoot = resolve(__dirname, '..');

describe('Embedded database launcher (e2e)', () => {
  const dataDirs: string[] = [];
  const newDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'maillage-embedded-'));
    dataDirs.push(dir);
    return dir;
  };

  afterAll(() => {
    // Whatever a failed test left behind: only processes of our own data directories.
    for (const dir of dataDirs) {
      for (const pid of pidsMentioning(dir)) killIfAlive(pid);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('startEmbeddedDatabase', () => {
    let database: EmbeddedDatabase | undefined;

    afterEach(async () => {
      await database?.stop();
    });

    it('starts a server that accepts a connection, and stop() ends it', async () => {
      const dataDir = newDataDir();
      database = await startEmbeddedDatabase({ dataDir, installIfMissing: false });
      expect(database.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+$/);

      const connection = await mongoose.createConnection(database.uri, { dbName: 'launcher_check', serverSelectionTimeoutMS: 10_000 }).asPromise();
      try {
        await connection.collection('probe').insertOne({ hello: 'maillage' });
        expect(await connection.collection('probe').findOne({ hello: 'maillage' })).toMatchObject({ hello: 'maillage' });
      } finally {
        await connection.close();
      }
      expect(pidsMentioning(dataDir).length).toBeGreaterThan(0);

      await database.stop();
      database = undefined;
      await eventually('the server process is gone', () => pidsMentioning(dataDir).length === 0);
    });
  });

  describe('when the server or its guard dies', () => {
    let database: EmbeddedDatabase | undefined;

    afterEach(async () => {
      await database?.stop();
    });

    it('starts a new server on the same port, with the same data, and still stops it', async () => {
      const dataDir = newDataDir();
      database = await startEmbeddedDatabase({ dataDir, installIfMissing: false });
      const write = async (value: string) => {
        const connection = await mongoose.createConnection(database!.uri, { dbName: 'supervision_check', serverSelectionTimeoutMS: 10_000 }).asPromise();
        try {
          await connection.collection('probe').insertOne({ value });
          return (await connection.collection('probe').find().toArray()).map((row) => row.value);
        } finally {
          await connection.close();
        }
      };
      expect(await write('before')).toEqual(['before']);
      const guard = () => pidsMentioning(dataDir).filter((pid) => pidsMentioning('process-guard').includes(pid));
      const server = () => pidsMentioning(dataDir).filter((pid) => !pidsMentioning('process-guard').includes(pid));

      // The server dies: a new one takes its place.
      const [firstServer] = server();
      process.kill(firstServer, 'SIGKILL');
      await eventually('another server listens', async () => server().some((pid) => pid !== firstServer) && (await canConnect(database!.uri)));
      expect(await write('after the server died')).toEqual(['before', 'after the server died']);

      // The guard dies: its orphaned server is ended and a new pair takes their place.
      const [secondServer] = server();
      const [firstGuard] = guard();
      process.kill(firstGuard, 'SIGKILL');
      await eventually('the orphaned server is gone and another listens', async () => {
        const servers = server();
        return !servers.includes(secondServer) && servers.length === 1 && (await canConnect(database!.uri));
      });
      expect(await write('after the guard died')).toEqual(['before', 'after the server died', 'after the guard died']);

      await database.stop();
      database = undefined;
      await eventually('no process of that data directory is left', () => pidsMentioning(dataDir).length === 0);
    });
  });

  describe('when the app process is killed', () => {
    let app: ChildProcess | undefined;

    afterEach(() => {
      if (app?.pid) killIfAlive(app.pid);
    });

    it('takes its database server down with it, even on SIGKILL', async () => {
      const dataDir = newDataDir();
      const script = `require('./src/database/embedded-server').startEmbeddedDatabase({ dataDir: ${JSON.stringify(dataDir)}, installIfMissing: false })
        .then((d) => console.log('URI ' + d.uri), (e) => { console.error(e.message); process.exit(1); })`;
      app = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      app.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const uri = await new Promise<string>((resolvePromise, reject) => {
        let stdout = '';
        app!.stdout!.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /URI (\S+)/.exec(stdout);
          if (match) resolvePromise(match[1]);
        });
        app!.once('exit', (code) => reject(new Error(`the launcher exited (${code}) before printing a URI: ${stderr}`)));
      });
      expect(await canConnect(uri)).toBe(true);
      const serverPids = pidsMentioning(dataDir);
      expect(serverPids.length).toBeGreaterThan(0);

      const exited = new Promise((r) => app!.once('exit', r));
      app.kill('SIGKILL');
      await exited;

      await eventually('no process of that data directory is left', () => pidsMentioning(dataDir).length === 0);
      await eventually('the port no longer accepts connections', async () => !(await canConnect(uri)));
    });
  });
});

describe('Start-up configuration check (e2e)', () => {
  it('stops main.ts with a non-zero exit and a message naming PORT when PORT=abc', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'maillage-config-'));
    try {
      const result = await new Promise<{ code: number | null; output: string }>((resolvePromise) => {
        const child = execFile(
          process.execPath,
          ['-r', 'ts-node/register/transpile-only', 'src/main.ts'],
          { cwd: repoRoot, env: { ...process.env, PORT: 'abc', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, timeout: 60_000 },
          (_error, stdout, stderr) => resolvePromise({ code: child.exitCode, output: `${stdout}${stderr}` }),
        );
      });
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.output).toContain('PORT');
      expect(result.output).toMatch(/Invalid configuration: PORT must be a whole number, got "abc"/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
