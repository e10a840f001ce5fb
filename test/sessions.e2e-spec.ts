import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { SessionsService } from '../src/auth/sessions.service';
import { TokenService } from '../src/auth/token.service';
import { UsersService } from '../src/users/users.service';
import { answersWithin, makeUser, TestUser } from './factories';
import { ClientSocket, connect, next, refusal, request } from './factories/realtime';
import { useTwoInstances } from './setup/hooks';
import { createTestApp, TestApp } from './setup/test-app';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME_ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
/** Invariant 8: an ended session's sockets are told and closed within this delay, on every instance. */
const SOCKET_END_DEADLINE_MS = 1000;

interface Pair {
  accessToken: string;
  refreshToken: string;
  auth: string;
}

interface SessionItem {
  id: string;
  device: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

const sidOf = (t: TestApp, accessToken: string) => t.app.get(JwtService).decode<{ sid: string }>(accessToken).sid;

async function signIn(t: TestApp, user: TestUser, userAgent = FIREFOX_LINUX): Promise<Pair> {
  const response = await t.http().post('/api/auth/login').set('User-Agent', userAgent).send({ email: user.email, password: user.password }).expect(200);
  return { accessToken: response.body.accessToken, refreshToken: response.body.refreshToken, auth: `Bearer ${response.body.accessToken}` };
}

/** Resolves when the socket is told its session ended and is closed; rejects after the deadline. */
function endedWithin(socket: ClientSocket, deadlineMs: number): Promise<{ reason: string; at: number }> {
  const ended = next<{ reason: string }>(socket, 'session:ended');
  const disconnected = next<string>(socket, 'disconnect');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still open after ${deadlineMs} ms`)), deadlineMs);
    void Promise.all([ended, disconnected]).then(([event, reason]) => {
      clearTimeout(timer);
      if (reason !== 'io server disconnect') reject(new Error(`disconnected for ${reason}`));
      else resolve({ reason: event.reason, at: Date.now() });
    });
  });
}

/** Polls until the token is refused (answering only `untilThen` before); answers how long that took. */
const refusedWithin = (t: TestApp, accessToken: string, deadlineMs: number, untilThen = [200]) =>
  answersWithin(() => t.http().get('/api/me').set('Authorization', `Bearer ${accessToken}`), 401, untilThen, deadlineMs);

describe('Sessions (e2e)', () => {
  let t: TestApp;
  const sockets: ClientSocket[] = [];

  const me = (pair: Pair | string) =>
    t
      .http()
      .get('/api/me')
      .set('Authorization', typeof pair === 'string' ? `Bearer ${pair}` : pair.auth);
  const refresh = (refreshToken: string) => t.http().post('/api/auth/refresh').send({ refreshToken });
  const open = async (accessToken: string) => {
    const socket = await connect(t.url, accessToken);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  afterAll(async () => {
    await t.close();
  });

  describe('GET /api/me/sessions', () => {
    it('lists my live sessions with their device, and which one is current', async () => {
      const user = await makeUser(t);
      const phone = await signIn(t, user, CHROME_ANDROID);
      const laptop = await signIn(t, user, FIREFOX_LINUX);
      const response = await t.http().get('/api/me/sessions').set('Authorization', phone.auth).expect(200);
      expect(response.body.nextCursor).toBeNull();
      const items = response.body.items as SessionItem[];
      // makeUser's registration is a session too (supertest sends no User-Agent).
      expect(items).toHaveLength(3);
      const byId = new Map(items.map((item) => [item.id, item]));
      expect(byId.get(sidOf(t, phone.accessToken))).toEqual({
        id: sidOf(t, phone.accessToken),
        device: 'Chrome on Android',
        createdAt: expect.stringMatching(/Z$/),
        lastSeenAt: expect.stringMatching(/Z$/),
        current: true,
      });
      expect(byId.get(sidOf(t, laptop.accessToken))).toMatchObject({ device: 'Firefox on Linux', current: false });
      expect(byId.get(sidOf(t, user.accessToken))).toMatchObject({ device: 'Unknown device', current: false });
      expect(items.filter((item) => item.current)).toHaveLength(1);
    });

    it('keeps the id across refreshes, moves lastSeenAt, and drops ended sessions', async () => {
      const user = await makeUser(t);
      const other = await signIn(t, user);
      const before = (await t.http().get('/api/me/sessions').set('Authorization', user.auth).expect(200)).body.items as SessionItem[];
      await new Promise((resolve) => setTimeout(resolve, 20));
      const rotated = await refresh(other.refreshToken).expect(200);
      expect(sidOf(t, rotated.body.accessToken)).toBe(sidOf(t, other.accessToken));
      const after = (await t.http().get('/api/me/sessions').set('Authorization', user.auth).expect(200)).body.items as SessionItem[];
      const sid = sidOf(t, other.accessToken);
      expect(Date.parse(after.find((item) => item.id === sid)!.lastSeenAt)).toBeGreaterThan(Date.parse(before.find((item) => item.id === sid)!.lastSeenAt));
      await t.http().post('/api/auth/logout').send({ refreshToken: rotated.body.refreshToken }).expect(204);
      const left = (await t.http().get('/api/me/sessions').set('Authorization', user.auth).expect(200)).body.items as SessionItem[];
      expect(left.map((item) => item.id)).toEqual([sidOf(t, user.accessToken)]);
    });

    it('are in my export, ended ones too, with their User-Agent', async () => {
      const user = await makeUser(t);
      const other = await signIn(t, user, CHROME_ANDROID);
      await t.http().post('/api/auth/logout').send({ refreshToken: other.refreshToken }).expect(204);
      const exported = (await t.http().get('/api/me/export').set('Authorization', user.auth).expect(200)).body.sessions as Record<string, unknown>[];
      expect(exported).toHaveLength(2);
      expect(exported.find((item) => item.id === sidOf(t, other.accessToken))).toMatchObject({
        device: 'Chrome on Android',
        userAgent: CHROME_ANDROID,
        endedAt: expect.stringMatching(/Z$/),
      });
      expect(exported.find((item) => item.id === sidOf(t, user.accessToken))).toMatchObject({ endedAt: null });
    });

    it('answers 401 without a token and 400 for an unknown query parameter', async () => {
      await t.http().get('/api/me/sessions').expect(401);
      const user = await makeUser(t);
      await t.http().get('/api/me/sessions?everything=1').set('Authorization', user.auth).expect(400);
    });
  });

  describe('PATCH /api/me with a new password', () => {
    it('ends every other session (access, refresh, socket) and keeps the current one', async () => {
      const user = await makeUser(t);
      const other = await signIn(t, user);
      const third = await signIn(t, user, CHROME_ANDROID);
      await me(other).expect(200);
      const otherSocket = await open(other.accessToken);
      const thirdSocket = await open(third.accessToken);
      const currentSocket = await open(user.accessToken);
      const otherEnded = endedWithin(otherSocket, SOCKET_END_DEADLINE_MS + 2000);
      const thirdEnded = endedWithin(thirdSocket, SOCKET_END_DEADLINE_MS + 2000);

      await t.http().patch('/api/me').set('Authorization', user.auth).send({ currentPassword: user.password, newPassword: 'a brand new password' }).expect(200);
      const answeredAt = Date.now();

      expect((await otherEnded).reason).toBe('password_changed');
      expect((await thirdEnded).at - answeredAt).toBeLessThanOrEqual(SOCKET_END_DEADLINE_MS);
      await me(other).expect(401);
      await me(third).expect(401);
      await refresh(other.refreshToken).expect(401);
      await refresh(third.refreshToken).expect(401);

      // The session that changed the password goes on: its token, its socket, its refresh.
      await me(user.accessToken).expect(200);
      expect(currentSocket.connected).toBe(true);
      expect(await request(currentSocket, 'project:leave', { projectId: '000000000000000000000000' })).toEqual({ ok: true });
      const rotated = await refresh(user.refreshToken).expect(200);
      await me(rotated.body.accessToken).expect(200);
      const listed = (await t.http().get('/api/me/sessions').set('Authorization', `Bearer ${rotated.body.accessToken}`).expect(200)).body
        .items as SessionItem[];
      expect(listed.map((item) => item.id)).toEqual([sidOf(t, user.accessToken)]);
    });

    it('ends nothing when only the display name changes', async () => {
      const user = await makeUser(t);
      const other = await signIn(t, user);
      await t.http().patch('/api/me').set('Authorization', user.auth).send({ displayName: 'Camille' }).expect(200);
      await me(other).expect(200);
      await refresh(other.refreshToken).expect(200);
    });
  });

  describe('DELETE /api/me/sessions/:id', () => {
    it('ends that session only: its tokens and its socket', async () => {
      const user = await makeUser(t);
      const other = await signIn(t, user);
      const otherSocket = await open(other.accessToken);
      const currentSocket = await open(user.accessToken);
      const ended = endedWithin(otherSocket, SOCKET_END_DEADLINE_MS + 2000);

      await t
        .http()
        .delete(`/api/me/sessions/${sidOf(t, other.accessToken)}`)
        .set('Authorization', user.auth)
        .expect(204);
      const answeredAt = Date.now();

      const { reason, at } = await ended;
      expect(reason).toBe('session_revoked');
      expect(at - answeredAt).toBeLessThanOrEqual(SOCKET_END_DEADLINE_MS);
      await me(other).expect(401);
      await refresh(other.refreshToken).expect(401);
      await me(user.accessToken).expect(200);
      expect(currentSocket.connected).toBe(true);
      await refresh(user.refreshToken).expect(200);
    });

    it("answers 404 for another user's session, an unknown id and an ended one, and ends nothing", async () => {
      const user = await makeUser(t);
      const stranger = await makeUser(t);
      await t
        .http()
        .delete(`/api/me/sessions/${sidOf(t, stranger.accessToken)}`)
        .set('Authorization', user.auth)
        .expect(404);
      await me(stranger.accessToken).expect(200);
      await refresh(stranger.refreshToken).expect(200);
      const unknown = await t
        .http()
        .delete(`/api/me/sessions/${randomBytes(8).toString('hex')}`)
        .set('Authorization', user.auth)
        .expect(404);
      expect(unknown.body).toMatchObject({ status: 404, code: 'not_found' });

      const other = await signIn(t, user);
      await t
        .http()
        .delete(`/api/me/sessions/${sidOf(t, other.accessToken)}`)
        .set('Authorization', user.auth)
        .expect(204);
      await t
        .http()
        .delete(`/api/me/sessions/${sidOf(t, other.accessToken)}`)
        .set('Authorization', user.auth)
        .expect(404);
    });

    it('may end the current session, like a logout', async () => {
      const user = await makeUser(t);
      await t
        .http()
        .delete(`/api/me/sessions/${sidOf(t, user.accessToken)}`)
        .set('Authorization', user.auth)
        .expect(204);
      await me(user.accessToken).expect(401);
      await refresh(user.refreshToken).expect(401);
    });
  });

  describe('ending a session', () => {
    it('logout: that access token answers 401 at once, other sessions go on', async () => {
      const user = await makeUser(t);
      const other = await signIn(t, user);
      const otherSocket = await open(other.accessToken);
      await me(user.accessToken).expect(200);
      await t.http().post('/api/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
      await me(user.accessToken).expect(401);
      await me(other).expect(200);
      expect(otherSocket.connected).toBe(true);
      expect(await request(otherSocket, 'project:leave', { projectId: '000000000000000000000000' })).toEqual({ ok: true });
    });

    it('reuse detection: every access token of the family answers 401, the socket is closed', async () => {
      const user = await makeUser(t);
      const rotated = await refresh(user.refreshToken).expect(200);
      const socket = await open(rotated.body.accessToken);
      const ended = endedWithin(socket, SOCKET_END_DEADLINE_MS + 2000);
      await me(rotated.body.accessToken).expect(200);
      await refresh(user.refreshToken).expect(401);
      expect((await ended).reason).toBe('reuse_detected');
      await me(user.accessToken).expect(401);
      await me(rotated.body.accessToken).expect(401);
      expect(await refusal(t.url, { token: rotated.body.accessToken })).toBe('unauthorized');
    });

    it('account deletion: every session of the account ends', async () => {
      const user = await makeUser(t);
      const other = await signIn(t, user);
      const socket = await open(other.accessToken);
      const ended = endedWithin(socket, SOCKET_END_DEADLINE_MS + 2000);
      await t.http().delete('/api/me').set('Authorization', user.auth).expect(204);
      expect((await ended).reason).toBe('account_deleted');
      expect(await refusal(t.url, { token: other.accessToken })).toBe('unauthorized');
      await me(other).expect(401);
      await refresh(other.refreshToken).expect(401);
      expect(await t.db.collection('sessions').countDocuments({ _id: sidOf(t, other.accessToken) as never })).toBe(0);
    });

    it('an ended session cannot open a socket nor refresh one with auth:refresh', async () => {
      const user = await makeUser(t);
      const other = await signIn(t, user);
      const socket = await open(user.accessToken);
      await t.http().post('/api/auth/logout').send({ refreshToken: other.refreshToken }).expect(204);
      expect(await refusal(t.url, { token: other.accessToken })).toBe('unauthorized');
      expect(await request(socket, 'auth:refresh', { token: other.accessToken })).toEqual({ ok: false, error: 'unauthorized' });
      expect(socket.connected).toBe(true);
    });
  });

  describe('tokens without exp or sid', () => {
    it('refuses a token signed with the right secret but without exp, on REST and on the socket', async () => {
      const user = await makeUser(t);
      const jwt = t.app.get(JwtService);
      const noExp = jwt.sign({ sub: user.id, email: user.email, name: user.displayName, sid: sidOf(t, user.accessToken) });
      expect(jwt.decode<{ exp?: number }>(noExp).exp).toBeUndefined();
      const response = await me(noExp).expect(401);
      expect(response.body).toMatchObject({ status: 401, code: 'unauthorized' });
      expect(await refusal(t.url, { token: noExp })).toBe('unauthorized');
      const socket = await open(user.accessToken);
      expect(await request(socket, 'auth:refresh', { token: noExp })).toEqual({ ok: false, error: 'unauthorized' });
    });

    it('refuses a token without sid, or with a sid of no session of it', async () => {
      const user = await makeUser(t);
      const jwt = t.app.get(JwtService);
      const exp = Math.floor(Date.now() / 1000) + 600;
      const noSid = jwt.sign({ sub: user.id, email: user.email, name: user.displayName, exp });
      await me(noSid).expect(401);
      expect(await refusal(t.url, { token: noSid })).toBe('unauthorized');
      await t.http().post('/api/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
      const other = await signIn(t, user);
      await me(other).expect(200);
      // The logged-out session's id in an otherwise valid token.
      const revived = jwt.sign({ sub: user.id, email: user.email, name: user.displayName, sid: sidOf(t, user.accessToken), exp });
      await me(revived).expect(401);
    });
  });
});

/** Two instances on one database and one Redis: invariant 8's "within 1 s" holds across them. */
describe('Sessions across two instances (e2e, Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  const sockets: ClientSocket[] = [];

  const openAt = async (instance: TestApp, accessToken: string) => {
    const socket = await connect(instance.url, accessToken);
    sockets.push(socket);
    return socket;
  };

  useTwoInstances({ redis: true }, (first, second) => {
    [a, b] = [first, second];
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  it('a password change through A ends the other session on B within 1 s: socket, access and refresh', async () => {
    const user = await makeUser(a);
    const other = await signIn(b, user);
    // B has just seen the other session alive: what it remembers must not outlive the revocation by 1 s.
    await b.http().get('/api/me').set('Authorization', other.auth).expect(200);
    const socketAtB = await openAt(b, other.accessToken);
    const currentAtB = await openAt(b, user.accessToken);
    const ended = endedWithin(socketAtB, SOCKET_END_DEADLINE_MS + 2000);

    await a.http().patch('/api/me').set('Authorization', user.auth).send({ currentPassword: user.password, newPassword: 'a brand new password' }).expect(200);
    const answeredAt = Date.now();

    const refusedAfter = await refusedWithin(b, other.accessToken, SOCKET_END_DEADLINE_MS);
    expect(refusedAfter).toBeLessThanOrEqual(SOCKET_END_DEADLINE_MS);
    const { reason, at } = await ended;
    expect(reason).toBe('password_changed');
    expect(at - answeredAt).toBeLessThanOrEqual(SOCKET_END_DEADLINE_MS);
    await b.http().post('/api/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
    await b.http().get('/api/me').set('Authorization', user.auth).expect(200);
    expect(currentAtB.connected).toBe(true);
  });

  it('DELETE /api/me/sessions/:id through B ends that session on A within 1 s, and only it', async () => {
    const user = await makeUser(a);
    const other = await signIn(a, user);
    await a.http().get('/api/me').set('Authorization', other.auth).expect(200);
    const socketAtA = await openAt(a, other.accessToken);
    const currentAtA = await openAt(a, user.accessToken);
    const ended = endedWithin(socketAtA, SOCKET_END_DEADLINE_MS + 2000);

    await b
      .http()
      .delete(`/api/me/sessions/${sidOf(b, other.accessToken)}`)
      .set('Authorization', user.auth)
      .expect(204);
    const answeredAt = Date.now();

    expect(await refusedWithin(a, other.accessToken, SOCKET_END_DEADLINE_MS)).toBeLessThanOrEqual(SOCKET_END_DEADLINE_MS);
    expect((await ended).at - answeredAt).toBeLessThanOrEqual(SOCKET_END_DEADLINE_MS);
    await a.http().get('/api/me').set('Authorization', user.auth).expect(200);
    expect(currentAtA.connected).toBe(true);
  });

  it('a logout through A: the access token is refused on B within 1 s', async () => {
    const user = await makeUser(a);
    await b.http().get('/api/me').set('Authorization', user.auth).expect(200);
    await a.http().post('/api/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
    await a.http().get('/api/me').set('Authorization', user.auth).expect(401);
    expect(await refusedWithin(b, user.accessToken, SOCKET_END_DEADLINE_MS)).toBeLessThanOrEqual(SOCKET_END_DEADLINE_MS);
  });
});

/**
 * Two instances on one database and no Redis: no relay tells B anything, so the database's sessions
 * mark alone keeps invariant 8's "within 1 s", while B stops asking the database about each session.
 */
describe('Sessions across two instances without a relay (e2e, the sessions mark)', () => {
  let a: TestApp;
  let b: TestApp;

  useTwoInstances({}, (first, second) => {
    [a, b] = [first, second];
  });

  const revocationLookupsAtB = () => jest.spyOn(b.app.get(SessionsService) as unknown as { isRevoked: () => Promise<boolean> }, 'isRevoked');

  it('while nothing ends, B checks a session once, not at every request', async () => {
    const user = await makeUser(a);
    const lookups = revocationLookupsAtB();
    try {
      // Over 1.2 s: a lookup trusted for 500 ms alone would be read three times.
      for (let request = 0; request < 8; request++) {
        await b.http().get('/api/me').set('Authorization', user.auth).expect(200);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      expect(lookups).toHaveBeenCalledTimes(1);
    } finally {
      lookups.mockRestore();
    }
  });

  it('a logout through A: the access token is refused on B within 1 s', async () => {
    const user = await makeUser(a);
    await b.http().get('/api/me').set('Authorization', user.auth).expect(200);
    await a.http().post('/api/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
    expect(await refusedWithin(b, user.accessToken, SOCKET_END_DEADLINE_MS)).toBeLessThanOrEqual(SOCKET_END_DEADLINE_MS);
  });

  it('an account deleted through A is refused on B within 1 s', async () => {
    const user = await makeUser(a);
    await b.http().get('/api/me').set('Authorization', user.auth).expect(200);
    await a.http().delete('/api/me').set('Authorization', user.auth).expect(204);
    // Until B sees the mark move, the token still passes and the account it names is gone: 404.
    expect(await refusedWithin(b, user.accessToken, SOCKET_END_DEADLINE_MS, [200, 404])).toBeLessThanOrEqual(SOCKET_END_DEADLINE_MS);
  });
});

describe('Sessions after a restart (e2e, the start-up warm-up)', () => {
  const databaseName = `test_${randomBytes(6).toString('hex')}`;
  let after: TestApp;
  let live: TestUser[];
  let loggedOut: TestUser;

  beforeAll(async () => {
    const before = await createTestApp({}, { databaseName });
    try {
      live = [await makeUser(before), await makeUser(before)];
      loggedOut = await makeUser(before);
      await before.http().post('/api/auth/logout').send({ refreshToken: loggedOut.refreshToken }).expect(204);
    } finally {
      await before.close();
    }
    after = await createTestApp({}, { databaseName });
    await after.app.get(TokenService).warmedUp;
  });

  afterAll(async () => {
    await after?.db.dropDatabase().catch(() => undefined);
    await after?.close();
  });

  /** Runs `use` while counting the session and account lookups that reach the database. */
  async function countingLookups(use: () => Promise<void>): Promise<{ sessions: number; accounts: number }> {
    const sessionLookups = jest.spyOn(after.app.get(SessionsService) as unknown as { isRevoked: () => Promise<boolean> }, 'isRevoked');
    const accountLookups = jest.spyOn(after.app.get(UsersService) as unknown as { readActive: () => Promise<unknown> }, 'readActive');
    try {
      await use();
      return { sessions: sessionLookups.mock.calls.length, accounts: accountLookups.mock.calls.length };
    } finally {
      sessionLookups.mockRestore();
      accountLookups.mockRestore();
    }
  }

  it('answers the reconnecting handshakes of recent sessions without a lookup each, and still refuses an ended one', async () => {
    const sockets: ClientSocket[] = [];
    try {
      const lookups = await countingLookups(async () => {
        // Each member reconnects from several devices at once, as after a deploy.
        for (const user of live) sockets.push(...(await Promise.all([1, 2, 3].map(() => connect(after.url, user.accessToken)))));
        expect(await refusal(after.url, { token: loggedOut.accessToken })).toBe('unauthorized');
      });
      expect(lookups).toEqual({ sessions: 0, accounts: 0 });
    } finally {
      for (const socket of sockets) socket.close();
    }
  });

  it('answers the first handshakes of a session just opened or refreshed here without a lookup', async () => {
    const registered = await makeUser(after);
    const signedIn = await signIn(after, registered);
    const refreshed = (await after.http().post('/api/auth/refresh').send({ refreshToken: signedIn.refreshToken }).expect(200)).body as { accessToken: string };
    const sockets: ClientSocket[] = [];
    try {
      const lookups = await countingLookups(async () => {
        for (const token of [registered.accessToken, signedIn.accessToken, refreshed.accessToken]) sockets.push(await connect(after.url, token));
      });
      expect(lookups).toEqual({ sessions: 0, accounts: 0 });
    } finally {
      for (const socket of sockets) socket.close();
    }
  });
});
