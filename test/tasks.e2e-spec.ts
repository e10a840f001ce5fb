import { Types } from 'mongoose';
import { addMember, makeUser, TestUser } from './factories';
import { columnIds, makeBoard, makeTask, readBoard, TestBoard } from './factories/tasks';
import { useTestApp } from './setup/hooks';
import { TestApp } from './setup/test-app';

describe('Tasks (e2e)', () => {
  let t: TestApp;
  let board: TestBoard;
  let projectId: string;
  const unknownId = new Types.ObjectId().toHexString();

  useTestApp(async (app) => {
    t = app;
    board = await makeBoard(t);
    projectId = board.project.id;
  });

  /** Activities of the project (stored), oldest first. */
  const activities = (project = projectId) =>
    t.db
      .collection('activities')
      .find({ projectId: new Types.ObjectId(project) })
      .sort({ seq: 1 })
      .toArray();
  const lastActivity = async (project = projectId) => (await activities(project)).at(-1)!;

  /** A project of its own for tests that need a predictable board. */
  const freshProject = () => makeBoard(t);

  /** The distinct fields named by a 400's errors. */
  const fieldsOf = (response: { body: { errors?: { field: string }[] } }) => [...new Set((response.body.errors ?? []).map((error) => error.field))];

  /** Through the API, as its coordinator would: the app remembers a project until one of its writes. */
  const archive = (b: TestBoard) =>
    t.http().patch(`/api/projects/${b.project.id}`).set('Authorization', b.coordinator.admin.auth).send({ status: 'archived' }).expect(200);

  /** A comment of the partner's member on a new task of the board. */
  const comment = async (body: string) => {
    const task = await makeTask(t, board.coordinator.admin, projectId);
    const response = await t.http().post(`/api/tasks/${task.id}/comments`).set('Authorization', board.partner.member.auth).send({ body }).expect(201);
    return response.body as { id: string; taskId: string };
  };

  describe('GET /api/projects/:id/tasks', () => {
    let b: TestBoard;
    beforeAll(async () => {
      b = await freshProject();
    });

    it('orders tasks by column (todo, in_progress, blocked, done) then position, page by page', async () => {
      const admin = b.coordinator.admin;
      const done = await makeTask(t, admin, b.project.id, { title: 'done 1', status: 'done' });
      const todo1 = await makeTask(t, admin, b.project.id, { title: 'todo 1' });
      const blocked = await makeTask(t, admin, b.project.id, { title: 'blocked 1', status: 'blocked' });
      const todo2 = await makeTask(t, admin, b.project.id, { title: 'todo 2', status: 'todo' });
      const progress = await makeTask(t, admin, b.project.id, { title: 'progress 1', status: 'in_progress' });

      const first = await t.http().get(`/api/projects/${b.project.id}/tasks`).query({ limit: 2 }).set('Authorization', admin.auth).expect(200);
      expect(first.body.items.map((task: { id: string }) => task.id)).toEqual([todo1.id, todo2.id]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const all = await readBoard(t, admin, b.project.id, { limit: 2 });
      expect(all.map((task) => task.id)).toEqual([todo1.id, todo2.id, progress.id, blocked.id, done.id]);
      expect(all[0]).toMatchObject({ projectId: b.project.id, status: 'todo', version: 1, assigneeUserIds: [], checklist: [] });
      expect(all[0]).not.toHaveProperty('_id');
    });

    it('filters by status, assignee association, assignee user and due date', async () => {
      const admin = b.coordinator.admin;
      const assigned = await makeTask(t, admin, b.project.id, {
        title: 'assigned',
        status: 'blocked',
        assigneeAssociationId: b.partner.id,
        assigneeUserIds: [b.partner.member.id],
        dueDate: '2030-01-10T10:00:00.000Z',
      });
      const late = await makeTask(t, admin, b.project.id, { title: 'late', status: 'blocked', dueDate: '2030-03-01T10:00:00.000Z' });
      const get = (query: Record<string, string>) =>
        t.http().get(`/api/projects/${b.project.id}/tasks`).query(query).set('Authorization', b.partner.member.auth).expect(200);

      const blocked = await get({ status: 'blocked' });
      expect(blocked.body.items.every((task: { status: string }) => task.status === 'blocked')).toBe(true);
      expect(blocked.body.items.map((task: { id: string }) => task.id)).toEqual(expect.arrayContaining([assigned.id, late.id]));
      expect((await get({ assigneeAssociationId: b.partner.id })).body.items.map((task: { id: string }) => task.id)).toEqual([assigned.id]);
      expect((await get({ assigneeUserId: b.partner.member.id })).body.items.map((task: { id: string }) => task.id)).toEqual([assigned.id]);
      expect((await get({ dueBefore: '2030-02-01T00:00:00.000Z' })).body.items.map((task: { id: string }) => task.id)).toEqual([assigned.id]);
    });

    it('answers 400 for unknown or invalid query parameters', async () => {
      const auth = b.coordinator.admin.auth;
      const url = `/api/projects/${b.project.id}/tasks`;
      const unknown = await t.http().get(url).query({ sort: 'title' }).set('Authorization', auth).expect(400);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'sort' })]);
      const status = await t.http().get(url).query({ status: 'later' }).set('Authorization', auth).expect(400);
      expect(status.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
      await t.http().get(url).query({ limit: 201 }).set('Authorization', auth).expect(400);
      await t.http().get(url).query({ dueBefore: 'tomorrow' }).set('Authorization', auth).expect(400);
      const cursor = await t.http().get(url).query({ cursor: 'garbage' }).set('Authorization', auth).expect(400);
      expect(cursor.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    });

    it('answers 401 without a token', async () => {
      await t.http().get(`/api/projects/${b.project.id}/tasks`).expect(401);
    });

    it('answers 404 to an outsider and for an unknown project', async () => {
      await t.http().get(`/api/projects/${b.project.id}/tasks`).set('Authorization', b.outsider.auth).expect(404);
      await t.http().get(`/api/projects/${unknownId}/tasks`).set('Authorization', b.coordinator.admin.auth).expect(404);
      await t.http().get('/api/projects/not-an-id/tasks').set('Authorization', b.coordinator.admin.auth).expect(404);
    });
  });

  describe('POST /api/projects/:id/tasks', () => {
    it('creates the task last of its column and logs task.created with the task', async () => {
      const first = await makeTask(t, board.partner.member, projectId, { title: 'Réserver la salle', status: 'in_progress' });
      const response = await t
        .http()
        .post(`/api/projects/${projectId}/tasks`)
        .set('Authorization', board.partner.member.auth)
        .send({
          title: '  Imprimer les affiches  ',
          description: 'A3, 50 exemplaires',
          status: 'in_progress',
          assigneeAssociationId: board.coordinator.id,
          assigneeUserIds: [board.coordinator.member.id, board.partner.member.id],
          dueDate: '2030-05-01T08:00:00.000Z',
          checklist: [{ text: 'Maquette' }, { id: 'print', text: 'Impression', done: true }],
        })
        .expect(201);
      expect(response.body).toMatchObject({
        id: expect.any(String),
        projectId,
        title: 'Imprimer les affiches',
        status: 'in_progress',
        assigneeAssociationId: board.coordinator.id,
        assigneeUserIds: [board.coordinator.member.id, board.partner.member.id],
        dueDate: '2030-05-01T08:00:00.000Z',
        eventId: null,
        createdBy: board.partner.member.id,
        version: 1,
      });
      expect(response.body.checklist).toEqual([
        { id: expect.any(String), text: 'Maquette', done: false },
        { id: 'print', text: 'Impression', done: true },
      ]);
      expect(response.body.position).toBeGreaterThan(first.position);
      const stored = await t.db.collection('tasks').findOne({ _id: new Types.ObjectId(response.body.id) });
      expect(stored).toMatchObject({ title: 'Imprimer les affiches', statusRank: 1, version: 1 });
      const activity = await lastActivity();
      expect(activity).toMatchObject({ type: 'task.created', actorId: new Types.ObjectId(board.partner.member.id) });
      expect(activity.data.task).toEqual(response.body);
    });

    it('answers the stored task (200) when the same clientId comes again, even racing', async () => {
      const body = { title: 'Hors ligne', clientId: 'offline-7f3a' };
      const created = await t.http().post(`/api/projects/${projectId}/tasks`).set('Authorization', board.coordinator.admin.auth).send(body).expect(201);
      const again = await t.http().post(`/api/projects/${projectId}/tasks`).set('Authorization', board.coordinator.admin.auth).send(body).expect(200);
      expect(again.body).toEqual(created.body);

      const racing = await Promise.all(
        Array.from({ length: 6 }, () =>
          t.http().post(`/api/projects/${projectId}/tasks`).set('Authorization', board.coordinator.admin.auth).send({ title: 'Course', clientId: 'race-1' }),
        ),
      );
      expect(racing.filter((response) => response.status === 201)).toHaveLength(1);
      expect(racing.filter((response) => response.status === 200)).toHaveLength(5);
      expect(new Set(racing.map((response) => response.body.id)).size).toBe(1);
      expect(await t.db.collection('tasks').countDocuments({ projectId: new Types.ObjectId(projectId), clientId: 'race-1' })).toBe(1);
      const createdLogs = (await activities()).filter((row) => row.type === 'task.created' && row.data.task.clientId === 'race-1');
      expect(createdLogs).toHaveLength(1);
    });

    it('answers 400 with field errors, and stores nothing', async () => {
      const before = await t.db.collection('tasks').countDocuments();
      const post = (body: Record<string, unknown>) =>
        t.http().post(`/api/projects/${projectId}/tasks`).set('Authorization', board.coordinator.admin.auth).send(body).expect(400);
      expect((await post({ title: '   ' })).body.errors).toEqual([expect.objectContaining({ field: 'title' })]);
      expect((await post({ title: 'x'.repeat(201) })).body.errors).toEqual([expect.objectContaining({ field: 'title' })]);
      expect((await post({ title: 'ok', description: 'x'.repeat(10_001) })).body.errors).toEqual([expect.objectContaining({ field: 'description' })]);
      expect((await post({ title: 'ok', status: 'archived' })).body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
      expect((await post({ title: 'ok', priority: 1 })).body.errors).toEqual([expect.objectContaining({ field: 'priority' })]);
      expect((await post({ title: 'ok', checklist: [{ text: '' }] })).body.errors).toEqual([expect.objectContaining({ field: 'checklist.0.text' })]);
      expect(
        (
          await post({
            title: 'ok',
            checklist: [
              { id: 'a', text: 'un' },
              { id: 'a', text: 'deux' },
            ],
          })
        ).body.errors,
      ).toEqual([expect.objectContaining({ field: 'checklist.1.id' })]);
      expect((await post({ title: 'ok', dueDate: 'demain' })).body.errors).toEqual([expect.objectContaining({ field: 'dueDate' })]);
      const outsiderAssociation = await t.db.collection('memberships').findOne({ userId: new Types.ObjectId(board.outsider.id) });
      expect((await post({ title: 'ok', assigneeAssociationId: String(outsiderAssociation!.associationId) })).body.errors).toEqual([
        expect.objectContaining({ field: 'assigneeAssociationId' }),
      ]);
      expect((await post({ title: 'ok', assigneeUserIds: [board.partner.member.id, board.outsider.id] })).body.errors).toEqual([
        expect.objectContaining({ field: 'assigneeUserIds' }),
      ]);
      expect((await post({ title: 'ok', eventId: unknownId })).body.errors).toEqual([expect.objectContaining({ field: 'eventId' })]);
      expect(await t.db.collection('tasks').countDocuments()).toBe(before);
    });

    it('answers 401 without a token', async () => {
      await t.http().post(`/api/projects/${projectId}/tasks`).send({ title: 'x' }).expect(401);
    });

    it('answers 404 to an outsider', async () => {
      await t.http().post(`/api/projects/${projectId}/tasks`).set('Authorization', board.outsider.auth).send({ title: 'x' }).expect(404);
    });

    it('answers 409 on an archived project', async () => {
      const b = await freshProject();
      await archive(b);
      await t.http().post(`/api/projects/${b.project.id}/tasks`).set('Authorization', b.partner.member.auth).send({ title: 'x' }).expect(409);
      expect(await t.db.collection('tasks').countDocuments({ projectId: new Types.ObjectId(b.project.id) })).toBe(0);
    });
  });

  describe('GET /api/tasks/:taskId', () => {
    it('answers the task to members of any active partner', async () => {
      const task = await makeTask(t, board.coordinator.member, projectId);
      const response = await t.http().get(`/api/tasks/${task.id}`).set('Authorization', board.partner.member.auth).expect(200);
      expect(response.body).toEqual(task);
    });

    it('answers 401 without a token', async () => {
      const task = await makeTask(t, board.coordinator.member, projectId);
      await t.http().get(`/api/tasks/${task.id}`).expect(401);
    });

    it('answers 404 to an outsider, exactly as for an unknown task', async () => {
      const task = await makeTask(t, board.coordinator.member, projectId);
      const outsider = await t.http().get(`/api/tasks/${task.id}`).set('Authorization', board.outsider.auth).expect(404);
      const unknown = await t.http().get(`/api/tasks/${unknownId}`).set('Authorization', board.outsider.auth).expect(404);
      expect(outsider.body.detail).toBe(unknown.body.detail);
    });
  });

  describe('PATCH /api/tasks/:taskId', () => {
    it('updates the fields, bumps the version and logs task.updated with the task', async () => {
      const task = await makeTask(t, board.coordinator.admin, projectId, { checklist: [{ id: 'one', text: 'Un' }] });
      const response = await t
        .http()
        .patch(`/api/tasks/${task.id}`)
        .set('Authorization', board.partner.admin.auth)
        .send({
          version: 1,
          title: 'Nouveau titre',
          assigneeAssociationId: board.partner.id,
          assigneeUserIds: [board.partner.admin.id],
          checklist: [{ id: 'one', text: 'Un', done: true }, { text: 'Deux' }],
          dueDate: null,
        })
        .expect(200);
      expect(response.body).toMatchObject({
        id: task.id,
        title: 'Nouveau titre',
        assigneeAssociationId: board.partner.id,
        assigneeUserIds: [board.partner.admin.id],
        dueDate: null,
        version: 2,
        position: task.position,
      });
      expect(response.body.checklist).toEqual([
        { id: 'one', text: 'Un', done: true },
        { id: expect.any(String), text: 'Deux', done: false },
      ]);
      const activity = await lastActivity();
      expect(activity.type).toBe('task.updated');
      expect(activity.data.task).toEqual(response.body);

      const cleared = await t
        .http()
        .patch(`/api/tasks/${task.id}`)
        .set('Authorization', board.partner.admin.auth)
        .send({ version: 2, assigneeAssociationId: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ assigneeAssociationId: null, version: 3 });
    });

    it('puts a task whose status changes at the end of its new column', async () => {
      const b = await freshProject();
      const done = await makeTask(t, b.coordinator.admin, b.project.id, { status: 'done' });
      const task = await makeTask(t, b.coordinator.admin, b.project.id);
      const response = await t
        .http()
        .patch(`/api/tasks/${task.id}`)
        .set('Authorization', b.coordinator.admin.auth)
        .send({ version: 1, status: 'done' })
        .expect(200);
      expect(response.body).toMatchObject({ status: 'done', version: 2 });
      expect(await columnIds(t, b.coordinator.admin, b.project.id, 'done')).toEqual([done.id, task.id]);
    });

    it('answers 409 with the current task on a stale version, and changes nothing', async () => {
      const task = await makeTask(t, board.coordinator.admin, projectId, { title: 'Original' });
      await t.http().patch(`/api/tasks/${task.id}`).set('Authorization', board.coordinator.admin.auth).send({ version: 1, title: 'Premier' }).expect(200);
      const stale = await t
        .http()
        .patch(`/api/tasks/${task.id}`)
        .set('Authorization', board.partner.admin.auth)
        .send({ version: 1, title: 'Second' })
        .expect(409);
      expect(stale.body).toMatchObject({ status: 409, code: 'stale_version', current: { id: task.id, title: 'Premier', version: 2 } });

      // Racing writers on one version: exactly one wins.
      const racing = await Promise.all(
        ['A', 'B', 'C', 'D', 'E'].map((title) =>
          t.http().patch(`/api/tasks/${task.id}`).set('Authorization', board.partner.member.auth).send({ version: 2, title }),
        ),
      );
      expect(racing.filter((response) => response.status === 200)).toHaveLength(1);
      expect(racing.filter((response) => response.status === 409)).toHaveLength(4);
      const stored = await t.db.collection('tasks').findOne({ _id: new Types.ObjectId(task.id) });
      expect(stored).toMatchObject({ version: 3, title: racing.find((response) => response.status === 200)!.body.title });
    });

    it('answers 400 without a version or with invalid fields', async () => {
      const task = await makeTask(t, board.coordinator.admin, projectId);
      const patch = (body: Record<string, unknown>) =>
        t.http().patch(`/api/tasks/${task.id}`).set('Authorization', board.coordinator.admin.auth).send(body).expect(400);
      expect(fieldsOf(await patch({ title: 'x' }))).toEqual(['version']);
      expect(fieldsOf(await patch({ version: 1, title: null }))).toEqual(['title']);
      expect(fieldsOf(await patch({ version: 1, position: 3 }))).toEqual(['position']);
      expect(fieldsOf(await patch({ version: 1, assigneeUserIds: [board.outsider.id] }))).toEqual(['assigneeUserIds']);
      const stored = await t.db.collection('tasks').findOne({ _id: new Types.ObjectId(task.id) });
      expect(stored).toMatchObject({ version: 1, assigneeUserIds: [] });
    });

    it('answers 401 without a token', async () => {
      const task = await makeTask(t, board.coordinator.admin, projectId);
      await t.http().patch(`/api/tasks/${task.id}`).send({ version: 1, title: 'x' }).expect(401);
    });

    it('answers 404 to an outsider', async () => {
      const task = await makeTask(t, board.coordinator.admin, projectId);
      await t.http().patch(`/api/tasks/${task.id}`).set('Authorization', board.outsider.auth).send({ version: 1, title: 'x' }).expect(404);
    });
  });

  describe('POST /api/tasks/:taskId/move', () => {
    const move = (user: TestUser, taskId: string, body: Record<string, unknown>) =>
      t.http().post(`/api/tasks/${taskId}/move`).set('Authorization', user.auth).send(body);

    it('puts the task right after afterTaskId (null: first), touching only that task', async () => {
      const b = await freshProject();
      const user = b.partner.member;
      const tasks = [];
      for (const title of ['A', 'B', 'C', 'D']) tasks.push(await makeTask(t, user, b.project.id, { title }));
      const [taskA, taskB, taskC, taskD] = tasks;
      const inProgress = await makeTask(t, user, b.project.id, { title: 'E', status: 'in_progress' });

      const moved = await move(user, taskD.id, { status: 'todo', afterTaskId: taskA.id }).expect(200);
      expect(moved.body).toMatchObject({ id: taskD.id, status: 'todo', version: 2 });
      expect(await columnIds(t, user, b.project.id, 'todo')).toEqual([taskA.id, taskD.id, taskB.id, taskC.id]);

      await move(user, taskC.id, { status: 'todo', afterTaskId: null }).expect(200);
      expect(await columnIds(t, user, b.project.id, 'todo')).toEqual([taskC.id, taskA.id, taskD.id, taskB.id]);

      await move(user, taskA.id, { status: 'in_progress', afterTaskId: inProgress.id, version: 1 }).expect(200);
      await move(user, taskB.id, { status: 'in_progress' }).expect(200);
      expect(await columnIds(t, user, b.project.id, 'todo')).toEqual([taskC.id, taskD.id]);
      expect(await columnIds(t, user, b.project.id, 'in_progress')).toEqual([taskB.id, inProgress.id, taskA.id]);

      await move(user, taskB.id, { status: 'in_progress', afterTaskId: taskA.id }).expect(200);
      expect(await columnIds(t, user, b.project.id, 'in_progress')).toEqual([inProgress.id, taskA.id, taskB.id]);

      const stored = await t.db
        .collection('tasks')
        .find({ projectId: new Types.ObjectId(b.project.id) })
        .toArray();
      const versions = Object.fromEntries(stored.map((task) => [task.title, task.version]));
      expect(versions).toEqual({ A: 2, B: 3, C: 2, D: 2, E: 1 });
      const activity = await lastActivity(b.project.id);
      expect(activity).toMatchObject({
        type: 'task.moved',
        data: { task: expect.objectContaining({ id: taskB.id, status: 'in_progress' }), afterTaskId: taskA.id },
      });
    });

    it('renumbers a column whose gap runs out, keeping the order', async () => {
      const b = await freshProject();
      const user = b.coordinator.member;
      const anchor = await makeTask(t, user, b.project.id, { title: 'anchor' });
      const x = await makeTask(t, user, b.project.id, { title: 'x' });
      const y = await makeTask(t, user, b.project.id, { title: 'y' });
      const tail = await makeTask(t, user, b.project.id, { title: 'tail' });
      // Each move lands between anchor and the task just moved there, halving (or so) the gap.
      for (let round = 0; round < 120; round++) {
        const moving = round % 2 === 0 ? x : y;
        await move(user, moving.id, { status: 'todo', afterTaskId: anchor.id }).expect(200);
      }
      const renumbered = (await activities(b.project.id)).filter((row) => row.type === 'task.renumbered');
      expect(renumbered.length).toBeGreaterThan(0);
      // The last move put y right after the anchor, x after it.
      expect(await columnIds(t, user, b.project.id, 'todo')).toEqual([anchor.id, y.id, x.id, tail.id]);
    });

    it('keeps a total order without duplicate positions under 10 concurrent moves into one column', async () => {
      const b = await freshProject();
      const users = [b.coordinator.admin, b.coordinator.member, b.partner.admin, b.partner.member];
      const target = await makeTask(t, users[0], b.project.id, { title: 'target', status: 'done' });
      await makeTask(t, users[0], b.project.id, { title: 'last', status: 'done' });
      const movers = [];
      for (let index = 0; index < 10; index++) movers.push(await makeTask(t, users[index % 4], b.project.id, { title: `m${index}` }));

      const responses = await Promise.all(
        movers.map((task, index) => move(users[index % 4], task.id, { status: 'done', afterTaskId: index % 2 ? target.id : null })),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
      const column = await readBoard(t, users[0], b.project.id, { status: 'done' });
      expect(column).toHaveLength(12);
      expect(new Set(column.map((task) => task.position)).size).toBe(12);
      const positions = column.map((task) => task.position);
      expect([...positions].sort((p, q) => p - q)).toEqual(positions);
      const stored = await t.db
        .collection('tasks')
        .find({ projectId: new Types.ObjectId(b.project.id), status: 'done' })
        .toArray();
      expect(new Set(stored.map((task) => task.position)).size).toBe(12);
      // the five moved "first" come before the target, the five moved after it follow it
      const targetIndex = column.findIndex((task) => task.id === target.id);
      expect(targetIndex).toBe(5);
      expect(column.at(-1)!.title).toBe('last');
      expect((await activities(b.project.id)).filter((row) => row.type === 'task.moved')).toHaveLength(10);
    });

    it('answers 409 with the current task on a stale version', async () => {
      const task = await makeTask(t, board.coordinator.admin, projectId);
      await t.http().patch(`/api/tasks/${task.id}`).set('Authorization', board.coordinator.admin.auth).send({ version: 1, title: 'changé' }).expect(200);
      const stale = await move(board.coordinator.admin, task.id, { status: 'done', version: 1 }).expect(409);
      expect(stale.body.current).toMatchObject({ id: task.id, status: 'todo', version: 2 });
    });

    it('answers 400 for a bad status, an afterTaskId outside the column, or the task itself', async () => {
      const task = await makeTask(t, board.coordinator.admin, projectId);
      const other = await makeTask(t, board.coordinator.admin, projectId, { status: 'blocked' });
      expect((await move(board.coordinator.admin, task.id, { status: 'later' }).expect(400)).body.errors).toEqual([
        expect.objectContaining({ field: 'status' }),
      ]);
      expect((await move(board.coordinator.admin, task.id, { status: 'done', afterTaskId: other.id }).expect(400)).body.errors).toEqual([
        expect.objectContaining({ field: 'afterTaskId' }),
      ]);
      expect((await move(board.coordinator.admin, task.id, { status: 'todo', afterTaskId: task.id }).expect(400)).body.errors).toEqual([
        expect.objectContaining({ field: 'afterTaskId' }),
      ]);
      expect((await move(board.coordinator.admin, task.id, { status: 'todo', afterTaskId: 'nope' }).expect(400)).body.errors).toEqual([
        expect.objectContaining({ field: 'afterTaskId' }),
      ]);
      const stored = await t.db.collection('tasks').findOne({ _id: new Types.ObjectId(task.id) });
      expect(stored).toMatchObject({ version: 1, position: task.position });
    });

    it('answers 401 without a token', async () => {
      const task = await makeTask(t, board.coordinator.admin, projectId);
      await t.http().post(`/api/tasks/${task.id}/move`).send({ status: 'done' }).expect(401);
    });

    it('answers 404 to an outsider', async () => {
      const task = await makeTask(t, board.coordinator.admin, projectId);
      await move(board.outsider, task.id, { status: 'done' }).expect(404);
    });
  });

  describe('DELETE /api/tasks/:taskId', () => {
    it('deletes the task and its comments, and logs task.deleted', async () => {
      const task = await makeTask(t, board.partner.member, projectId);
      await t.http().post(`/api/tasks/${task.id}/comments`).set('Authorization', board.partner.member.auth).send({ body: 'fait' }).expect(201);
      await t.http().delete(`/api/tasks/${task.id}`).set('Authorization', board.coordinator.member.auth).expect(204);
      expect(await t.db.collection('tasks').countDocuments({ _id: new Types.ObjectId(task.id) })).toBe(0);
      expect(await t.db.collection('task_comments').countDocuments({ taskId: new Types.ObjectId(task.id) })).toBe(0);
      const activity = await lastActivity();
      expect(activity).toMatchObject({ type: 'task.deleted', data: { task: expect.objectContaining({ id: task.id }) } });
      await t.http().delete(`/api/tasks/${task.id}`).set('Authorization', board.coordinator.member.auth).expect(404);
    });

    it('answers 401 without a token', async () => {
      const task = await makeTask(t, board.partner.member, projectId);
      await t.http().delete(`/api/tasks/${task.id}`).expect(401);
    });

    it('answers 404 to an outsider and keeps the task', async () => {
      const task = await makeTask(t, board.partner.member, projectId);
      await t.http().delete(`/api/tasks/${task.id}`).set('Authorization', board.outsider.auth).expect(404);
      expect(await t.db.collection('tasks').countDocuments({ _id: new Types.ObjectId(task.id) })).toBe(1);
    });

    it('answers 409 on an archived project', async () => {
      const b = await freshProject();
      const task = await makeTask(t, b.partner.member, b.project.id);
      await archive(b);
      await t.http().delete(`/api/tasks/${task.id}`).set('Authorization', b.partner.member.auth).expect(409);
    });
  });

  describe('POST /api/tasks/:taskId/comments', () => {
    it('adds a comment and logs comment.created with it', async () => {
      const task = await makeTask(t, board.coordinator.admin, projectId);
      const response = await t
        .http()
        .post(`/api/tasks/${task.id}/comments`)
        .set('Authorization', board.partner.member.auth)
        .send({ body: ' On a trouvé un imprimeur ' })
        .expect(201);
      expect(response.body).toMatchObject({
        id: expect.any(String),
        taskId: task.id,
        projectId,
        authorId: board.partner.member.id,
        body: 'On a trouvé un imprimeur',
      });
      expect(await lastActivity()).toMatchObject({ type: 'comment.created', data: { comment: response.body, taskId: task.id } });
    });

    it('answers 400 for an empty or too long body, or unknown fields', async () => {
      const task = await makeTask(t, board.coordinator.admin, projectId);
      const post = (body: Record<string, unknown>) =>
        t.http().post(`/api/tasks/${task.id}/comments`).set('Authorization', board.partner.member.auth).send(body).expect(400);
      expect((await post({ body: '  ' })).body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
      expect((await post({ body: 'x'.repeat(4001) })).body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
      expect((await post({ body: 'ok', authorId: board.outsider.id })).body.errors).toEqual([expect.objectContaining({ field: 'authorId' })]);
    });

    it('answers 401 without a token and 404 to an outsider', async () => {
      const task = await makeTask(t, board.coordinator.admin, projectId);
      await t.http().post(`/api/tasks/${task.id}/comments`).send({ body: 'x' }).expect(401);
      await t.http().post(`/api/tasks/${task.id}/comments`).set('Authorization', board.outsider.auth).send({ body: 'x' }).expect(404);
    });
  });

  describe('GET /api/tasks/:taskId/comments', () => {
    it('lists comments oldest first, page by page', async () => {
      const task = await makeTask(t, board.coordinator.admin, projectId);
      for (const body of ['un', 'deux', 'trois']) {
        await t.http().post(`/api/tasks/${task.id}/comments`).set('Authorization', board.partner.member.auth).send({ body }).expect(201);
      }
      const first = await t.http().get(`/api/tasks/${task.id}/comments`).query({ limit: 2 }).set('Authorization', board.coordinator.member.auth).expect(200);
      expect(first.body.items.map((comment: { body: string }) => comment.body)).toEqual(['un', 'deux']);
      const second = await t
        .http()
        .get(`/api/tasks/${task.id}/comments`)
        .query({ limit: 2, cursor: first.body.nextCursor })
        .set('Authorization', board.coordinator.member.auth)
        .expect(200);
      expect(second.body).toEqual({ items: [expect.objectContaining({ body: 'trois' })], nextCursor: null });
    });

    it('answers 400 for unknown query parameters', async () => {
      const task = await makeTask(t, board.coordinator.admin, projectId);
      await t.http().get(`/api/tasks/${task.id}/comments`).query({ order: 'desc' }).set('Authorization', board.coordinator.member.auth).expect(400);
    });

    it('answers 401 without a token and 404 to an outsider', async () => {
      const task = await makeTask(t, board.coordinator.admin, projectId);
      await t.http().get(`/api/tasks/${task.id}/comments`).expect(401);
      await t.http().get(`/api/tasks/${task.id}/comments`).set('Authorization', board.outsider.auth).expect(404);
    });
  });

  describe('PATCH /api/comments/:commentId', () => {
    it('lets the author edit it, and logs comment.updated', async () => {
      const { id, taskId } = await comment('avant');
      const response = await t.http().patch(`/api/comments/${id}`).set('Authorization', board.partner.member.auth).send({ body: 'après' }).expect(200);
      expect(response.body).toMatchObject({ id, body: 'après' });
      expect(await lastActivity()).toMatchObject({ type: 'comment.updated', data: { comment: response.body, taskId } });
    });

    it('answers 403 to another member of the project', async () => {
      const { id } = await comment('avant');
      await t.http().patch(`/api/comments/${id}`).set('Authorization', board.coordinator.admin.auth).send({ body: 'pirate' }).expect(403);
      expect(await t.db.collection('task_comments').findOne({ _id: new Types.ObjectId(id) })).toMatchObject({ body: 'avant' });
    });

    it('answers 400 for an empty body', async () => {
      const { id } = await comment('avant');
      await t.http().patch(`/api/comments/${id}`).set('Authorization', board.partner.member.auth).send({ body: '' }).expect(400);
    });

    it('answers 401 without a token and 404 to an outsider', async () => {
      const { id } = await comment('avant');
      await t.http().patch(`/api/comments/${id}`).send({ body: 'x' }).expect(401);
      await t.http().patch(`/api/comments/${id}`).set('Authorization', board.outsider.auth).send({ body: 'x' }).expect(404);
    });
  });

  describe('DELETE /api/comments/:commentId', () => {
    it('lets the author delete it, and logs comment.deleted', async () => {
      const { id, taskId } = await comment('à supprimer');
      await t.http().delete(`/api/comments/${id}`).set('Authorization', board.partner.member.auth).expect(204);
      expect(await t.db.collection('task_comments').countDocuments({ _id: new Types.ObjectId(id) })).toBe(0);
      expect(await lastActivity()).toMatchObject({ type: 'comment.deleted', data: { comment: expect.objectContaining({ id }), taskId } });
    });

    it('answers 403 to another member of the project', async () => {
      const { id } = await comment('à supprimer');
      await t.http().delete(`/api/comments/${id}`).set('Authorization', board.partner.admin.auth).expect(403);
      expect(await t.db.collection('task_comments').countDocuments({ _id: new Types.ObjectId(id) })).toBe(1);
    });

    it('answers 401 without a token and 404 to an outsider', async () => {
      const { id } = await comment('à supprimer');
      await t.http().delete(`/api/comments/${id}`).expect(401);
      await t.http().delete(`/api/comments/${id}`).set('Authorization', board.outsider.auth).expect(404);
    });
  });

  describe('concurrent writes', () => {
    it('keeps the activity seqs of the project consecutive under 26 simultaneous creates and patches', async () => {
      const b = await freshProject();
      const users = [b.coordinator.admin, b.coordinator.member, b.partner.admin, b.partner.member];
      const existing = [];
      for (let index = 0; index < 12; index++) existing.push(await makeTask(t, users[index % 4], b.project.id, { title: `existant ${index}` }));
      const before = (await activities(b.project.id)).length;

      const writes = [
        ...Array.from({ length: 14 }, (_, index) =>
          t
            .http()
            .post(`/api/projects/${b.project.id}/tasks`)
            .set('Authorization', users[index % 4].auth)
            .send({ title: `nouvelle ${index}`, status: index % 3 ? 'todo' : 'blocked' }),
        ),
        ...existing.map((task, index) =>
          t
            .http()
            .patch(`/api/tasks/${task.id}`)
            .set('Authorization', users[(index + 1) % 4].auth)
            .send({ version: 1, title: `modifiée ${index}` }),
        ),
      ];
      const responses = await Promise.all(writes);
      expect(responses.filter((response) => response.status === 201)).toHaveLength(14);
      expect(responses.filter((response) => response.status === 200)).toHaveLength(12);

      const log = await activities(b.project.id);
      expect(log.map((row) => row.seq)).toEqual(Array.from({ length: log.length }, (_, index) => index + 1));
      expect(log).toHaveLength(before + 26);
      expect(
        log
          .slice(before)
          .map((row) => row.type)
          .sort(),
      ).toEqual([...Array(14).fill('task.created'), ...Array(12).fill('task.updated')]);
      const tasks = await readBoard(t, users[0], b.project.id);
      expect(tasks).toHaveLength(26);
      const todoPositions = tasks.filter((task) => task.status === 'todo').map((task) => task.position);
      expect(new Set(todoPositions).size).toBe(todoPositions.length);
    }, 120_000);
  });

  describe('personal data', () => {
    it('exports my tasks and comments, and erasing me unassigns me and anonymizes what I wrote', async () => {
      const b = await freshProject();
      const leaving = await makeUser(t, { displayName: 'Partante' });
      await addMember(t, b.partner.admin, b.partner.id, leaving);
      const mine = await makeTask(t, leaving, b.project.id, { title: 'Ma tâche', assigneeUserIds: [leaving.id, b.partner.member.id] });
      const comment = await t.http().post(`/api/tasks/${mine.id}/comments`).set('Authorization', leaving.auth).send({ body: 'mon avis' }).expect(201);

      const exported = await t.http().get('/api/me/export').set('Authorization', leaving.auth).expect(200);
      expect(exported.body.tasks).toEqual({
        tasksCreated: [expect.objectContaining({ id: mine.id })],
        comments: [expect.objectContaining({ id: comment.body.id, body: 'mon avis' })],
      });

      await t.http().delete('/api/me').set('Authorization', leaving.auth).expect(204);
      const task = await t.http().get(`/api/tasks/${mine.id}`).set('Authorization', b.partner.member.auth).expect(200);
      expect(task.body).toMatchObject({ createdBy: null, assigneeUserIds: [b.partner.member.id] });
      const comments = await t.http().get(`/api/tasks/${mine.id}/comments`).set('Authorization', b.partner.member.auth).expect(200);
      expect(comments.body.items).toEqual([expect.objectContaining({ id: comment.body.id, authorId: null, body: 'mon avis' })]);
    });
  });
});
