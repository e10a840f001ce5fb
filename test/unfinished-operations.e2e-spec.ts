import { Types } from 'mongoose';
import { PendingActivityService } from '../src/activity/pending-activity.service';
import { Message } from '../src/chat/schemas/message.schema';
import { makeAssociation, TestUser } from './factories';
import { makeWorld, ProjectWorld, sendMessage, storedSeqs } from './factories/projects';
import { createTestApp, TestApp } from './setup/test-app';

/**
 * What a crash between an entity write and its activity leaves behind — the entity written with its
 * `pendingActivity` marker, no activity — written here straight to the database, then finished by
 * each path that must finish it: a retry with the same clientMessageId, the next write to the
 * entity, the next start of the app, and any number of racing finishers.
 */
describe('Unfinished operations (e2e)', () => {
  let t: TestApp;
  let w: ProjectWorld;

  beforeAll(async () => {
    t = await createTestApp();
    w = await makeWorld(t);
  });

  afterAll(async () => {
    await t.close();
  });

  const marker = (type: string, actor: TestUser, detail: Record<string, unknown> | null = null) => ({
    opId: new Types.ObjectId(),
    type,
    actorId: new Types.ObjectId(actor.id),
    at: new Date(),
    detail,
    removes: false,
  });

  /** A message as a crash right after its insert leaves it. */
  async function cutMessage(author: TestUser, clientMessageId: string) {
    const operation = marker('message.created', author);
    const { insertedId } = await t.db.collection('messages').insertOne({
      projectId: new Types.ObjectId(w.project.id),
      authorId: new Types.ObjectId(author.id),
      body: `Coupé ${clientMessageId}`,
      clientMessageId,
      createdAt: operation.at,
      pendingActivity: operation,
    });
    return { id: insertedId.toHexString(), operation };
  }

  const activitiesOf = (projectId: string, filter: Record<string, unknown>) =>
    t.db
      .collection('activities')
      .find({ projectId: new Types.ObjectId(projectId), ...filter })
      .sort({ seq: 1 })
      .toArray();

  const expectGapless = async (projectId: string) => {
    const seqs = await storedSeqs(t, projectId);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
  };

  async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('not finished in time');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  describe('POST /api/projects/:id/messages', () => {
    it('answers a retry with the stored message (200) and appends the activity a crash cut, once', async () => {
      const cut = await cutMessage(w.partner.member, 'c-cut-retry');
      const answers = await Promise.all([1, 2, 3].map(() => sendMessage(t, w.partner.member, w.project.id, 'Coupé c-cut-retry', 'c-cut-retry')));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
      expect(answers.every((answer) => answer.body.id === cut.id)).toBe(true);
      const logged = await activitiesOf(w.project.id, { type: 'message.created', 'data.message.id': cut.id });
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ _id: cut.operation.opId, actorId: new Types.ObjectId(w.partner.member.id), at: cut.operation.at });
      expect(logged[0].data.message).toMatchObject({ id: cut.id, authorName: w.partner.member.displayName, body: 'Coupé c-cut-retry' });
      expect(await t.db.collection('messages').findOne({ _id: new Types.ObjectId(cut.id) })).toMatchObject({ pendingActivity: null });
      await expectGapless(w.project.id);
    });
  });

  describe('POST /api/projects/:id/tasks', () => {
    it('answers a retry with the same clientId with the task (200), its task.created appended once, on the board', async () => {
      const operation = marker('task.created', w.coordinator.member);
      const { insertedId } = await t.db.collection('tasks').insertOne({
        projectId: new Types.ObjectId(w.project.id),
        title: 'Tâche coupée',
        description: '',
        status: 'todo',
        statusRank: 0,
        position: 987_654,
        assigneeAssociationId: null,
        assigneeUserIds: [],
        dueDate: null,
        checklist: [],
        eventId: null,
        createdBy: new Types.ObjectId(w.coordinator.member.id),
        clientId: 'c-task-cut',
        version: 1,
        createdAt: operation.at,
        updatedAt: operation.at,
        pendingActivity: operation,
      });
      const retry = () =>
        t
          .http()
          .post(`/api/projects/${w.project.id}/tasks`)
          .set('Authorization', w.coordinator.member.auth)
          .send({ title: 'Tâche coupée', clientId: 'c-task-cut' });
      const answers = await Promise.all([retry(), retry()]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(answers.every((answer) => answer.body.id === insertedId.toHexString())).toBe(true);
      expect(await activitiesOf(w.project.id, { type: 'task.created', 'data.task.id': insertedId.toHexString() })).toMatchObject([{ _id: operation.opId }]);
      const board = await t.http().get(`/api/projects/${w.project.id}/tasks`).set('Authorization', w.coordinator.member.auth).expect(200);
      expect(board.body.items.map((task: { id: string }) => task.id)).toContain(insertedId.toHexString());
      await expectGapless(w.project.id);
    });
  });

  describe('PATCH /api/projects/:id', () => {
    it('finishes the update a crash cut before applying the next one, in that order', async () => {
      const operation = marker('project.updated', w.coordinator.admin, { changes: ['title'] });
      await t.db
        .collection('projects')
        .updateOne({ _id: new Types.ObjectId(w.project.id) }, { $set: { title: 'Titre coupé', pendingActivity: operation }, $inc: { version: 1 } });
      const response = await t
        .http()
        .patch(`/api/projects/${w.project.id}`)
        .set('Authorization', w.coordinator.admin.auth)
        .send({ description: 'Après la coupure' })
        .expect(200);
      expect(response.body).toMatchObject({ title: 'Titre coupé', description: 'Après la coupure' });
      const [cut, next] = (await activitiesOf(w.project.id, { type: 'project.updated' })).slice(-2);
      expect(cut).toMatchObject({ _id: operation.opId, data: { changes: ['title'], project: { title: 'Titre coupé' } } });
      expect(next).toMatchObject({ data: { changes: ['description'], project: { description: 'Après la coupure' } } });
      expect(next.seq).toBe(cut.seq + 1);
      await expectGapless(w.project.id);
    });
  });

  describe('POST /api/projects/:id/partners/:associationId/decline', () => {
    it('finishes the invitation a crash cut before the decline', async () => {
      const association = await makeAssociation(t, w.invited.admin);
      const operation = marker('partner.invited', w.coordinator.admin);
      await t.db.collection('partners').insertOne({
        projectId: new Types.ObjectId(w.project.id),
        associationId: new Types.ObjectId(association.id),
        status: 'invited',
        invitedBy: new Types.ObjectId(w.coordinator.admin.id),
        invitedAt: operation.at,
        version: 1,
        pendingActivity: operation,
      });
      await t.http().post(`/api/projects/${w.project.id}/partners/${association.id}/decline`).set('Authorization', w.invited.admin.auth).expect(200);
      const logged = await activitiesOf(w.project.id, { 'data.partner.associationId': association.id });
      expect(logged.map((activity) => activity.type)).toEqual(['partner.invited', 'partner.declined']);
      await expectGapless(w.project.id);
    });
  });

  describe(PendingActivityService.name, () => {
    it('appends an operation once however many finishers race', async () => {
      const sut = t.app.get(PendingActivityService);
      // The app's own model of the real collection, as registered on its connection.
      const messages = t.db.model<Message>(Message.name);
      const cut = await cutMessage(w.partner.admin, 'c-cut-race');
      const row = await messages.findById(cut.id).lean();
      const results = await Promise.all(Array.from({ length: 6 }, () => sut.settle(messages, row!)));
      expect(new Set(results.map((activity) => activity?.seq)).size).toBe(1);
      expect(await activitiesOf(w.project.id, { _id: cut.operation.opId })).toHaveLength(1);
      await expectGapless(w.project.id);
    });
  });

  // Last: a second app in this process takes over Passport's JWT strategy (one per process).
  describe('start-up', () => {
    it('finishes every operation a crash cut, a multi-document project creation included', async () => {
      const message = await cutMessage(w.coordinator.member, 'c-cut-start');
      // A project creation cut right after the project document: no partner row, signature nor activity.
      const creation = marker('project.created', w.coordinator.admin);
      const { insertedId: projectId } = await t.db.collection('projects').insertOne({
        title: 'Création coupée',
        coordinatorAssociationId: new Types.ObjectId(w.coordinator.id),
        status: 'draft',
        startDate: null,
        endDate: null,
        charter: { version: 1, text: 'Charte', updatedAt: creation.at, updatedBy: creation.actorId },
        createdBy: creation.actorId,
        version: 1,
        createdAt: creation.at,
        updatedAt: creation.at,
        pendingActivity: creation,
      });
      await t.http().get(`/api/projects/${projectId.toHexString()}`).set('Authorization', w.coordinator.admin.auth).expect(404);

      const restarted = await createTestApp({}, { databaseName: t.config.databaseName });
      try {
        await eventually(async () => (await t.db.collection('projects').countDocuments({ _id: projectId, pendingActivity: null })) === 1);
        await eventually(async () => (await t.db.collection('messages').countDocuments({ _id: new Types.ObjectId(message.id), pendingActivity: null })) === 1);
        await restarted.http().get(`/api/projects/${projectId.toHexString()}`).set('Authorization', w.coordinator.admin.auth).expect(200);
      } finally {
        await restarted.close();
      }
      expect(await activitiesOf(w.project.id, { _id: message.operation.opId, type: 'message.created' })).toHaveLength(1);
      expect(await activitiesOf(projectId.toHexString(), {})).toMatchObject([{ seq: 1, type: 'project.created', _id: creation.opId }]);
      expect(await t.db.collection('partners').findOne({ projectId })).toMatchObject({ associationId: new Types.ObjectId(w.coordinator.id), status: 'active' });
      expect(await t.db.collection('charter_signatures').findOne({ projectId })).toMatchObject({ version: 1, signedBy: creation.actorId });
      await expectGapless(w.project.id);
    });
  });
});
