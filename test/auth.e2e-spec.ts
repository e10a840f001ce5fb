import { JwtService } from '@nestjs/jwt';
import { createHash } from 'node:crypto';
import { makeUser, TestUser } from './factories';
import { useTestApp } from './setup/hooks';
import { TestApp } from './setup/test-app';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('Auth (e2e)', () => {
  let t: TestApp;

  useTestApp((app) => {
    t = app;
  });

  const refresh = (refreshToken: unknown) => t.http().post('/api/auth/refresh').send({ refreshToken });
  const me = (accessToken: string) => t.http().get('/api/me').set('Authorization', `Bearer ${accessToken}`);

  describe('POST /api/auth/register', () => {
    it('creates an account and a session', async () => {
      const response = await t
        .http()
        .post('/api/auth/register')
        .send({ email: '  Camille@Example.ORG ', password: 'long enough password', displayName: ' Camille ' })
        .expect(201);
      expect(response.body.user).toMatchObject({ email: 'camille@example.org', displayName: 'Camille', locale: 'fr', calendarFeedUrl: null });
      expect(response.body.user.id).toEqual(expect.any(String));
      expect(response.body.user).not.toHaveProperty('passwordHash');
      expect(response.body.accessToken).toEqual(expect.any(String));
      expect(response.body.refreshToken).toEqual(expect.any(String));
      await me(response.body.accessToken).expect(200);
    });

    it('stores the password with argon2id at OWASP parameters (19 MiB, 2 iterations)', async () => {
      const user = await makeUser(t);
      const stored = await t.db.collection('users').findOne({ email: user.email });
      const [, algorithm, , parameters] = String(stored?.passwordHash).split('$');
      expect(algorithm).toBe('argon2id');
      expect(Object.fromEntries(parameters.split(',').map((pair) => pair.split('=')))).toEqual({ m: '19456', t: '2', p: '1' });
      expect(JSON.stringify(stored)).not.toContain(user.password);
    });

    it('stores refresh tokens hashed, never as given', async () => {
      const user = await makeUser(t);
      const tokens = await t.db.collection('refresh_tokens').find({}).toArray();
      expect(tokens.some((token) => token.tokenHash === sha256(user.refreshToken))).toBe(true);
      expect(JSON.stringify(tokens)).not.toContain(user.refreshToken);
    });

    it('takes the locale when given', async () => {
      const response = await t
        .http()
        .post('/api/auth/register')
        .send({ email: 'lou@example.org', password: 'long enough password', displayName: 'Lou', locale: 'en' })
        .expect(201);
      expect(response.body.user.locale).toBe('en');
    });

    it('answers 409 for an email already registered, whatever its case', async () => {
      const user = await makeUser(t);
      const response = await t
        .http()
        .post('/api/auth/register')
        .send({ email: user.email.toUpperCase(), password: 'another password', displayName: 'Twin' })
        .expect(409);
      expect(response.body).toMatchObject({ status: 409, code: 'email_taken' });
    });

    it('gives exactly one account to ten simultaneous registrations of one email', async () => {
      const spellings = ['race@example.org', 'RACE@example.org', ' race@Example.org ', 'Race@EXAMPLE.org', 'race@example.ORG'];
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t
            .http()
            .post('/api/auth/register')
            .send({ email: spellings[i % spellings.length], password: 'long enough password', displayName: `Racer ${i}` }),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
      expect(await t.db.collection('users').countDocuments({ email: 'race@example.org' })).toBe(1);
    });

    it.each([
      ['a missing email', { password: 'long enough password', displayName: 'X' }, 'email'],
      ['a malformed email', { email: 'not-an-email', password: 'long enough password', displayName: 'X' }, 'email'],
      ['a short password', { email: 'short@example.org', password: 'short', displayName: 'X' }, 'password'],
      ['a blank display name', { email: 'blank@example.org', password: 'long enough password', displayName: '   ' }, 'displayName'],
      ['an unknown locale', { email: 'loc@example.org', password: 'long enough password', displayName: 'X', locale: 'de' }, 'locale'],
      ['an unknown field', { email: 'extra@example.org', password: 'long enough password', displayName: 'X', isAdmin: true }, 'isAdmin'],
      ['a non-string email', { email: 42, password: 'long enough password', displayName: 'X' }, 'email'],
    ])('answers 400 for %s', async (_case, body, field) => {
      const response = await t.http().post('/api/auth/register').send(body).expect(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('refuses a MongoDB operator smuggled in as the email', async () => {
      await t
        .http()
        .post('/api/auth/register')
        .send({ email: { $gt: '' }, password: 'long enough password', displayName: 'X' })
        .expect(400);
    });
  });

  describe('POST /api/auth/login', () => {
    let user: TestUser;

    beforeAll(async () => {
      user = await makeUser(t);
    });

    it('opens a session for the right password, whatever the email case', async () => {
      const response = await t
        .http()
        .post('/api/auth/login')
        .send({ email: `  ${user.email.toUpperCase()} `, password: user.password })
        .expect(200);
      expect(response.body.user).toMatchObject({ id: user.id, email: user.email });
      expect(response.body.refreshToken).not.toBe(user.refreshToken);
      await me(response.body.accessToken).expect(200);
    });

    it('answers the same 401 for an unknown email and a wrong password', async () => {
      const unknown = await t.http().post('/api/auth/login').send({ email: 'nobody@example.org', password: 'whatever123' }).expect(401);
      const wrong = await t.http().post('/api/auth/login').send({ email: user.email, password: 'wrong password' }).expect(401);
      const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined });
      expect(strip(unknown.body)).toEqual(strip(wrong.body));
      expect(unknown.body).toMatchObject({ status: 401, code: 'unauthorized' });
    });

    it.each([
      ['a missing password', { email: 'someone@example.org' }, 'password'],
      ['a missing email', { password: 'whatever123' }, 'email'],
      ['a non-string password', { email: 'someone@example.org', password: 12345678 }, 'password'],
      ['an unknown field', { email: 'someone@example.org', password: 'whatever123', remember: true }, 'remember'],
    ])('answers 400 for %s', async (_case, body, field) => {
      const response = await t.http().post('/api/auth/login').send(body).expect(400);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });
  });

  describe('POST /api/auth/refresh', () => {
    it('answers a new pair and spends the presented token', async () => {
      const user = await makeUser(t);
      const response = await refresh(user.refreshToken).expect(200);
      expect(response.body.user.id).toBe(user.id);
      expect(response.body.refreshToken).not.toBe(user.refreshToken);
      await me(response.body.accessToken).expect(200);
      const spent = await t.db.collection('refresh_tokens').findOne({ tokenHash: sha256(user.refreshToken) });
      expect(spent?.rotatedAt).toBeInstanceOf(Date);
      // Each rotation gives a working token in turn.
      const again = await refresh(response.body.refreshToken).expect(200);
      await refresh(again.body.refreshToken).expect(200);
    });

    it('revokes the whole family when a rotated token is used again', async () => {
      const user = await makeUser(t);
      const rotated = await refresh(user.refreshToken).expect(200);
      const reuse = await refresh(user.refreshToken).expect(401);
      expect(reuse.body).toMatchObject({ status: 401, code: 'unauthorized' });
      // The token from the legitimate rotation dies with its family.
      await refresh(rotated.body.refreshToken).expect(401);
      const family = await t.db
        .collection('refresh_tokens')
        .find({ userId: { $exists: true }, tokenHash: { $in: [sha256(user.refreshToken), sha256(rotated.body.refreshToken)] } })
        .toArray();
      expect(family).toHaveLength(2);
      expect(family.every((token) => token.revokedAt instanceof Date)).toBe(true);
    });

    it('leaves the other sessions of the user alone when one family is revoked', async () => {
      const user = await makeUser(t);
      const other = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
      await refresh(user.refreshToken).expect(200);
      await refresh(user.refreshToken).expect(401);
      await refresh(other.body.refreshToken).expect(200);
    });

    it('lets exactly one of five simultaneous uses of a token win, and then the family is dead', async () => {
      const user = await makeUser(t);
      const responses = await Promise.all(Array.from({ length: 5 }, () => refresh(user.refreshToken)));
      const winners = responses.filter((response) => response.status === 200);
      expect(winners).toHaveLength(1);
      expect(responses.filter((response) => response.status === 401)).toHaveLength(4);
      await refresh(winners[0].body.refreshToken).expect(401);
    });

    it('answers 401 for an unknown token', async () => {
      await refresh('this-token-was-never-issued').expect(401);
    });

    it('answers 401 for an expired token', async () => {
      const user = await makeUser(t);
      await t.db.collection('refresh_tokens').updateOne({ tokenHash: sha256(user.refreshToken) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      await refresh(user.refreshToken).expect(401);
    });

    it.each([
      ['a missing token', {}],
      ['a non-string token', { refreshToken: 12 }],
      ['an empty token', { refreshToken: '' }],
      ['an unknown field', { refreshToken: 'abc', userId: 'x' }],
    ])('answers 400 for %s', async (_case, body) => {
      await t.http().post('/api/auth/refresh').send(body).expect(400);
    });
  });

  describe('POST /api/auth/logout', () => {
    it('answers 204 and revokes the family of the token', async () => {
      const user = await makeUser(t);
      const rotated = await refresh(user.refreshToken).expect(200);
      await t.http().post('/api/auth/logout').send({ refreshToken: rotated.body.refreshToken }).expect(204);
      await refresh(rotated.body.refreshToken).expect(401);
      const live = await t.db
        .collection('refresh_tokens')
        .countDocuments({ tokenHash: { $in: [sha256(user.refreshToken), sha256(rotated.body.refreshToken)] }, revokedAt: null });
      expect(live).toBe(0);
    });

    it('answers 204 for a token it does not know, telling nothing', async () => {
      await t.http().post('/api/auth/logout').send({ refreshToken: 'unknown-token' }).expect(204);
    });

    it.each([
      ['a missing token', {}],
      ['an unknown field', { refreshToken: 'abc', everywhere: true }],
    ])('answers 400 for %s', async (_case, body) => {
      await t.http().post('/api/auth/logout').send(body).expect(400);
    });
  });

  describe('access tokens', () => {
    it('expire within 15 minutes', async () => {
      const user = await makeUser(t);
      const payload = t.app.get(JwtService).decode<{ iat: number; exp: number }>(user.accessToken);
      expect(payload.exp - payload.iat).toBeLessThanOrEqual(15 * 60);
    });

    it('answers 401 once expired', async () => {
      const user = await makeUser(t);
      const now = Math.floor(Date.now() / 1000);
      const { sid } = t.app.get(JwtService).decode<{ sid: string }>(user.accessToken);
      const expired = t.app.get(JwtService).sign({ sub: user.id, email: user.email, name: user.displayName, sid, iat: now - 600, exp: now - 1 });
      const response = await me(expired).expect(401);
      expect(response.body).toMatchObject({ status: 401, code: 'unauthorized' });
    });

    it('answers 401 for a token signed with another secret or no algorithm', async () => {
      const user = await makeUser(t);
      const forged = new JwtService({ secret: 'another-secret-another-secret-another-secret' }).sign({
        sub: user.id,
        email: user.email,
        name: user.displayName,
      });
      await me(forged).expect(401);
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const body = Buffer.from(JSON.stringify({ sub: user.id, exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
      await me(`${header}.${body}.`).expect(401);
    });

    it('answers 401 for a malformed Authorization header', async () => {
      await t.http().get('/api/me').set('Authorization', 'Basic abc').expect(401);
      await t.http().get('/api/me').set('Authorization', 'Bearer not.a.jwt').expect(401);
    });
  });
});

describe('Auth with a short access token lifetime (e2e)', () => {
  let t: TestApp;

  useTestApp({ ACCESS_TOKEN_TTL_SECONDS: '5' }, (app) => {
    t = app;
  });

  it('issues tokens for the configured lifetime, refused once it has passed', async () => {
    const user = await makeUser(t);
    const jwt = t.app.get(JwtService);
    const payload = jwt.decode<{ sub: string; email: string; name: string; sid: string; iat: number; exp: number }>(user.accessToken);
    expect(payload.exp - payload.iat).toBe(5);
    // The same token as issued, but as seen 5 s later: signed with the app's key and a past expiry.
    const later = jwt.sign({ sub: payload.sub, email: payload.email, name: payload.name, sid: payload.sid, iat: payload.iat - 5, exp: payload.exp - 5 });
    await t.http().get('/api/me').set('Authorization', `Bearer ${user.accessToken}`).expect(200);
    await t.http().get('/api/me').set('Authorization', `Bearer ${later}`).expect(401);
  });
});

describe('Auth rate limit (e2e)', () => {
  let t: TestApp;

  // Behind a reverse proxy on loopback, as in production (see trust-proxy.e2e-spec.ts).
  useTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'loopback' }, (app) => {
    t = app;
  });

  it('answers 429 with Retry-After and a problem body on the 4th attempt in a minute', async () => {
    const attempt = () => t.http().post('/api/auth/login').send({ email: 'target@example.org', password: 'guess-guess' });
    for (let i = 0; i < 3; i++) await attempt().expect(401);
    const limited = await attempt().expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests', code: 'too_many_requests' });
    expect(limited.body.detail).toMatch(/Retry-After/);
  });

  it('counts per client address', async () => {
    // The app trusts X-Forwarded-For from a loopback peer (its reverse proxy), as in production.
    const fromElsewhere = () =>
      t.http().post('/api/auth/login').set('X-Forwarded-For', '203.0.113.7').send({ email: 'target@example.org', password: 'guess-guess' });
    await fromElsewhere().expect(401);
    await t.http().post('/api/auth/login').send({ email: 'target@example.org', password: 'guess-guess' }).expect(429);
  });

  it('limits registration too', async () => {
    const register = (i: number) =>
      t
        .http()
        .post('/api/auth/register')
        .set('X-Forwarded-For', '198.51.100.20')
        .send({ email: `flood-${i}@example.org`, password: 'long enough password', displayName: 'Flood' });
    for (let i = 0; i < 3; i++) await register(i).expect(201);
    const limited = await register(3).expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
