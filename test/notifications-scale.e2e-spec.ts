import type { NotificationPush } from '@maillage/contract';
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { NotificationsScheduler } from '../src/notifications/notifications.scheduler';
import { makeWorld, ProjectWorld } from './factories/projects';
import { connect, record } from './factories/realtime';
import { LocalRedis, startRedis } from './setup/redis';
import { LocalSmtp, startSmtp } from './setup/smtp';
import { createTestApp, TestApp } from './setup/test-app';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The next 18:05 in Paris (a winter or summer offset alike): today's, or tomorrow's once today's has
 * passed. A digest covers what was created up to its run, so it must run after this test's writes.
 */
function parisEvening(): Date {
  const now = DateTime.now().setZone('Europe/Paris');
  const today = now.set({ hour: 18, minute: 5, second: 0, millisecond: 0 });
  return (today > now.plus({ minutes: 1 }) ? today : today.plus({ days: 1 })).toJSDate();
}

describe('Notifications across two instances with Redis (e2e)', () => {
  let smtp: LocalSmtp;
  let redis: LocalRedis;
  let a: TestApp;
  let b: TestApp;
  let world: ProjectWorld;

  beforeAll(async () => {
    [smtp, redis] = await Promise.all([startSmtp(), startRedis()]);
    // The test drives the clock: no tick of its own may run today's digest meanwhile.
    const env = { REDIS_URL: redis.url, SMTP_URL: smtp.url, NOTIFICATION_TICK_SECONDS: '0' };
    const databaseName = `test_${randomBytes(6).toString('hex')}`;
    a = await createTestApp(env, { databaseName });
    b = await createTestApp(env, { databaseName });
    world = await makeWorld(a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.db.dropDatabase().catch(() => undefined);
    await a?.close();
    await Promise.all([redis?.stop(), smtp?.stop()]);
  });

  it('stores, pushes and mails each notification once, to sockets on both instances', async () => {
    const recipient = world.partner.member;
    const onA = await connect(a.url, recipient.accessToken);
    const onB = await connect(b.url, recipient.accessToken);
    const heardA = record<NotificationPush>(onA, 'notification');
    const heardB = record<NotificationPush>(onB, 'notification');
    await a
      .http()
      .post(`/api/projects/${world.project.id}/tasks`)
      .set('Authorization', world.coordinator.admin.auth)
      .send({ title: 'Monter le barnum', assigneeUserIds: [recipient.id] })
      .expect(201);
    await smtp.waitFor((mail) => mail.to.includes(recipient.email) && mail.subject.includes('Monter le barnum'));
    // Both instances tick their outbox and scheduler meanwhile; give them time to do anything twice.
    await Promise.all([a.app.get(NotificationsScheduler).tick(new Date()), b.app.get(NotificationsScheduler).tick(new Date())]);
    await pause(1000);
    onA.close();
    onB.close();
    expect(heardA.items.filter((push) => push.title.includes('Monter le barnum'))).toHaveLength(1);
    expect(heardB.items.filter((push) => push.title.includes('Monter le barnum'))).toHaveLength(1);
    expect(await a.db.collection('notifications').countDocuments({ kind: 'task.assigned', title: /Monter le barnum/ })).toBe(1);
    expect(smtp.received.filter((mail) => mail.subject.includes('Monter le barnum'))).toHaveLength(1);
    // Nobody else: the actor and the partner's admin were not assigned.
    expect(
      await a.db
        .collection('notifications')
        .countDocuments({ title: /Monter le barnum/, userId: { $ne: a.db.base.Types.ObjectId.createFromHexString(recipient.id) } }),
    ).toBe(0);
  });

  it('sends the daily digest once, whichever instances run it', async () => {
    const reader = world.partner.admin;
    // What came before (the project's invitation) was read and mailed already.
    await a.http().post('/api/notifications/read').set('Authorization', reader.auth).send({ all: true }).expect(200);
    const before = smtp.received.filter((mail) => mail.to.includes(reader.email)).length;
    const mailsOfReader = () => smtp.received.filter((mail) => mail.to.includes(reader.email)).slice(before);
    await a.http().put('/api/me/notification-settings').set('Authorization', reader.auth).send({ email: 'daily', muted: [] }).expect(200);
    await b
      .http()
      .post(`/api/projects/${world.project.id}/tasks`)
      .set('Authorization', world.coordinator.admin.auth)
      .send({ title: 'Appeler la mairie', assigneeUserIds: [reader.id] })
      .expect(201);
    await a
      .http()
      .post(`/api/projects/${world.project.id}/tasks`)
      .set('Authorization', world.coordinator.admin.auth)
      .send({ title: 'Préparer le goûter', assigneeUserIds: [reader.id] })
      .expect(201);
    await pause(500);
    // Daily readers get no mail per notification.
    expect(mailsOfReader()).toEqual([]);

    const evening = parisEvening();
    const early = new Date(evening.getTime() - 2 * 3600_000);
    await Promise.all([a.app.get(NotificationsScheduler).sendDigests(early), b.app.get(NotificationsScheduler).sendDigests(early)]);
    await pause(300);
    expect(mailsOfReader()).toEqual([]);

    await Promise.all([
      a.app.get(NotificationsScheduler).sendDigests(evening),
      b.app.get(NotificationsScheduler).sendDigests(evening),
      a.app.get(NotificationsScheduler).sendDigests(new Date(evening.getTime() + 60_000)),
    ]);
    const digest = await smtp.waitFor((mail) => mail.to.includes(reader.email) && mail.subject.startsWith('Maillage :'));
    expect(digest.subject).toBe('Maillage : 2 notifications aujourd’hui');
    expect(digest.text).toContain('Appeler la mairie');
    expect(digest.text).toContain('Préparer le goûter');
    await pause(1000);
    expect(mailsOfReader()).toHaveLength(1);
  });
});
