import { makeAssociation, makeUser, TestUser } from './factories';
import { LocalSmtp, ReceivedMail, startSmtp } from './setup/smtp';
import { createTestApp, TestApp } from './setup/test-app';

const tokenOf = (mail: ReceivedMail) => /reset-password\?token=([\w-]+)/.exec(mail.text)?.[1] ?? '';

describe('Password reset (e2e, real SMTP server)', () => {
  let smtp: LocalSmtp;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://maillage.example.org' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  const requestReset = (email: unknown) => t.http().post('/api/auth/password-reset').send({ email });
  const confirm = (token: unknown, password: unknown) => t.http().post('/api/auth/password-reset/confirm').send({ token, password });
  const mailTo = (user: TestUser) => smtp.waitFor((mail) => mail.to.includes(user.email) && mail.subject.includes('mot de passe'));

  describe('POST /api/auth/password-reset', () => {
    it('answers 202 with an empty body whether or not the account exists, and mails only an existing one', async () => {
      const user = await makeUser(t);
      const known = await requestReset(user.email).expect(202);
      const unknown = await requestReset('nobody-here@example.org').expect(202);
      expect(known.body).toEqual(unknown.body);
      const mail = await mailTo(user);
      expect(mail.text).toContain('https://maillage.example.org/reset-password?token=');
      expect(mail.html).toContain('href="https://maillage.example.org/reset-password?token=');
      expect(mail.headers.get('from')).toMatchObject({ value: [{ name: 'Maillage', address: 'no-reply@localhost' }] });
      // Give the unknown address's request the time it would have taken, then check nothing went there.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(smtp.received.some((received) => received.to.includes('nobody-here@example.org'))).toBe(false);
    });

    it('stores the token hashed, valid one hour', async () => {
      const user = await makeUser(t);
      await requestReset(user.email).expect(202);
      const token = tokenOf(await mailTo(user));
      const rows = await t.db
        .collection('password_resets')
        .find({ userId: { $exists: true } })
        .toArray();
      const mine = rows.filter((row) => String(row.userId) === user.id);
      expect(mine).toHaveLength(1);
      expect(JSON.stringify(mine)).not.toContain(token);
      const lifetime = new Date(mine[0].expiresAt).getTime() - new Date(mine[0].createdAt).getTime();
      expect(lifetime).toBe(60 * 60_000);
    });

    it('writes in the account language', async () => {
      const user = await makeUser(t, { locale: 'en' });
      await requestReset(user.email).expect(202);
      const mail = await smtp.waitFor((received) => received.to.includes(user.email));
      expect(mail.subject).toBe('Reset your Maillage password');
      expect(mail.text).toContain('Choose a new password: https://maillage.example.org/reset-password?token=');
    });

    it('answers 400 on a missing email', async () => {
      const response = await t.http().post('/api/auth/password-reset').send({}).expect(400);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'email' })]));
    });
  });

  describe('POST /api/auth/password-reset/confirm', () => {
    it('changes the password once, ends every session, and refuses the link the second time', async () => {
      const user = await makeUser(t);
      const otherDevice = (await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200)).body;
      await requestReset(user.email).expect(202);
      const token = tokenOf(await mailTo(user));

      await confirm(token, 'a brand new password').expect(204);

      await t.http().get('/api/me').set('Authorization', user.auth).expect(401);
      await t.http().get('/api/me').set('Authorization', `Bearer ${otherDevice.accessToken}`).expect(401);
      await t.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
      await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(401);
      await t.http().post('/api/auth/login').send({ email: user.email, password: 'a brand new password' }).expect(200);

      const again = await confirm(token, 'yet another password').expect(400);
      expect(again.body.errors).toEqual([expect.objectContaining({ field: 'token' })]);
      await t.http().post('/api/auth/login').send({ email: user.email, password: 'a brand new password' }).expect(200);
    });

    it('lets exactly one of two simultaneous uses of a link through', async () => {
      const user = await makeUser(t);
      await requestReset(user.email).expect(202);
      const token = tokenOf(await mailTo(user));
      const statuses = (await Promise.all([confirm(token, 'first new password'), confirm(token, 'second new password')])).map((r) => r.status).sort();
      expect(statuses).toEqual([204, 400]);
    });

    it('refuses an expired link and an unknown one', async () => {
      const user = await makeUser(t);
      await requestReset(user.email).expect(202);
      const token = tokenOf(await mailTo(user));
      await t.db.collection('password_resets').updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      await confirm(token, 'a brand new password').expect(400);
      await confirm('not-a-token', 'a brand new password').expect(400);
      await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
    });

    it('answers 400 naming the password when it is too short', async () => {
      const response = await confirm('whatever', 'short').expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    });
  });

  describe('POST /api/associations/:id/invitations with an email', () => {
    it('mails the invitation link to that address', async () => {
      const admin = await makeUser(t, { displayName: 'Nadia' });
      const association = await makeAssociation(t, admin, { name: 'Les Jardins du Nord' });
      const response = await t
        .http()
        .post(`/api/associations/${association.id}/invitations`)
        .set('Authorization', admin.auth)
        .send({ email: 'futur-membre@example.org', role: 'member' })
        .expect(201);
      const mail = await smtp.waitFor((received) => received.to.includes('futur-membre@example.org'));
      expect(mail.subject).toBe('Invitation à rejoindre Les Jardins du Nord sur Maillage');
      expect(mail.text).toContain('Nadia vous invite');
      expect(mail.text).toContain(`https://maillage.example.org/invitations/${response.body.token}`);
    });
  });
});

describe('Password reset rate limit (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(() => t?.close());

  it('answers 429 with Retry-After past the auth limit', async () => {
    await t.http().post('/api/auth/password-reset').send({ email: 'a@example.org' }).expect(202);
    await t.http().post('/api/auth/password-reset').send({ email: 'a@example.org' }).expect(202);
    const limited = await t.http().post('/api/auth/password-reset').send({ email: 'a@example.org' }).expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });
});

describe('Without SMTP_URL (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('still answers 202 and stores no link nor mail', async () => {
    const user = await makeUser(t);
    await t.http().post('/api/auth/password-reset').send({ email: user.email }).expect(202);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await t.db.collection('password_resets').countDocuments()).toBe(0);
    expect(await t.db.collection('mail_outbox').countDocuments()).toBe(0);
  });
});
