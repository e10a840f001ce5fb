import { OpenDoorsClock } from '../src/open-doors/clock';
import { GuestErasureJob } from '../src/open-doors/guest-erasure.job';
import { EventsWorld, makeEvent, makeEventsWorld, makeShift } from './factories/events';
import { LocalSmtp, startSmtp } from './setup/smtp';
import { createTestApp, TestApp } from './setup/test-app';

const DAY_MS = 24 * 3600 * 1000;

describe('Open doors: the guest gets the personal link by e-mail (e2e, real SMTP server)', () => {
  let smtp: LocalSmtp;
  let t: TestApp;
  let w: EventsWorld;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://maillage.example.org', TRUST_PROXY: '127.0.0.1' });
    w = await makeEventsWorld(t);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('mails the link to an e-mail guest only, in French, then forgets the mail with the guest', async () => {
    const event = await makeEvent(t, w.coordinatorMember, w.project.id, { title: 'Fête des Lilas' });
    await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.coordinatorMember.auth).send({ public: true }).expect(200);
    const shift = await makeShift(t, w.coordinatorMember, event.id, { label: 'Buvette', needed: 3 });
    const signUp = (body: Record<string, unknown>, address: string) =>
      t
        .http()
        .post(`/api/public/shifts/${shift.id}/signup`)
        .set('X-Forwarded-For', address)
        .send({ consent: true, ...body })
        .expect(201);

    const byMail = await signUp({ name: 'Samia', email: 'samia@example.org' }, '198.51.100.1');
    await signUp({ name: 'Karim', phone: '0711111111' }, '198.51.100.2');

    const mail = await smtp.waitFor((received) => received.to.includes('samia@example.org'));
    expect(mail.subject).toBe('Votre inscription : Buvette — Fête des Lilas');
    expect(mail.text).toContain(`https://maillage.example.org/e/inscription/${byMail.body.manageToken}`);
    expect(mail.html).toContain(`href="https://maillage.example.org/e/inscription/${byMail.body.manageToken}"`);
    expect(mail.text).toContain('effacés 30 jours après l’événement');
    // a phone-only guest gets no mail, and nobody else got one
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received.filter((received) => received.subject.startsWith('Votre inscription'))).toHaveLength(1);

    // the erasure of the guest's data leaves no copy of the mail in the outbox
    expect(await t.db.collection('mail_outbox').countDocuments({ to: 'samia@example.org' })).toBe(1);
    t.app.get(OpenDoorsClock).set(new Date(new Date(event.end).getTime() + 31 * DAY_MS));
    expect(await t.app.get(GuestErasureJob).runOnce()).toBe(true);
    expect(await t.db.collection('mail_outbox').countDocuments({ to: 'samia@example.org' })).toBe(0);
  });
});
