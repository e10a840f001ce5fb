import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../src/database/embedded-server';
import { makeAssociation, makeProject, makeUser, TestProject, TestUser } from './factories';
import { ClientSocket, connect, request } from './factories/realtime';
import { KillableDatabase, startKillableDatabase } from './setup/killable-database';
import { canConnect, eventually, isAlive, killIfAlive, pidsMentioning } from './setup/processes';
import { createTestApp, TestApp } from './setup/test-app';

/**
 * Invariant 7: while the database is unreachable the API answers 503 problem details with
 * Retry-After, fast; sockets stay; the embedded server is restarted; service comes back by itself.
 */

const ANSWER_WITHIN_MS = 2000;
const RECOVER_WITHIN_MS = 5000;

interface Sample {
  route: string;
  sentAt: number;
  ms: number;
  status: number;
  retryAfter?: string;
  code?: string;
}

/** A few clients calling the API in a loop (light load), recording every answer. */
/** A 500 during an outage fails the test below; its stack then shows in the run's output. */
const SHOW_UNHANDLED_ERRORS = { LOG_LEVEL: 'error' };

function lightLoad(t: TestApp, user: TestUser, project: TestProject) {
  const samples: Sample[] = [];
  const createdTaskIds: string[] = [];
  let running = true;
  let counter = 0;
  const routes: { name: string; call: () => ReturnType<ReturnType<TestApp['http']>['get']> }[] = [
    { name: 'GET tasks', call: () => t.http().get(`/api/projects/${project.id}/tasks`).set('Authorization', user.auth) },
    {
      name: 'POST task',
      call: () =>
        t
          .http()
          .post(`/api/projects/${project.id}/tasks`)
          .set('Authorization', user.auth)
          .send({ title: `Sous charge ${++counter}` }),
    },
    { name: 'GET messages', call: () => t.http().get(`/api/projects/${project.id}/messages`).set('Authorization', user.auth) },
    { name: 'GET me', call: () => t.http().get('/api/me').set('Authorization', user.auth) },
  ];
  const loops = routes.map(async ({ name, call }) => {
    while (running) {
      const sentAt = Date.now();
      const response = await call();
      samples.push({
        route: name,
        sentAt,
        ms: Date.now() - sentAt,
        status: response.status,
        retryAfter: response.headers['retry-after'],
        code: response.body?.code,
      });
      if (name === 'POST task' && response.status === 201) createdTaskIds.push(response.body.id);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  return {
    samples,
    createdTaskIds,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

function summarize(label: string, samples: Sample[], from: number, to: number): string {
  const during = samples.filter((s) => s.sentAt >= from && s.sentAt < to);
  const byStatus = new Map<number, number>();
  for (const sample of during) byStatus.set(sample.status, (byStatus.get(sample.status) ?? 0) + 1);
  const slowest = Math.max(0, ...during.map((s) => s.ms));
  const list = during.map((s) => `+${s.sentAt - from} ms ${s.route} → ${s.status} in ${s.ms} ms`);
  return [
    `${label}: ${during.length} requests sent during the outage, statuses ${JSON.stringify(Object.fromEntries(byStatus))}, slowest answer ${slowest} ms`,
    ...list.map((line) => `    ${line}`),
  ].join('\n');
}

/**
 * Every answer to a request sent while the database was away: a 503 with Retry-After within 2 s, or,
 * for a request that was still waiting for a server when the database came back, a success.
 */
function expectOutageAnswers(samples: Sample[], from: number, to: number): void {
  const during = samples.filter((s) => s.sentAt >= from && s.sentAt < to);
  expect(during.filter((s) => s.status === 503).length).toBeGreaterThan(0);
  for (const sample of during) {
    expect([200, 201, 503]).toContain(sample.status);
    if (sample.status === 503) {
      expect(sample).toMatchObject({ retryAfter: expect.stringMatching(/^\d+$/), code: 'database_unavailable' });
      expect({ ...sample, fast: sample.ms <= ANSWER_WITHIN_MS }).toMatchObject({ fast: true });
    }
  }
  expect(samples.filter((s) => s.status >= 500 && s.status !== 503)).toEqual([]);
}

/** Polls a route that reads the database until it succeeds; resolves with when it did. */
async function firstSuccess(t: TestApp, user: TestUser, project: TestProject, deadlineMs: number): Promise<number> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const response = await t.http().get(`/api/projects/${project.id}/tasks`).set('Authorization', user.auth);
    if (response.status === 200) return Date.now();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no success within ${deadlineMs} ms`);
}

/** Pids of the database server processes of a data directory (not their process guards). */
function serverPids(dataDir: string): number[] {
  const guards = pidsMentioning('process-guard');
  return pidsMentioning(dataDir).filter((pid) => !guards.includes(pid));
}

async function seedProject(t: TestApp): Promise<{ user: TestUser; project: TestProject }> {
  const user = await makeUser(t);
  const association = await makeAssociation(t, user);
  const project = await makeProject(t, user, association.id);
  return { user, project };
}

describe('The embedded database dies under load (e2e)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-outage-'));
  let database: EmbeddedDatabase;
  let t: TestApp;
  let socket: ClientSocket | undefined;

  beforeAll(async () => {
    // A longer first restart delay than the default (250 ms), so that the outage is long enough to observe.
    database = await startEmbeddedDatabase({
      dataDir,
      installIfMissing: false,
      restartPolicy: { initialDelayMs: 2500, maxDelayMs: 10_000, healthyAfterMs: 30_000 },
    });
    t = await createTestApp(SHOW_UNHANDLED_ERRORS, { mongodbUri: database.uri });
  });

  afterAll(async () => {
    socket?.close();
    await t?.close();
    await database?.stop();
    for (const pid of pidsMentioning(dataDir)) killIfAlive(pid);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 + Retry-After within 2 s, keeps sockets, restarts the server and serves again within 5 s with the data kept', async () => {
    const { user, project } = await seedProject(t);
    const before = await t.http().post(`/api/projects/${project.id}/tasks`).set('Authorization', user.auth).send({ title: 'Avant la panne' }).expect(201);
    socket = await connect(t.url, user.accessToken);
    let disconnected = false;
    socket.on('disconnect', () => (disconnected = true));
    expect(await request(socket, 'project:join', { projectId: project.id })).toMatchObject({ ok: true });

    const [victim] = serverPids(dataDir);
    expect(serverPids(dataDir)).toHaveLength(1);
    const load = lightLoad(t, user, project);
    await new Promise((r) => setTimeout(r, 500));

    const killedAt = Date.now();
    process.kill(victim, 'SIGKILL');

    const healthStarted = Date.now();
    const health = await t.http().get('/api/health');
    expect(Date.now() - healthStarted).toBeLessThanOrEqual(ANSWER_WITHIN_MS);
    expect(health.status).toBe(503);
    expect(health.headers['retry-after']).toMatch(/^\d+$/);
    expect(health.body).toMatchObject({ status: 'degraded', database: { state: 'down' } });

    const ackStarted = Date.now();
    const ack = await request(socket, 'message:send', { projectId: project.id, body: 'Pendant la panne', clientMessageId: 'during-outage' });
    expect(Date.now() - ackStarted).toBeLessThanOrEqual(ANSWER_WITHIN_MS);
    expect(ack).toEqual({ ok: false, error: 'unavailable' });

    // The supervisor starts a new server on the same port.
    await eventually('the killed server is gone', () => !isAlive(victim));
    await eventually('the port accepts connections again', () => canConnect(database.uri, 1000));
    const backAt = Date.now();
    expect(serverPids(dataDir).filter((pid) => pid !== victim)).toHaveLength(1);
    const recoveredAt = await firstSuccess(t, user, project, RECOVER_WITHIN_MS + 1000);
    await new Promise((r) => setTimeout(r, 1000));
    await load.stop();

    console.warn(
      [
        summarize('Embedded FerretDB killed (kill -9)', load.samples, killedAt, backAt),
        `  server back (restarted by the supervisor) ${backAt - killedAt} ms after the kill; service back ${recoveredAt - backAt} ms after the server`,
      ].join('\n'),
    );
    expect(recoveredAt - backAt).toBeLessThanOrEqual(RECOVER_WITHIN_MS);
    expectOutageAnswers(load.samples, killedAt, backAt);
    expect(load.samples.filter((s) => s.sentAt >= recoveredAt + 500).every((s) => s.status < 300)).toBe(true);

    // The socket never dropped and works again.
    expect(disconnected).toBe(false);
    expect(socket.connected).toBe(true);
    expect(await request(socket, 'message:send', { projectId: project.id, body: 'Après la panne', clientMessageId: 'after-outage' })).toMatchObject({
      ok: true,
    });

    // What was written before, and every write acknowledged under load, is still there.
    const tasks = await t.http().get(`/api/projects/${project.id}/tasks?limit=200`).set('Authorization', user.auth).expect(200);
    const storedIds = new Set(tasks.body.items.map((task: { id: string }) => task.id));
    expect(storedIds.has(before.body.id)).toBe(true);
    expect(load.createdTaskIds.filter((id) => !storedIds.has(id))).toEqual([]);
    expect(await t.http().get('/api/health').expect(200)).toMatchObject({ body: { database: { state: 'up' } } });
  });
});

describe('The MONGODB_URI server goes away and comes back (e2e)', () => {
  let server: KillableDatabase | undefined;
  let t: TestApp;

  afterAll(async () => {
    await t?.close();
    await server?.destroy();
  });

  it('answers 503 + Retry-After while it is away, and 2xx within 5 s of its return', async () => {
    server = await startKillableDatabase();
    t = await createTestApp(SHOW_UNHANDLED_ERRORS, { mongodbUri: server.uri });
    const { user, project } = await seedProject(t);
    const before = await t.http().post(`/api/projects/${project.id}/tasks`).set('Authorization', user.auth).send({ title: 'Avant la panne' }).expect(201);
    const load = lightLoad(t, user, project);
    await new Promise((r) => setTimeout(r, 500));

    const killedAt = Date.now();
    await server.kill();
    // Away for 3 s: nothing restarts a server the app does not own.
    await new Promise((r) => setTimeout(r, 3000));
    const health = await t.http().get('/api/health').expect(503);
    expect(health.body.database.state).toBe('down');

    await server.start();
    const backAt = Date.now();
    const recoveredAt = await firstSuccess(t, user, project, RECOVER_WITHIN_MS + 1000);
    await new Promise((r) => setTimeout(r, 1000));
    await load.stop();

    console.warn(
      [
        summarize('MONGODB_URI server killed (kill -9) for 3 s', load.samples, killedAt, backAt),
        `  service back ${recoveredAt - backAt} ms after the server`,
      ].join('\n'),
    );
    expect(recoveredAt - backAt).toBeLessThanOrEqual(RECOVER_WITHIN_MS);
    expectOutageAnswers(load.samples, killedAt, backAt);

    const tasks = await t.http().get(`/api/projects/${project.id}/tasks?limit=200`).set('Authorization', user.auth).expect(200);
    const storedIds = new Set(tasks.body.items.map((task: { id: string }) => task.id));
    expect(storedIds.has(before.body.id)).toBe(true);
    expect(load.createdTaskIds.filter((id) => !storedIds.has(id))).toEqual([]);
  });
});
