import { makeUser } from './factories';
import { createTestApp, TestApp } from './setup/test-app';

describe('Auth (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  describe('POST /api/auth/register', () => {
    it('creates an account and a session', async () => {
      const response = await t.http().post('/api/auth/register').send({ email: '  Camille@Example.ORG ', password: 'long enough password', displayName: 'Camille' }).expect(201);
      expect(response.body.user).toMatchObject({ email: 'camille@example.org', displayName: 'Camille', locale: 'fr' });
      expect(response.body.accessToken).toEqual(expect.any(String));
      expect(response.body.refreshToken).toEqual(expect.any(String));
      const stored = await t.db.collection('users').findOne({ email: 'camille@example.org' });
      expect(stored?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    });
  });

  describe('POST /api/auth/login', () => {
    it('answers the same 401 for an unknown email and a wrong password', async () => {
      const user = await makeUser(t);
      const unknown = await t.http().post('/api/auth/login').send({ email: 'nobody@example.org', password: 'whatever123' }).expect(401);
      const wrong = await t.http().post('/api/auth/login').send({ email: user.email, password: 'wrong password' }).expect(401);
      expect(unknown.body.detail).toBe(wrong.body.detail);
      const ok = await t.http().post('/api/auth/login').send({ email: user.email.toUpperCase(), password: user.password }).expect(200);
      expect(ok.body.user.id).toBe(user.id);
    });
  });

  describe('GET /api/me', () => {
    it('needs a token', async () => {
      await t.http().get('/api/me').expect(401);
    });

    it('answers my account', async () => {
      const user = await makeUser(t);
      const response = await t.http().get('/api/me').set('Authorization', user.auth).expect(200);
      expect(response.body).toMatchObject({ id: user.id, email: user.email });
    });
  });
});
