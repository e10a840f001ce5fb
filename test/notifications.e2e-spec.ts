import type { NotificationPush, NotificationView } from '@maillage/contract';
import { Types } from 'mongoose';
import { NotificationsScheduler } from '../src/notifications/notifications.scheduler';
import { futureTime, makeEvent, makeShift } from './factories/events';
import { makeRemovedSide, makeWorld, ProjectWorld, TestSide } from './factories/projects';
import { connect, next } from './factories/realtime';
import { makeResource, slot } from './factories/resources';
import { TestUser } from './factories';
import { LocalSmtp, startSmtp } from './setup/smtp';
import { createTestApp, TestApp } from './setup/test-app';

/** Notifications are made after the request answered: wait for them, briefly. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Notifications (e2e)', () => {
  let smtp: LocalSmtp;
  let t: TestApp;
  let world: ProjectWorld;
  let removed: TestSide;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://maillage.example.org', NOTIFICATION_TICK_SECONDS: '0' });
    world = await makeWorld(t);
    // A partner that took part, then was removed by the coordinator.
    removed = await makeRemovedSide(t, world, 'Partenaire retiré');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  const inbox = async (user: TestUser, query = ''): Promise<{ items: NotificationView[]; unreadCount: number; nextCursor: string | null }> =>
    (await t.http().get(`/api/notifications${query}`).set('Authorization', user.auth).expect(200)).body;
  const ofKind = async (user: TestUser, kind: string) => (await inbox(user)).items.filter((item) => item.kind === kind);
  const waitForKind = (user: TestUser, kind: string, count = 1) =>
    eventually(
      () => ofKind(user, kind),
      (items) => items.length >= count,
    );
  /** Everyone of the world who is not among `reached`: none of them may have a notification of `kind`. */
  const nobodyElseHas = async (kind: string, reached: TestUser[]) => {
    const everyone = [world.coordinator, world.partner, world.invited, removed].flatMap((side) => [side.admin, side.member]).concat(world.outsider);
    // Give a wrongly addressed notification the time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const user of everyone.filter((person) => !reached.includes(person))) {
      expect({ who: user.displayName, items: await ofKind(user, kind) }).toEqual({ who: user.displayName, items: [] });
    }
  };

  describe('GET /api/notifications', () => {
    it('answers 401 without a token and 400 on a bad unread flag', async () => {
      await t.http().get('/api/notifications').expect(401);
      await t.http().get('/api/notifications?unread=maybe').set('Authorization', world.outsider.auth).expect(400);
      await t.http().get('/api/notifications?color=red').set('Authorization', world.outsider.auth).expect(400);
    });
  });

  describe('project.invited', () => {
    it('reaches the admins of the invited association, nobody else', async () => {
      const [item] = await waitForKind(world.invited.admin, 'project.invited');
      expect(item).toMatchObject({ projectId: world.project.id, link: `/projects/${world.project.id}/invitation`, readAt: null });
      expect(item.title).toContain(world.project.title);
      // The removed partner was invited too, before: its admin had that one, and nothing since.
      await nobodyElseHas('project.invited', [world.invited.admin, world.partner.admin, removed.admin]);
    });
  });

  describe('task.assigned', () => {
    it('reaches the assigned people and the members of the assigned association, live, and nobody else', async () => {
      const socket = await connect(t.url, world.partner.member.accessToken);
      const pushed = next<NotificationPush>(socket, 'notification');
      const task = (
        await t
          .http()
          .post(`/api/projects/${world.project.id}/tasks`)
          .set('Authorization', world.coordinator.admin.auth)
          .send({ title: 'Réserver la sono', assigneeAssociationId: world.partner.id, assigneeUserIds: [world.coordinator.member.id] })
          .expect(201)
      ).body;
      const push = await pushed;
      socket.close();
      expect(push).toMatchObject({ kind: 'task.assigned', link: `/projects/${world.project.id}/tasks/${task.id}`, unreadCount: expect.any(Number) });
      expect(push.title).toContain('Réserver la sono');
      for (const user of [world.partner.member, world.partner.admin, world.coordinator.member]) {
        const items = await waitForKind(user, 'task.assigned');
        expect(items).toHaveLength(1);
        expect(items[0].link).toBe(`/projects/${world.project.id}/tasks/${task.id}`);
      }
      await nobodyElseHas('task.assigned', [world.partner.member, world.partner.admin, world.coordinator.member]);

      // Changing the assignees does not notify those already told again; a newcomer hears of it.
      await t
        .http()
        .patch(`/api/tasks/${task.id}`)
        .set('Authorization', world.coordinator.admin.auth)
        .send({ assigneeUserIds: [world.coordinator.member.id, world.partner.admin.id], version: task.version })
        .expect(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await ofKind(world.coordinator.member, 'task.assigned')).toHaveLength(1);
    });

    it('is e-mailed right away, in the recipient language, with one-click unsubscribe headers that work', async () => {
      const english = world.coordinator.member;
      await t.http().patch('/api/me').set('Authorization', english.auth).send({ locale: 'en' }).expect(200);
      await t
        .http()
        .post(`/api/projects/${world.project.id}/tasks`)
        .set('Authorization', world.coordinator.admin.auth)
        .send({ title: 'Print the posters', assigneeUserIds: [english.id] })
        .expect(201);
      const mail = await smtp.waitFor((received) => received.to.includes(english.email) && received.subject.includes('Print the posters'));
      expect(mail.subject).toBe('Task for you: Print the posters');
      expect(mail.text).toContain('https://maillage.example.org/projects/');
      expect(mail.html).toContain('<html lang="en">');
      const unfolded = mail.raw.replace(/\r?\n[ \t]+/g, ' ');
      expect(unfolded).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      const unsubscribe = /^List-Unsubscribe: <(https:\/\/maillage\.example\.org[^>]+)>/m.exec(unfolded)?.[1] ?? '';
      expect(unsubscribe).toContain('/api/notifications/unsubscribe?');
      const path = unsubscribe.replace('https://maillage.example.org', '');
      await t
        .http()
        .post(path.replace(/token=[^&]+/, 'token=forged'))
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(404);
      await t.http().post(path).type('form').send('List-Unsubscribe=One-Click').expect(204);
      const settings = await t.http().get('/api/me/notification-settings').set('Authorization', english.auth).expect(200);
      expect(settings.body).toEqual({ email: 'off', muted: [] });
    });
  });

  describe('charter.updated', () => {
    it('reaches the admins of the partners that must sign again', async () => {
      await t
        .http()
        .put(`/api/projects/${world.project.id}/charter`)
        .set('Authorization', world.coordinator.admin.auth)
        .send({ text: 'Charte v2' })
        .expect(200);
      const [item] = await waitForKind(world.partner.admin, 'charter.updated');
      expect(item.link).toBe(`/projects/${world.project.id}`);
      await nobodyElseHas('charter.updated', [world.partner.admin]);
    });
  });

  describe('booking.requested and booking.decided', () => {
    it('tell the owner admins of a request, then the requester of the answer', async () => {
      const resource = await makeResource(t, world.partner.admin, world.partner.id, { name: 'Barnum 6 m', requiresApproval: true });
      const booking = (
        await t
          .http()
          .post(`/api/resources/${resource.id}/bookings`)
          .set('Authorization', world.coordinator.admin.auth)
          .send({ ...slot(5), requesterAssociationId: world.coordinator.id })
          .expect(201)
      ).body;
      const [request] = await waitForKind(world.partner.admin, 'booking.requested');
      expect(request).toMatchObject({ link: '/bookings/inbox' });
      expect(request.title).toContain('Barnum 6 m');
      await nobodyElseHas('booking.requested', [world.partner.admin]);

      await t.http().post(`/api/bookings/${booking.id}/approve`).set('Authorization', world.partner.admin.auth).send({}).expect(200);
      const [decided] = await waitForKind(world.coordinator.admin, 'booking.decided');
      expect(decided.title).toContain('acceptée');
      await nobodyElseHas('booking.decided', [world.coordinator.admin]);
    });
  });

  describe('decision.opened, decision.closing and decision.closed', () => {
    it('reach the admins of the electorate once each, and nobody else', async () => {
      const closesAt = new Date(Date.now() + 20 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const decision = (
        await t
          .http()
          .post(`/api/projects/${world.project.id}/decisions`)
          .set('Authorization', world.coordinator.admin.auth)
          .send({ title: 'Budget de la buvette', kind: 'yes_no', closesAt })
          .expect(201)
      ).body;
      const [opened] = await waitForKind(world.partner.admin, 'decision.opened');
      expect(opened.link).toBe(`/projects/${world.project.id}/decisions/${decision.id}`);
      await nobodyElseHas('decision.opened', [world.coordinator.admin, world.partner.admin]);

      // 24 h before closing, whichever instance ticks and however often
      const scheduler = t.app.get(NotificationsScheduler);
      await Promise.all([scheduler.remindDecisions(new Date()), scheduler.remindDecisions(new Date())]);
      await scheduler.remindDecisions(new Date());
      const closing = await ofKind(world.partner.admin, 'decision.closing');
      expect(closing).toHaveLength(1);
      expect(closing[0].title).toContain('Budget de la buvette');
      await nobodyElseHas('decision.closing', [world.coordinator.admin, world.partner.admin]);

      await t.http().post(`/api/decisions/${decision.id}/close`).set('Authorization', world.coordinator.admin.auth).send({}).expect(200);
      await waitForKind(world.partner.admin, 'decision.closed');
      await nobodyElseHas('decision.closed', [world.coordinator.admin, world.partner.admin]);
    });
  });

  describe('shift.reminder and loan.overdue (scheduler)', () => {
    it('reminds the volunteers 24 h before, once, and not a removed partner', async () => {
      const event = await makeEvent(t, world.coordinator.admin, world.project.id, { start: futureTime(0, 0), end: futureTime(3, 0) });
      const start = new Date(Date.now() + 20 * 3600_000);
      start.setUTCMinutes(0, 0, 0);
      const shift = await makeShift(t, world.coordinator.admin, event.id, {
        label: 'Buvette',
        start: start.toISOString(),
        end: new Date(start.getTime() + 2 * 3600_000).toISOString(),
      });
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', world.partner.member.auth).send({}).expect(200);
      // A removed partner's member still listed on the shift (as data written before the removal could be).
      await t.db
        .collection('shifts')
        .updateOne(
          { _id: new Types.ObjectId(shift.id) },
          { $set: { volunteerIds: [world.partner.member.id, removed.member.id].map((id) => new Types.ObjectId(id)) } },
        );
      const scheduler = t.app.get(NotificationsScheduler);
      await Promise.all([scheduler.remindShifts(new Date()), scheduler.remindShifts(new Date())]);
      await scheduler.remindShifts(new Date());
      const reminders = await ofKind(world.partner.member, 'shift.reminder');
      expect(reminders).toHaveLength(1);
      expect(reminders[0].title).toContain('Buvette');
      await nobodyElseHas('shift.reminder', [world.partner.member]);
    });

    it('flags a loan still out the day after its due return, to the borrower', async () => {
      const resource = await makeResource(t, world.partner.admin, world.partner.id, { name: 'Camion' });
      const booking = (
        await t
          .http()
          .post(`/api/resources/${resource.id}/bookings`)
          .set('Authorization', world.coordinator.member.auth)
          .send({ ...slot(1), requesterAssociationId: world.coordinator.id })
          .expect(201)
      ).body;
      if (booking.status === 'pending')
        await t.http().post(`/api/bookings/${booking.id}/approve`).set('Authorization', world.partner.admin.auth).send({}).expect(200);
      await t.http().post(`/api/bookings/${booking.id}/checkout`).set('Authorization', world.partner.admin.auth).send({}).expect(200);
      const scheduler = t.app.get(NotificationsScheduler);
      await scheduler.flagOverdueLoans(new Date());
      expect(await ofKind(world.coordinator.member, 'loan.overdue')).toHaveLength(0);
      // Due back two days ago:
      await t.db.collection('bookings').updateOne({ _id: new Types.ObjectId(booking.id) }, { $set: { end: new Date(Date.now() - 2 * 86_400_000) } });
      await scheduler.flagOverdueLoans(new Date());
      await scheduler.flagOverdueLoans(new Date());
      const overdue = await ofKind(world.coordinator.member, 'loan.overdue');
      expect(overdue).toHaveLength(1);
      expect(overdue[0].title).toContain('Camion');
      expect(await ofKind(world.partner.member, 'loan.overdue')).toHaveLength(0);
      expect(await ofKind(world.outsider, 'loan.overdue')).toHaveLength(0);
    });
  });

  describe('POST /api/notifications/read', () => {
    it('marks some, then all, read', async () => {
      const user = world.partner.admin;
      const before = await inbox(user);
      expect(before.unreadCount).toBeGreaterThanOrEqual(2);
      const first = before.items[0];
      const afterOne = await t
        .http()
        .post('/api/notifications/read')
        .set('Authorization', user.auth)
        .send({ ids: [first.id] })
        .expect(200);
      expect(afterOne.body.unreadCount).toBe(before.unreadCount - 1);
      expect((await inbox(user, '?unread=true')).items.map((item) => item.id)).not.toContain(first.id);
      expect((await inbox(user, '?unread=false')).items.map((item) => item.id)).toEqual([first.id]);
      // Someone else's ids change nothing of theirs.
      await t.http().post('/api/notifications/read').set('Authorization', world.outsider.auth).send({ all: true }).expect(200);
      expect((await inbox(user)).unreadCount).toBe(before.unreadCount - 1);
      const all = await t.http().post('/api/notifications/read').set('Authorization', user.auth).send({ all: true }).expect(200);
      expect(all.body.unreadCount).toBe(0);
      expect((await inbox(user, '?unread=true')).items).toEqual([]);
    });

    it('answers 400 on ids that are not ids', async () => {
      await t
        .http()
        .post('/api/notifications/read')
        .set('Authorization', world.outsider.auth)
        .send({ ids: ['nope'] })
        .expect(400);
    });
  });

  describe('GET|PUT /api/me/notification-settings', () => {
    it('defaults to immediate e-mail, and muted kinds are not notified', async () => {
      const user = world.invited.member;
      expect((await t.http().get('/api/me/notification-settings').set('Authorization', user.auth).expect(200)).body).toEqual({ email: 'immediate', muted: [] });
      const put = await t
        .http()
        .put('/api/me/notification-settings')
        .set('Authorization', world.partner.member.auth)
        .send({ email: 'daily', muted: ['task.assigned'] })
        .expect(200);
      expect(put.body).toEqual({ email: 'daily', muted: ['task.assigned'] });
      await t
        .http()
        .post(`/api/projects/${world.project.id}/tasks`)
        .set('Authorization', world.coordinator.admin.auth)
        .send({ title: 'Tâche muette', assigneeUserIds: [world.partner.member.id] })
        .expect(201);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await ofKind(world.partner.member, 'task.assigned')).map((item) => item.title)).not.toContainEqual(expect.stringContaining('Tâche muette'));
    });

    it('answers 400 on an unknown mode or kind', async () => {
      await t.http().put('/api/me/notification-settings').set('Authorization', world.outsider.auth).send({ email: 'hourly', muted: [] }).expect(400);
      await t
        .http()
        .put('/api/me/notification-settings')
        .set('Authorization', world.outsider.auth)
        .send({ email: 'off', muted: ['gossip'] })
        .expect(400);
    });
  });
});
