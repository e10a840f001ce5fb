import type { ActivityView, ServerToClientEvents } from '@maillage/contract';
import { ClientSocket, connect, next, record, request } from './factories/realtime';
import { makeBoard, makeTask, TestBoard } from './factories/tasks';
import { useTwoInstances } from './setup/hooks';
import { LocalRedis } from './setup/redis';
import { TestApp } from './setup/test-app';

type ActivityEvent = ActivityView;
type Presence = Parameters<ServerToClientEvents['presence']>[0];

/** Two app instances on one database, sharing rooms through Redis (REDIS_URL). */
describe('Realtime across two instances (Redis)', () => {
  let redis: LocalRedis;
  let a: TestApp;
  let b: TestApp;
  let board: TestBoard;
  const sockets: ClientSocket[] = [];

  const joinAt = async (instance: TestApp, token: string, projectId = board.project.id) => {
    const socket = await connect(instance.url, token);
    sockets.push(socket);
    expect(await request(socket, 'project:join', { projectId })).toMatchObject({ ok: true });
    return socket;
  };
  const hasTask = (taskId: string) => (items: ActivityEvent[]) => items.some((item) => 'task' in item.data && item.data.task.id === taskId);

  useTwoInstances({ redis: true }, async (first, second, localRedis) => {
    [a, b, redis] = [first, second, localRedis!];
    board = await makeBoard(a);
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  it('delivers a change made through instance A to a client of instance B, in order', async () => {
    const atB = await joinAt(b, board.partner.member.accessToken);
    const activities = record<ActivityEvent>(atB, 'activity');
    const tasks = await Promise.all(Array.from({ length: 5 }, () => makeTask(a, board.coordinator.member, board.project.id)));
    await activities.until((items) => tasks.every((task) => hasTask(task.id)(items)));
    const seqs = activities.items.map((item) => item.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, index) => seqs[0] + index));
  });

  it('shows presence spanning both instances', async () => {
    const atA = await joinAt(a, board.coordinator.member.accessToken);
    const presence = record<Presence>(atA, 'presence');
    await joinAt(b, board.partner.member.accessToken);
    const both = [board.coordinator.member.id, board.partner.member.id].sort();
    await presence.until((items) =>
      items.some(
        (item) =>
          item.users
            .map((user) => user.id)
            .sort()
            .join() === both.join(),
      ),
    );
  });

  it('relays typing from one instance to the other', async () => {
    const atA = await joinAt(a, board.coordinator.member.accessToken);
    const atB = await joinAt(b, board.partner.member.accessToken);
    const typing = next<{ projectId: string; userId: string }>(atB, 'typing');
    atA.emit('typing', { projectId: board.project.id });
    expect(await typing).toEqual({ projectId: board.project.id, userId: board.coordinator.member.id });
  });

  it('revokes a socket of instance B when the partner is removed through instance A', async () => {
    const local = await makeBoard(a);
    const atB = await joinAt(b, local.partner.member.accessToken, local.project.id);
    const revoked = next<{ projectId: string }>(atB, 'project:revoked');
    await a.http().delete(`/api/projects/${local.project.id}/partners/${local.partner.id}`).set('Authorization', local.coordinator.admin.auth).expect(204);
    expect(await revoked).toEqual({ projectId: local.project.id });
  });

  it('survives Redis going away for 3 s, then delivers again (including what happened meanwhile)', async () => {
    const atB = await joinAt(b, board.partner.member.accessToken);
    const activities = record<ActivityEvent>(atB, 'activity');

    await redis.kill();
    // The REST side does not need Redis: the write succeeds while it is down.
    const during = await makeTask(a, board.coordinator.member, board.project.id, { title: 'Pendant la panne' });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await redis.restart();

    await a.http().get('/api/health').expect(200);
    await b.http().get('/api/health').expect(200);
    const after = await makeTask(a, board.coordinator.member, board.project.id, { title: 'Après la panne' });
    await activities.until((items) => hasTask(during.id)(items) && hasTask(after.id)(items));
    const seqs = activities.items.map((item) => item.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, index) => seqs[0] + index));

    // New connections and cross-instance joins work again too.
    const atA = await joinAt(a, board.coordinator.member.accessToken);
    const typing = next(atB, 'typing');
    atA.emit('typing', { projectId: board.project.id });
    await typing;
  });
});
