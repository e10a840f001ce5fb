import { Types } from 'mongoose';
import { makeUser, TestUser } from './factories';
import { createTestApp, TestApp } from './setup/test-app';

describe('Account (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const login = (email: string, password: string) => t.http().post('/api/auth/login').send({ email, password });

  describe('GET /api/me', () => {
    it('answers my account with my calendar feed URL', async () => {
      const user = await makeUser(t, { locale: 'en' });
      const response = await t.http().get('/api/me').set('Authorization', user.auth).expect(200);
      expect(response.body).toEqual({
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        locale: 'en',
        calendarFeedUrl: null,
        createdAt: expect.stringMatching(/Z$/),
        updatedAt: expect.stringMatching(/Z$/),
      });
    });

    it('answers 401 without a token', async () => {
      const response = await t.http().get('/api/me').expect(401);
      expect(response.body).toMatchObject({ status: 401, code: 'unauthorized' });
    });
  });

  describe('PATCH /api/me', () => {
    let user: TestUser;

    beforeEach(async () => {
      user = await makeUser(t);
    });

    const patch = (body: object, auth = user.auth) => t.http().patch('/api/me').set('Authorization', auth).send(body);

    it('changes the display name and the locale', async () => {
      const response = await patch({ displayName: '  Camille M.  ', locale: 'en' }).expect(200);
      expect(response.body).toMatchObject({ id: user.id, displayName: 'Camille M.', locale: 'en' });
      const stored = await t.db.collection('users').findOne({ _id: new Types.ObjectId(user.id) });
      expect(stored).toMatchObject({ displayName: 'Camille M.', locale: 'en' });
    });

    it('changes the password when the current one is given', async () => {
      await patch({ currentPassword: user.password, newPassword: 'a brand new password' }).expect(200);
      await login(user.email, user.password).expect(401);
      await login(user.email, 'a brand new password').expect(200);
    });

    it('refuses a new password without the current one', async () => {
      const response = await patch({ newPassword: 'a brand new password' }).expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
      await login(user.email, user.password).expect(200);
    });

    it('refuses a new password with a wrong current one', async () => {
      const response = await patch({ currentPassword: 'not my password', newPassword: 'a brand new password' }).expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
      await login(user.email, 'a brand new password').expect(401);
    });

    it.each([
      ['a blank display name', { displayName: '  ' }, 'displayName'],
      ['an unknown locale', { locale: 'de' }, 'locale'],
      ['a short new password', { currentPassword: 'x', newPassword: 'short' }, 'newPassword'],
      ['an email change (not a PATCH field)', { email: 'other@example.org' }, 'email'],
      ['an unknown field', { role: 'admin' }, 'role'],
    ])('answers 400 for %s', async (_case, body, field) => {
      const response = await patch(body).expect(400);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('answers 401 without a token', async () => {
      await t.http().patch('/api/me').send({ displayName: 'X' }).expect(401);
    });
  });

  describe('GET /api/me/export', () => {
    it('contains my account and my sessions, never a secret', async () => {
      const user = await makeUser(t);
      const response = await t.http().get('/api/me/export').set('Authorization', user.auth).expect(200);
      expect(response.body.exportedAt).toEqual(expect.stringMatching(/Z$/));
      expect(response.body.account).toMatchObject({ id: user.id, email: user.email, displayName: user.displayName });
      expect(response.body.sessions).toHaveLength(1);
      const text = JSON.stringify(response.body);
      expect(text).not.toContain('passwordHash');
      expect(text).not.toContain('tokenHash');
      expect(text).not.toContain(user.refreshToken);
    });

    it('answers 401 without a token', async () => {
      await t.http().get('/api/me/export').expect(401);
    });
  });

  describe('DELETE /api/me', () => {
    it('erases the account: 204, then its tokens and password stop working and its rows are gone', async () => {
      const user = await makeUser(t);
      const other = await makeUser(t);
      await t.http().delete('/api/me').set('Authorization', user.auth).expect(204);

      await t.http().get('/api/me').set('Authorization', user.auth).expect(401);
      await t.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
      const failed = await login(user.email, user.password).expect(401);
      const unknown = await login('never-registered@example.org', user.password).expect(401);
      expect(failed.body.detail).toBe(unknown.body.detail);

      const userId = new Types.ObjectId(user.id);
      expect(await t.db.collection('users').countDocuments({ _id: userId })).toBe(0);
      expect(await t.db.collection('refresh_tokens').countDocuments({ userId })).toBe(0);
      // Nobody else is touched.
      await t.http().get('/api/me').set('Authorization', other.auth).expect(200);
    });

    it('anonymizes the activity the user authored', async () => {
      const user = await makeUser(t);
      const projectId = new Types.ObjectId();
      await t.db
        .collection('activities')
        .insertOne({ projectId, seq: 1, type: 'task.created', actorId: new Types.ObjectId(user.id), at: new Date(), data: {} });
      await t.http().delete('/api/me').set('Authorization', user.auth).expect(204);
      const row = await t.db.collection('activities').findOne({ projectId, seq: 1 });
      expect(row).toMatchObject({ type: 'task.created', actorId: null });
    });

    it('frees the email for a new account', async () => {
      const user = await makeUser(t);
      await t.http().delete('/api/me').set('Authorization', user.auth).expect(204);
      const again = await makeUser(t, { email: user.email });
      expect(again.id).not.toBe(user.id);
    });

    it('answers 401 without a token', async () => {
      await t.http().delete('/api/me').expect(401);
    });
  });
});
