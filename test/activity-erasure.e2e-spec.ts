import type { ActivityFeedPage, ActivityView } from '@maillage/contract';
import { Types } from 'mongoose';
import { makeEvent, makeShift } from './factories/events';
import { makeWorld, ProjectWorld, sendMessage } from './factories/projects';
import { makeResource, slot } from './factories/resources';
import { makeTask } from './factories/tasks';
import { createTestApp, TestApp } from './setup/test-app';
import { makeUser, TestUser } from './factories';

/**
 * Account erasure reaches every copy of the user the activity log holds: who acted, and the ids
 * and names inside the objects each activity carries (tasks, comments, messages, bookings, shifts,
 * partners and signatures), whichever feature appended them.
 */
describe('Activity log erasure (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  async function readWholeLog(user: TestUser, projectId: string): Promise<ActivityView[]> {
    const items: ActivityView[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string | number> = { limit: 100, ...(cursor ? { cursor } : {}) };
      const page: ActivityFeedPage = (await t.http().get(`/api/projects/${projectId}/activity`).query(query).set('Authorization', user.auth).expect(200)).body;
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  /** The leaver takes part in everything the log records, beside the coordinator's admin. */
  async function leaveTracesEverywhere(world: ProjectWorld, leaver: TestUser): Promise<void> {
    const { project, coordinator, partner } = world;
    const as = (user: TestUser) => ({ Authorization: user.auth });

    // Tasks: one created by the leaver, one assigned to them, both commented by them.
    const own = await makeTask(t, leaver, project.id, { title: 'Affiches', assigneeUserIds: [leaver.id, coordinator.admin.id] });
    const assigned = await makeTask(t, coordinator.admin, project.id, { title: 'Buvette', assigneeUserIds: [leaver.id] });
    await t.http().post(`/api/tasks/${own.id}/move`).set(as(leaver)).send({ status: 'in_progress' }).expect(200);
    const comment = await t.http().post(`/api/tasks/${assigned.id}/comments`).set(as(leaver)).send({ body: 'Je m’en charge' }).expect(201);
    await t.http().patch(`/api/comments/${comment.body.id}`).set(as(leaver)).send({ body: 'Je m’en charge demain' }).expect(200);

    // Chat.
    await sendMessage(t, leaver, project.id, 'Bonjour à tous', 'leaver-1').expect(201);

    // The charter: a new version, signed by the leaver for their association.
    const charter = await t.http().put(`/api/projects/${project.id}/charter`).set(as(coordinator.admin)).send({ text: 'Charte, version 2' }).expect(200);
    await t
      .http()
      .post(`/api/projects/${project.id}/charter/sign`)
      .set(as(leaver))
      .send({ associationId: partner.id, version: charter.body.version })
      .expect(200);

    // Bookings: the leaver requests one and decides another.
    const coordinatorResource = await makeResource(t, coordinator.admin, coordinator.id, { sharing: 'network' });
    const requested = await t
      .http()
      .post(`/api/resources/${coordinatorResource.id}/bookings`)
      .set(as(leaver))
      .send({ ...slot(20), requesterAssociationId: partner.id, projectId: project.id })
      .expect(201);
    await t.http().post(`/api/bookings/${requested.body.id}/approve`).set(as(coordinator.admin)).send({}).expect(200);
    const partnerResource = await makeResource(t, leaver, partner.id, { sharing: 'network' });
    const decided = await t
      .http()
      .post(`/api/resources/${partnerResource.id}/bookings`)
      .set(as(coordinator.admin))
      .send({ ...slot(21), requesterAssociationId: coordinator.id, projectId: project.id })
      .expect(201);
    await t.http().post(`/api/bookings/${decided.body.id}/approve`).set(as(leaver)).send({}).expect(200);
    await t.http().post(`/api/bookings/${decided.body.id}/checkout`).set(as(leaver)).send({}).expect(200);

    // An event with a shift the leaver signs up for (their name is copied into the shift).
    const event = await makeEvent(t, coordinator.admin, project.id);
    const shift = await makeShift(t, coordinator.admin, event.id);
    await t.http().post(`/api/shifts/${shift.id}/signup`).set(as(leaver)).send({}).expect(200);
  }

  it('leaves no id, email or name of a deleted account in the log, the database or the others’ export', async () => {
    const world = await makeWorld(t);
    // The partner's admin is the leaver: they joined the project by signing the charter.
    const leaver = world.partner.admin;
    const witness = world.coordinator.admin;
    await leaveTracesEverywhere(world, leaver);

    const before = JSON.stringify(await readWholeLog(witness, world.project.id));
    for (const type of [
      'task.created',
      'task.moved',
      'comment.updated',
      'message.created',
      'charter.signed',
      'partner.joined',
      'booking.requested',
      'booking.approved',
      'booking.checked_out',
      'shift.signed_up',
    ]) {
      expect(before).toContain(`"type":"${type}"`);
    }
    expect(before).toContain(leaver.id);
    expect(before).toContain(leaver.displayName);

    await t.http().delete('/api/me').set('Authorization', leaver.auth).expect(204);

    const traces = [leaver.id, leaver.email, leaver.displayName];
    const log = await readWholeLog(witness, world.project.id);
    expect(log.length).toBeGreaterThan(15);
    const logText = JSON.stringify(log);
    for (const trace of traces) expect(logText).not.toContain(trace);

    const stored = await t.db.collection('activities').find({}).toArray();
    const storedText = JSON.stringify(stored);
    for (const trace of traces) expect(storedText).not.toContain(trace);
    expect(await t.db.collection('activities').countDocuments({ actorId: new Types.ObjectId(leaver.id) })).toBe(0);

    // What the log still says: the same events, from nobody.
    const created = log.find((activity) => activity.type === 'task.created' && activity.data.task.title === 'Affiches');
    expect(created).toMatchObject({ actorId: null, data: { task: { createdBy: null, assigneeUserIds: [witness.id] } } });
    const message = log.find((activity) => activity.type === 'message.created');
    expect(message).toMatchObject({ actorId: null, data: { message: { authorId: null, authorName: 'Compte supprimé', body: 'Bonjour à tous' } } });
    const decided = log.find((activity) => activity.type === 'booking.approved' && activity.data.booking.requestedBy === witness.id);
    expect(decided).toMatchObject({ actorId: null, data: { booking: { decidedBy: null } } });

    for (const user of [witness, world.coordinator.member, world.partner.member]) {
      const exported = await t.http().get('/api/me/export').set('Authorization', user.auth).expect(200);
      const exportText = JSON.stringify(exported.body);
      for (const trace of traces) expect(exportText).not.toContain(trace);
    }
  });

  it('erases only the deleted account: the others keep their names in the log', async () => {
    const world = await makeWorld(t);
    const leaver = await makeUser(t, { displayName: 'Partante' });
    const stayer = world.coordinator.admin;
    await sendMessage(t, stayer, world.project.id, 'Je reste', 'stayer-1').expect(201);
    await t.http().delete('/api/me').set('Authorization', leaver.auth).expect(204);
    const log = await readWholeLog(stayer, world.project.id);
    expect(log.find((activity) => activity.type === 'message.created')).toMatchObject({
      actorId: stayer.id,
      data: { message: { authorId: stayer.id, authorName: stayer.displayName } },
    });
  });
});
