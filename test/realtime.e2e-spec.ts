import type { ActivityView } from '@maillage/contract';
import { JwtService } from '@nestjs/jwt';
import { Types } from 'mongoose';
import { addMember, makeUser, TestUser } from './factories';
import { ClientSocket, client, connect, flush, next, record, refusal, request } from './factories/realtime';
import { makeBoard, makeTask, TestBoard } from './factories/tasks';
import { createTestApp, TestApp } from './setup/test-app';

type ActivityEvent = ActivityView;

interface JoinAck {
  ok: boolean;
  lastSeq?: number;
  missed?: ActivityEvent[];
  resync?: boolean;
  error?: string;
}

describe('Realtime (socket.io)', () => {
  let t: TestApp;
  let board: TestBoard;
  const sockets: ClientSocket[] = [];

  /** A connected socket closed after the test. */
  const open = async (user: TestUser | string) => {
    const socket = await connect(t.url, typeof user === 'string' ? user : user.accessToken);
    sockets.push(socket);
    return socket;
  };
  const joined = async (user: TestUser, afterSeq?: number) => {
    const socket = await open(user);
    const ack = await request<JoinAck>(socket, 'project:join', { projectId: board.project.id, ...(afterSeq === undefined ? {} : { afterSeq }) });
    expect(ack).toMatchObject({ ok: true });
    return { socket, ack };
  };

  beforeAll(async () => {
    t = await createTestApp();
    board = await makeBoard(t);
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  afterAll(async () => {
    await t.close();
  });

  describe('handshake', () => {
    it('refuses a missing token', async () => {
      expect(await refusal(t.url, {})).toBe('unauthorized');
    });

    it('refuses a bad token', async () => {
      expect(await refusal(t.url, { token: 'not-a-jwt' })).toBe('unauthorized');
      expect(await refusal(t.url, { token: `${board.outsider.accessToken}x` })).toBe('unauthorized');
      expect(await refusal(t.url, { token: 42 })).toBe('unauthorized');
    });

    it('refuses an expired token', async () => {
      const jwt = t.app.get(JwtService, { strict: false });
      const { sid } = jwt.decode<{ sid: string }>(board.outsider.accessToken);
      const expired = jwt.sign({ sub: board.outsider.id, email: board.outsider.email, name: 'x', sid, exp: Math.floor(Date.now() / 1000) - 5 });
      expect(await refusal(t.url, { token: expired })).toBe('unauthorized');
    });

    it('accepts a valid token', async () => {
      const socket = await open(board.coordinator.member);
      expect(socket.connected).toBe(true);
    });
  });

  describe('session expiry', () => {
    const shortToken = (user: TestUser, seconds: number) =>
      t.app.get(JwtService, { strict: false }).sign({
        sub: user.id,
        email: user.email,
        name: user.displayName,
        sid: t.app.get(JwtService, { strict: false }).decode<{ sid: string }>(user.accessToken).sid,
        exp: Math.floor(Date.now() / 1000) + seconds,
      });

    it('tells the socket its session expired, then disconnects it', async () => {
      const socket = await open(shortToken(board.coordinator.member, 2));
      const expired = next<{ expiredAt: string }>(socket, 'session:expired');
      const disconnected = next<string>(socket, 'disconnect');
      expect(await expired).toEqual({ expiredAt: expect.any(String) });
      expect(await disconnected).toBe('io server disconnect');
    });

    it('auth:refresh with a fresh token of the same user extends the session', async () => {
      const socket = await open(shortToken(board.coordinator.member, 30));
      const ack = await request<{ ok: boolean; expiresAt: string }>(socket, 'auth:refresh', { token: board.coordinator.member.accessToken });
      expect(ack.ok).toBe(true);
      expect(Date.parse(ack.expiresAt)).toBeGreaterThan(Date.now() + 60_000);
    });

    it("auth:refresh refuses another user's token and a bad one", async () => {
      const socket = await open(board.coordinator.member);
      expect(await request(socket, 'auth:refresh', { token: board.partner.member.accessToken })).toEqual({ ok: false, error: 'unauthorized' });
      expect(await request(socket, 'auth:refresh', { token: 'nope' })).toEqual({ ok: false, error: 'unauthorized' });
      expect(await request(socket, 'auth:refresh', {})).toMatchObject({ ok: false, error: 'bad_request' });
    });
  });

  describe('project:join', () => {
    it('lets a member of an active partner in, with the last seq', async () => {
      const { ack } = await joined(board.partner.member);
      const stored = await t.db
        .collection('activities')
        .find({ projectId: new Types.ObjectId(board.project.id) })
        .sort({ seq: -1 })
        .limit(1)
        .toArray();
      expect(ack).toEqual({ ok: true, lastSeq: stored[0]?.seq ?? 0, missed: [] });
    });

    it('refuses an outsider as if the project did not exist', async () => {
      const socket = await open(board.outsider);
      expect(await request(socket, 'project:join', { projectId: board.project.id })).toEqual({ ok: false, error: 'not_found' });
      expect(await request(socket, 'project:join', { projectId: new Types.ObjectId().toHexString() })).toEqual({ ok: false, error: 'not_found' });
      expect(await request(socket, 'project:join', { projectId: 'not-an-id' })).toEqual({ ok: false, error: 'not_found' });
    });

    it('answers bad_request to malformed payloads and keeps serving the socket', async () => {
      const socket = await open(board.partner.member);
      for (const payload of [
        null,
        'x',
        42,
        [],
        { projectId: 5 },
        { projectId: board.project.id, afterSeq: -1 },
        { projectId: board.project.id, afterSeq: 1.5 },
        { projectId: board.project.id, extra: 1 },
      ]) {
        expect(await request(socket, 'project:join', payload)).toMatchObject({ ok: false, error: 'bad_request' });
      }
      socket.emit('project:join');
      socket.emit('project:join', { projectId: board.project.id }, 'not-a-callback');
      socket.emit('no-such-event', { whatever: true });
      expect(await request(socket, 'project:join', { projectId: board.project.id })).toMatchObject({ ok: true });
    });

    it('refuses an invited (not yet active) partner', async () => {
      const admin = await makeUser(t);
      const association = await t.http().post('/api/associations').set('Authorization', admin.auth).send({ name: 'Invitée' }).expect(201);
      await t
        .http()
        .post(`/api/projects/${board.project.id}/partners`)
        .set('Authorization', board.coordinator.admin.auth)
        .send({ associationId: association.body.id })
        .expect(201);
      const socket = await open(admin);
      expect(await request(socket, 'project:join', { projectId: board.project.id })).toEqual({ ok: false, error: 'not_found' });
    });
  });

  describe('activity', () => {
    it('delivers every change in seq order, consecutive, even when the writes race', async () => {
      const { socket, ack } = await joined(board.partner.member);
      const activities = record<ActivityEvent>(socket, 'activity');
      await Promise.all(Array.from({ length: 20 }, (_, index) => makeTask(t, board.coordinator.member, board.project.id, { title: `Course ${index}` })));
      await activities.until((items) => items.filter((item) => item.type === 'task.created').length === 20);
      const seqs = activities.items.map((item) => item.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, index) => ack.lastSeq! + 1 + index));
      for (const item of activities.items) {
        expect(item).toEqual({
          projectId: board.project.id,
          seq: expect.any(Number),
          type: expect.any(String),
          actorId: expect.anything(),
          at: expect.any(String),
          data: expect.any(Object),
        });
      }
      const created = activities.items.find((item) => item.type === 'task.created')!;
      expect(created.actorId).toBe(board.coordinator.member.id);
      expect(created.data).toMatchObject({ task: { id: expect.any(String) } });
    });

    it('sends nothing to a socket that left the room', async () => {
      const { socket } = await joined(board.partner.member);
      const witness = (await joined(board.coordinator.member)).socket;
      const activities = record<ActivityEvent>(socket, 'activity');
      const seen = record<ActivityEvent>(witness, 'activity');
      expect(await request(socket, 'project:leave', { projectId: board.project.id })).toEqual({ ok: true });
      const task = await makeTask(t, board.coordinator.member, board.project.id);
      await seen.until((items) => items.some((item) => 'task' in item.data && item.data.task.id === task.id));
      await flush(socket);
      expect(activities.items).toEqual([]);
    });

    it('catches up with exactly the activities missed while disconnected', async () => {
      const first = await joined(board.partner.member);
      const lastSeq = first.ack.lastSeq!;
      first.socket.close();
      const titles = ['Affiches', 'Buvette', 'Sono'];
      for (const title of titles) await makeTask(t, board.coordinator.member, board.project.id, { title });
      const { ack } = await joined(board.partner.member, lastSeq);
      const stored = await t.db
        .collection('activities')
        .find({ projectId: new Types.ObjectId(board.project.id), seq: { $gt: lastSeq } })
        .sort({ seq: 1 })
        .toArray();
      expect(ack.missed!.map((item) => item.seq)).toEqual(stored.map((row) => row.seq));
      expect(ack.missed!.flatMap((item) => (item.type === 'task.created' ? [item.data.task.title] : []))).toEqual(titles);
      expect(ack.lastSeq).toBe(stored[stored.length - 1].seq);
    });

    it('asks for a resync beyond 500 missed activities', async () => {
      const project = new Types.ObjectId(board.project.id);
      const [last] = await t.db.collection('activities').find({ projectId: project }).sort({ seq: -1 }).limit(1).toArray();
      const from = last.seq as number;
      await t.db.collection('activities').insertMany(
        Array.from({ length: 501 }, (_, index) => ({
          projectId: project,
          seq: from + 1 + index,
          type: 'test.filler',
          actorId: null,
          at: new Date(),
          data: {},
        })),
      );
      // Written around the service, so move the log's head hint as ActivityService.append would.
      await t.db.collection('activity_heads').updateOne({ _id: project }, { $max: { lastSeq: from + 501 } }, { upsert: true });
      const socket = await open(board.partner.member);
      expect(await request(socket, 'project:join', { projectId: board.project.id, afterSeq: from })).toEqual({ ok: true, resync: true, lastSeq: from + 501 });
      expect(await request(socket, 'project:join', { projectId: board.project.id, afterSeq: from + 1 })).toMatchObject({
        ok: true,
        lastSeq: from + 501,
        missed: expect.any(Array),
      });
    });
  });

  describe('presence and typing', () => {
    it('lists who is in the room, each user once, and updates when they leave', async () => {
      const a = await joined(board.coordinator.member);
      const presence = record<{ projectId: string; users: { id: string; displayName: string }[] }>(a.socket, 'presence');
      await joined(board.partner.member);
      const tab2 = await joined(board.partner.member);
      const ids = (users: { id: string }[]) => users.map((user) => user.id).sort();
      const both = [board.coordinator.member.id, board.partner.member.id].sort();
      await presence.until((items) => items.length > 0 && items[items.length - 1].users.length === 2);
      const latest = presence.items[presence.items.length - 1];
      expect(latest.projectId).toBe(board.project.id);
      expect(ids(latest.users)).toEqual(both);
      expect(latest.users.find((user) => user.id === board.partner.member.id)!.displayName).toBe(board.partner.member.displayName);

      tab2.socket.close();
      await flush(a.socket);
      for (const socket of sockets.filter((s) => s !== a.socket && s.connected)) socket.close();
      await presence.until((items) => items[items.length - 1].users.length === 1);
      expect(ids(presence.items[presence.items.length - 1].users)).toEqual([board.coordinator.member.id]);
    });

    it('tells a second tab of a member already listed who is there at once, without telling everyone again', async () => {
      const a = await joined(board.coordinator.member);
      const first = await joined(board.partner.member);
      const everyone = record<{ users: { id: string }[] }>(a.socket, 'presence');
      await record<{ users: { id: string }[] }>(first.socket, 'presence').until((items) => items.some((item) => item.users.length === 2));
      const secondTab = await open(board.partner.member);
      const told = record<{ projectId: string; users: { id: string }[] }>(secondTab, 'presence');
      const heardBefore = everyone.items.length;
      expect(await request(secondTab, 'project:join', { projectId: board.project.id })).toMatchObject({ ok: true });
      await told.until((items) => items.length > 0);
      expect(told.items[0]).toMatchObject({ projectId: board.project.id });
      expect(told.items[0].users.map((user) => user.id).sort()).toEqual([board.coordinator.member.id, board.partner.member.id].sort());
      // The list did not change: past the presence delay, the others heard nothing new.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(everyone.items.length).toBe(heardBefore);
      for (const socket of [a.socket, first.socket, secondTab]) socket.close();
    });

    it('relays typing to the others in the room, not to the typist', async () => {
      const a = await joined(board.coordinator.member);
      const b = await joined(board.partner.member);
      const outside = await open(board.partner.admin);
      const typingAtB = next<{ projectId: string; userId: string }>(b.socket, 'typing');
      const typingAtA = record(a.socket, 'typing');
      const typingOutside = record(outside, 'typing');
      a.socket.emit('typing', { projectId: board.project.id });
      expect(await typingAtB).toEqual({ projectId: board.project.id, userId: board.coordinator.member.id });
      await flush(a.socket);
      await flush(outside);
      expect(typingAtA.items).toEqual([]);
      expect(typingOutside.items).toEqual([]);
    });

    it('refuses typing into a room the socket did not join', async () => {
      const socket = await open(board.outsider);
      expect(await request(socket, 'typing', { projectId: board.project.id })).toEqual({ ok: false, error: 'not_found' });
    });
  });

  describe('revocation', () => {
    it('removes a removed partner from the room within a second; nothing of the project follows', async () => {
      const local = await makeBoard(t);
      const partner = (await joinProject(local.partner.member, local.project.id)).socket;
      const coordinator = (await joinProject(local.coordinator.member, local.project.id)).socket;
      const leaked = record<ActivityEvent>(partner, 'activity');
      const revoked = next<{ projectId: string }>(partner, 'project:revoked');
      const started = Date.now();
      await t.http().delete(`/api/projects/${local.project.id}/partners/${local.partner.id}`).set('Authorization', local.coordinator.admin.auth).expect(204);
      expect(await revoked).toEqual({ projectId: local.project.id });
      expect(Date.now() - started).toBeLessThan(1000);
      const afterRevocation = leaked.items.length;

      const seen = record<ActivityEvent>(coordinator, 'activity');
      const task = await makeTask(t, local.coordinator.member, local.project.id);
      await seen.until((items) => items.some((item) => 'task' in item.data && item.data.task.id === task.id));
      await flush(partner);
      expect(leaked.items.length).toBe(afterRevocation);
      expect(await request(partner, 'project:join', { projectId: local.project.id })).toEqual({ ok: false, error: 'not_found' });
    });

    it('revokes a member removed from their association', async () => {
      const local = await makeBoard(t);
      const { socket } = await joinProject(local.partner.member, local.project.id);
      const revoked = next<{ projectId: string }>(socket, 'project:revoked');
      await t
        .http()
        .delete(`/api/associations/${local.partner.id}/members/${local.partner.member.id}`)
        .set('Authorization', local.partner.admin.auth)
        .expect(204);
      expect(await revoked).toEqual({ projectId: local.project.id });
      // The project's readers were remembered when the socket joined: the removal dropped them.
      expect(await request(socket, 'project:join', { projectId: local.project.id })).toEqual({ ok: false, error: 'not_found' });
    });

    it("lets in a member who joined the association after the project's readers were remembered", async () => {
      const local = await makeBoard(t);
      await joinProject(local.partner.member, local.project.id);
      const newcomer = await makeUser(t);
      await addMember(t, local.partner.admin, local.partner.id, newcomer);
      // joinProject expects { ok: true }
      expect(await joinProject(newcomer, local.project.id)).toMatchObject({ socket: expect.anything() });
    });

    it('keeps the sockets that still have access', async () => {
      const local = await makeBoard(t);
      const extra = await makeUser(t);
      await addMember(t, local.partner.admin, local.partner.id, extra);
      const stays = (await joinProject(local.partner.member, local.project.id)).socket;
      const leaves = (await joinProject(extra, local.project.id)).socket;
      const revokedStays = record(stays, 'project:revoked');
      const revoked = next(leaves, 'project:revoked');
      await t.http().delete(`/api/associations/${local.partner.id}/members/${extra.id}`).set('Authorization', local.partner.admin.auth).expect(204);
      await revoked;
      const activities = record<ActivityEvent>(stays, 'activity');
      await makeTask(t, local.coordinator.member, local.project.id);
      await activities.until((items) => items.length > 0);
      expect(revokedStays.items).toEqual([]);
    });

    it('ends the sockets of a user who logs out', async () => {
      const user = await makeUser(t);
      const socket = await open(user);
      const ended = next<{ reason: string }>(socket, 'session:ended');
      const disconnected = next<string>(socket, 'disconnect');
      await t.http().post('/api/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
      expect(await ended).toEqual({ reason: 'logout' });
      expect(await disconnected).toBe('io server disconnect');
    });

    async function joinProject(user: TestUser, projectId: string) {
      const socket = await open(user);
      expect(await request(socket, 'project:join', { projectId })).toMatchObject({ ok: true });
      return { socket };
    }
  });

  describe('limits', () => {
    it('answers rate_limited beyond the burst instead of dropping silently', async () => {
      const socket = await open(board.partner.member);
      const answers = await Promise.all(
        Array.from({ length: 80 }, () => request<{ ok: boolean; error?: string }>(socket, 'project:leave', { projectId: board.project.id })),
      );
      const limited = answers.filter((answer) => answer.error === 'rate_limited').length;
      expect(limited).toBeGreaterThan(0);
      expect(answers.filter((answer) => answer.ok).length + limited).toBe(80);
      const notices = record<{ event: string; error: string }>(socket, 'request:error');
      for (let i = 0; i < 80; i++) socket.emit('typing', { projectId: board.project.id });
      await notices.until((items) => items.length > 0);
      expect(notices.items[0]).toEqual({ event: 'typing', error: 'rate_limited' });
    });

    it('answers payload_too_large to a large payload', async () => {
      const socket = await open(board.partner.member);
      expect(await request(socket, 'project:join', { projectId: board.project.id, padding: 'x'.repeat(20_000) })).toEqual({
        ok: false,
        error: 'payload_too_large',
      });
      expect(await request(socket, 'project:join', { projectId: board.project.id })).toMatchObject({ ok: true });
    });

    it('closes the transport past 64 KB and keeps serving everyone else', async () => {
      const socket = await open(board.partner.member);
      const other = await open(board.coordinator.member);
      const disconnected = next<string>(socket, 'disconnect');
      socket.emit('project:join', { projectId: board.project.id, padding: 'x'.repeat(70_000) });
      expect(await disconnected).toBe('transport close');
      expect(await request(other, 'project:join', { projectId: board.project.id })).toMatchObject({ ok: true });
      const again = client(t.url, board.partner.member.accessToken);
      sockets.push(again);
      await next(again, 'connect');
    });
  });

  describe('message:send', () => {
    it('stores the message and acks it; the same clientMessageId acks the stored one again', async () => {
      const { socket } = await joined(board.partner.member);
      const activities = record<ActivityEvent>(socket, 'activity');
      const clientMessageId = `m-${Date.now()}`;
      const first = await request<{ ok: boolean; message: { id: string; body: string } }>(socket, 'message:send', {
        projectId: board.project.id,
        body: 'On se retrouve à 18 h ?',
        clientMessageId,
      });
      expect(first).toEqual({ ok: true, message: expect.objectContaining({ id: expect.any(String), body: 'On se retrouve à 18 h ?' }) });
      const again = await request<{ ok: boolean; message: { id: string } }>(socket, 'message:send', {
        projectId: board.project.id,
        body: 'On se retrouve à 18 h ?',
        clientMessageId,
      });
      expect(again.message.id).toBe(first.message.id);
      expect(await t.db.collection('messages').countDocuments({ _id: new Types.ObjectId(first.message.id) })).toBe(1);
      expect(await t.db.collection('messages').countDocuments({ clientMessageId })).toBe(1);
      await activities.until((items) => items.some((item) => item.type === 'message.created'));
      expect(activities.items.filter((item) => item.type === 'message.created')).toHaveLength(1);
    });

    it('refuses a body over 4,000 characters, an empty one and a missing clientMessageId', async () => {
      const socket = await open(board.partner.member);
      const base = { projectId: board.project.id, clientMessageId: `m-${Date.now()}` };
      expect(await request(socket, 'message:send', { ...base, body: 'x'.repeat(4001) })).toMatchObject({
        ok: false,
        error: 'bad_request',
        errors: [{ field: 'body' }],
      });
      expect(await request(socket, 'message:send', { ...base, body: '   ' })).toMatchObject({ ok: false, error: 'bad_request' });
      expect(await request(socket, 'message:send', { projectId: board.project.id, body: 'Bonjour' })).toMatchObject({ ok: false, error: 'bad_request' });
    });

    it('refuses an outsider', async () => {
      const socket = await open(board.outsider);
      expect(await request(socket, 'message:send', { projectId: board.project.id, body: 'Coucou', clientMessageId: 'outsider-1' })).toEqual({
        ok: false,
        error: 'not_found',
      });
    });
  });
});
