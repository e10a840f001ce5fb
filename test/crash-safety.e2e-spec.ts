import { randomBytes } from 'node:crypto';
import mongoose, { Connection, Types } from 'mongoose';
import { makeAssociation, makeProject, makeUser, TestProject, TestUser } from './factories';
import { futureTime } from './factories/events';
import { invite, sendMessage } from './factories/projects';
import { makeResource, slot } from './factories/resources';
import { startKillableDatabase, KillableDatabase } from './setup/killable-database';
import { createTestApp, TestApp } from './setup/test-app';

/**
 * Fault injection (PRODUCT.md invariants 4, 5 and 7): concurrent writers, the database killed with
 * SIGKILL mid-way and started again on the same port and files, then every acknowledged write is
 * there, every entity has exactly its activity, the log's seqs are 1..N, and retries with the same
 * clientMessageId or clientId (20 racing task creations among the writers: the scenario)
 * finish what a crash cut. Once with the app restarted (the start-up sweep finishes
 * the cut operations), once with the app left running (it reconnects and finishes them itself).
 */

/** Collections whose writes append activity, checked for markers left behind. */
const TRACKED = ['messages', 'projects', 'partners', 'charter_signatures', 'events', 'shifts', 'bookings', 'tasks', 'task_comments'];

/** Entities each created with exactly one activity of `type` whose data[key].id is the entity's id. */
const CREATIONS: { kind: Outcome['kind']; collection: string; type: string; key: string; where?: Record<string, unknown> }[] = [
  { kind: 'message', collection: 'messages', type: 'message.created', key: 'message' },
  { kind: 'task', collection: 'tasks', type: 'task.created', key: 'task' },
  { kind: 'event', collection: 'events', type: 'event.created', key: 'event' },
  { kind: 'booking', collection: 'bookings', type: 'booking.requested', key: 'booking' },
  // Booked without approval: the same operation logs booking.approved right after.
  { kind: 'booking', collection: 'bookings', type: 'booking.approved', key: 'booking', where: { status: 'approved' } },
];

interface Outcome {
  kind: 'message' | 'task' | 'invite' | 'patch' | 'charter' | 'event' | 'booking';
  key: string;
  status: number;
  body: Record<string, unknown>;
}

interface Round {
  requests: number;
  acknowledged: number;
  duringOutage: Record<string, number>;
  outcomes: Outcome[];
}

describe('Crash safety: the database killed under concurrent writes (e2e)', () => {
  const databaseName = `crash_${randomBytes(6).toString('hex')}`;
  let database: KillableDatabase;
  let t: TestApp;
  let admin: TestUser;
  let project: TestProject;
  let invitees: string[];
  let coordinatorId: string;
  let resourceId: string;
  const acknowledged: Outcome[] = [];

  beforeAll(async () => {
    database = await startKillableDatabase();
    t = await createTestApp({}, { mongodbUri: database.uri, databaseName });
    admin = await makeUser(t, { displayName: 'Awa' });
    const coordinator = await makeAssociation(t, admin);
    coordinatorId = coordinator.id;
    project = await makeProject(t, admin, coordinator.id);
    resourceId = (await makeResource(t, admin, coordinator.id, { quantity: 1000, sharing: 'private' })).id;
    invitees = [];
    for (let i = 0; i < 24; i++) invitees.push((await makeAssociation(t, admin)).id);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await database?.destroy();
  }, 60_000);

  /**
   * Fires every write at once and kills the database once a quarter of them are acknowledged, so
   * that the kill lands among writes in flight; with `restartAfterMs`, starts it again that long
   * after the kill. Resolves when every request has answered (or given up after `timeoutMs`).
   */
  async function writeAndKill(round: string, invited: string[], options: { restartAfterMs?: number; timeoutMs: number }): Promise<Round> {
    const timeout = options.timeoutMs;
    const requests: { kind: Outcome['kind']; key: string; send: () => Promise<{ status: number; body: Record<string, unknown> }> }[] = [];
    for (let i = 0; i < 30; i++) {
      const key = `${round}-m${i}`;
      requests.push({ kind: 'message', key, send: () => sendMessage(t, admin, project.id, `Message ${key}`, key).timeout(timeout) });
    }
    // The scenario: 20 task creations with a clientId, racing, cut by the kill.
    for (let i = 0; i < 20; i++) {
      const key = `${round}-t${i}`;
      requests.push({ kind: 'task', key, send: () => createTask(key).timeout(timeout) });
    }
    for (const associationId of invited)
      requests.push({ kind: 'invite', key: associationId, send: () => invite(t, admin, project.id, associationId).timeout(timeout) });
    for (let i = 0; i < 10; i++) {
      const key = `${round}-p${i}`;
      requests.push({
        kind: 'patch',
        key,
        send: () => t.http().patch(`/api/projects/${project.id}`).set('Authorization', admin.auth).send({ description: key }).timeout(timeout),
      });
    }
    for (let i = 0; i < 8; i++) {
      const key = `${round}-e${i}`;
      const body = { title: `Événement ${key}`, start: futureTime(10 + i, 12), end: futureTime(10 + i, 18) };
      requests.push({
        kind: 'event',
        key,
        send: () => t.http().post(`/api/projects/${project.id}/events`).set('Authorization', admin.auth).send(body).timeout(timeout),
      });
    }
    for (let i = 0; i < 8; i++) {
      const key = `${round}-b${i}`;
      const body = { ...slot(5 + i), requesterAssociationId: coordinatorId, projectId: project.id };
      requests.push({
        kind: 'booking',
        key,
        send: () => t.http().post(`/api/resources/${resourceId}/bookings`).set('Authorization', admin.auth).send(body).timeout(timeout),
      });
    }
    for (let i = 0; i < 4; i++) {
      const key = `${round}-c${i}`;
      requests.push({
        kind: 'charter',
        key,
        send: () =>
          t
            .http()
            .put(`/api/projects/${project.id}/charter`)
            .set('Authorization', admin.auth)
            .send({ text: `Charte ${key}` })
            .timeout(timeout),
      });
    }
    let acks = 0;
    let killed: Promise<void> | null = null;
    let restarted: Promise<void> | null = null;
    const kill = () => {
      killed = database.kill();
      if (options.restartAfterMs !== undefined) {
        const delay = options.restartAfterMs;
        restarted = killed.then(() => new Promise((resolve) => setTimeout(resolve, delay))).then(() => database.start());
      }
      return killed;
    };
    const duringOutage: Record<string, number> = {};
    const outcomes = await Promise.all(
      requests.map(async (request): Promise<Outcome> => {
        const response = await request.send().catch((error: Error) => ({ status: 0, body: { error: error.message } }));
        if (response.status >= 200 && response.status < 300) acks++;
        if (killed) duringOutage[response.status] = (duringOutage[response.status] ?? 0) + 1;
        if (!killed && acks >= requests.length / 4) void kill();
        return { kind: request.kind, key: request.key, status: response.status, body: response.body };
      }),
    );
    await (killed ?? kill());
    await restarted;
    const ok = outcomes.filter((outcome) => outcome.status >= 200 && outcome.status < 300);
    acknowledged.push(...ok);
    return { requests: requests.length, acknowledged: ok.length, duringOutage, outcomes };
  }

  /** Documents still carrying an unfinished operation, per collection. */
  async function pendingMarkers(db: Connection): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const name of TRACKED) counts[name] = await db.collection(name).countDocuments({ pendingActivity: { $ne: null } });
    return counts;
  }

  async function waitUntilNoMarkers(db: Connection): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const counts = await pendingMarkers(db);
      if (Object.values(counts).every((count) => count === 0)) return;
      if (Date.now() > deadline) throw new Error(`Operations left unfinished: ${JSON.stringify(counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  const createTask = (clientId: string) =>
    t
      .http()
      .post(`/api/projects/${project.id}/tasks`)
      .set('Authorization', admin.auth)
      .send({ title: `Tâche ${clientId}`, clientId });

  /**
   * Sends again, with the same clientMessageId or clientId, each message and task that got no 2xx:
   * all must now be stored, with their activity.
   */
  async function retryUnacknowledged(round: Round): Promise<Record<string, number>> {
    const statuses: Record<string, number> = {};
    for (const outcome of round.outcomes.filter((o) => (o.kind === 'message' || o.kind === 'task') && !(o.status >= 200 && o.status < 300))) {
      const response =
        outcome.kind === 'message' ? await sendMessage(t, admin, project.id, `Message ${outcome.key}`, outcome.key) : await createTask(outcome.key);
      expect([200, 201]).toContain(response.status);
      statuses[`${outcome.kind} ${response.status}`] = (statuses[`${outcome.kind} ${response.status}`] ?? 0) + 1;
      acknowledged.push({ ...outcome, status: response.status, body: response.body });
    }
    return statuses;
  }

  /** Every acknowledged write stored; every entity with exactly its activity and no other; seqs 1..N. */
  async function audit(db: Connection) {
    const projectId = new Types.ObjectId(project.id);
    const activities = await db.collection('activities').find({ projectId }).sort({ seq: 1 }).toArray();
    const byType = (type: string) => activities.filter((activity) => activity.type === type);
    const partners = await db.collection('partners').find({ projectId }).toArray();
    const stored = await db.collection('projects').findOne({ _id: projectId });
    const countBy = (values: string[]) => values.reduce((map, value) => map.set(value, (map.get(value) ?? 0) + 1), new Map<string, number>());

    const storedIds = new Map<Outcome['kind'], Set<string>>([['invite', new Set(partners.map((partner) => String(partner.associationId)))]]);
    let entities = 1;
    let withoutActivity = 0;
    let orphans = 0;
    let expectedActivities = 1;
    for (const creation of CREATIONS) {
      const rows = await db
        .collection(creation.collection)
        .find({ projectId, ...creation.where })
        .toArray();
      const ids = new Set(rows.map((row) => String(row._id)));
      storedIds.set(creation.kind, new Set([...(storedIds.get(creation.kind) ?? []), ...ids]));
      const logged = countBy(byType(creation.type).map((activity) => String(activity.data[creation.key].id)));
      entities += creation.where ? 0 : rows.length;
      withoutActivity += rows.filter((row) => logged.get(String(row._id)) !== 1).length;
      orphans += [...logged.keys()].filter((id) => !ids.has(id)).length;
      expectedActivities += rows.length;
    }
    const invited = partners.filter((partner) => partner.status === 'invited');
    const invitedIds = new Set(invited.map((partner) => String(partner.associationId)));
    const inviteActivities = countBy(byType('partner.invited').map((activity) => String(activity.data.partner.associationId)));
    entities += invited.length;
    withoutActivity += invited.filter((partner) => inviteActivities.get(String(partner.associationId)) !== 1).length;
    orphans += [...inviteActivities.keys()].filter((id) => !invitedIds.has(id)).length;
    // Each project or charter update bumps the project's version once and logs once.
    withoutActivity += Math.abs(stored!.version - 1 - byType('project.updated').length - byType('charter.updated').length);
    withoutActivity += Math.abs(stored!.charter.version - 1 - byType('charter.updated').length);
    expectedActivities += invited.length + byType('project.updated').length + byType('charter.updated').length;

    const missing = acknowledged.filter((outcome) => {
      const ids = storedIds.get(outcome.kind);
      return ids ? !ids.has(outcome.kind === 'invite' ? outcome.key : String(outcome.body.id)) : false;
    });
    const seqs = activities.map((activity) => activity.seq as number);
    return {
      acknowledgedWrites: acknowledged.length,
      acknowledgedFound: acknowledged.length - missing.length,
      entities,
      entitiesWithoutActivity: withoutActivity,
      activitiesWithoutEntity: orphans,
      activities: activities.length,
      seqGapless: seqs.every((seq, index) => seq === index + 1),
      markers: await pendingMarkers(db),
      expectedActivities,
    };
  }

  function expectConsistent(report: Awaited<ReturnType<typeof audit>>): void {
    expect(report.acknowledgedFound).toBe(report.acknowledgedWrites);
    expect(report.entitiesWithoutActivity).toBe(0);
    expect(report.activitiesWithoutEntity).toBe(0);
    expect(report.seqGapless).toBe(true);
    expect(report.activities).toBe(report.expectedActivities);
    expect(Object.values(report.markers).every((count) => count === 0)).toBe(true);
  }

  it('keeps every acknowledged write with its activity when the database and the app restart', async () => {
    // Requests cut by the outage are given up after 15 s (status 0), as a client would.
    const round = await writeAndKill('a', invitees.slice(0, 12), { timeoutMs: 15_000 });
    // The app dies too: only the start-up sweep of the next one can finish what the crash cut.
    await t.close();
    await database.start();
    const inspector = await mongoose.createConnection(database.uri, { dbName: databaseName }).asPromise();
    try {
      const markersAfterCrash = await pendingMarkers(inspector);
      t = await createTestApp({}, { mongodbUri: database.uri, databaseName });
      await waitUntilNoMarkers(inspector);
      const retries = await retryUnacknowledged(round);
      const report = await audit(inspector);
      process.stdout.write(`crash-safety (app restarted) ${JSON.stringify({ ...round, outcomes: undefined, markersAfterCrash, retries, ...report })}\n`);
      expectConsistent(report);
    } finally {
      await inspector.close();
    }
  }, 180_000);

  it('keeps every acknowledged write with its activity when the database restarts under the running app', async () => {
    // The database is back 2 s after the kill, while requests wait for it: each gets its answer.
    const round = await writeAndKill('b', invitees.slice(12), { restartAfterMs: 2_000, timeoutMs: 60_000 });
    const restartedAt = Date.now();
    // The app stays up: it reconnects, and its own retries finish what the outage cut.
    for (;;) {
      const response = await t.http().get(`/api/projects/${project.id}`).set('Authorization', admin.auth);
      if (response.status === 200) break;
      if (Date.now() - restartedAt > 30_000) throw new Error(`The app did not serve again: ${response.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await waitUntilNoMarkers(t.db);
    const finishedAfterMs = Date.now() - restartedAt;
    const retries = await retryUnacknowledged(round);
    const report = await audit(t.db);
    process.stdout.write(`crash-safety (app running) ${JSON.stringify({ ...round, outcomes: undefined, finishedAfterMs, retries, ...report })}\n`);
    expectConsistent(report);
  }, 180_000);
});
