import { Logger } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { ServerSupervisor, SupervisedServer } from './server-supervisor';

/** A stand-in server: a node process that lives until killed (or, when told, `false`, which exits at once). */
function fakeServer(options: { failAfterFirst?: boolean } = {}) {
  const spawned: ChildProcess[] = [];
  const server: SupervisedServer = {
    name: 'fake server',
    spawn: () => {
      const crash = options.failAfterFirst && spawned.length > 0;
      const child = crash ? spawn('false', [], { stdio: 'ignore' }) : spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      spawned.push(child);
      return child;
    },
    ready: (child) =>
      new Promise((resolvePromise, reject) => {
        const timer = setTimeout(resolvePromise, 300);
        child.once('exit', () => {
          clearTimeout(timer);
          reject(new Error('exited before it was ready'));
        });
      }),
  };
  return { server, spawned };
}

const exited = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r)));
const waitUntil = async (condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe(ServerSupervisor.name, () => {
  const policy = { initialDelayMs: 50, maxDelayMs: 400, healthyAfterMs: 60_000 };
  let sut: ServerSupervisor | undefined;

  beforeAll(() => Logger.overrideLogger(false));

  afterEach(async () => {
    await sut?.stop();
    sut = undefined;
  });

  it('starts the server again when it dies', async () => {
    const { server, spawned } = fakeServer();
    sut = await ServerSupervisor.start(server, policy);
    spawned[0].kill('SIGKILL');
    await waitUntil(() => sut!.restartCount === 1);
    expect(spawned).toHaveLength(2);
    expect(spawned[1].exitCode).toBeNull();
  });

  it('waits longer after each restart that does not last', async () => {
    const { server, spawned } = fakeServer({ failAfterFirst: true });
    sut = await ServerSupervisor.start(server, policy);
    const diedAt = Date.now();
    spawned[0].kill('SIGKILL');
    // Attempts after 50, 100, 200 ms (each dies at once): the fourth comes no sooner than 350 ms.
    await waitUntil(() => spawned.length >= 4);
    expect(Date.now() - diedAt).toBeGreaterThanOrEqual(350);
    expect(sut.restartCount).toBe(0);
  });

  it('does not restart what stop() ended, and ends it', async () => {
    const { server, spawned } = fakeServer();
    sut = await ServerSupervisor.start(server, policy);
    await sut.stop();
    await exited(spawned[0]);
    await new Promise((r) => setTimeout(r, 200));
    expect(spawned).toHaveLength(1);
  });

  it('throws when the first start fails, and supervises nothing', async () => {
    const server: SupervisedServer = { ...fakeServer().server, ready: () => Promise.reject(new Error('no port')) };
    const spawnSpy = jest.spyOn(server, 'spawn');
    await expect(ServerSupervisor.start(server, policy)).rejects.toThrow('no port');
    await new Promise((r) => setTimeout(r, 200));
    expect(spawnSpy).toHaveBeenCalledTimes(1);
  });
});
