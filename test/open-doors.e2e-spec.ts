import { decodeQR } from '@paulmillr/qr/decode.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { OpenDoorsClock } from '../src/open-doors/clock';
import { GuestErasureJob } from '../src/open-doors/guest-erasure.job';
import { EventsWorld, futureTime, makeEvent, makeEventsWorld, makeShift } from './factories/events';
import { useTestApp, useTwoInstances } from './setup/hooks';
import { TestApp } from './setup/test-app';

const DAY_MS = 24 * 3600 * 1000;
const guest = (overrides: Record<string, unknown> = {}) => ({ name: 'Samia Benali', phone: '06 12 34 56 78', consent: true, ...overrides });
/** An instant `ms` from now, to the second, as the API takes it. */
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function publicEvent(t: TestApp, w: EventsWorld, overrides: Record<string, unknown> = {}) {
  const event = await makeEvent(t, w.coordinatorMember, w.project.id, overrides);
  const opened = await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.coordinatorMember.auth).send({ public: true }).expect(200);
  return opened.body as { id: string; publicSlug: string; isPublic: boolean; end: string };
}

/**
 * Sign-ups are limited per client address: behind the proxy these tests say they are (TRUST_PROXY),
 * each call comes from an address of its own, so only the specs about the limit meet it.
 */
let lastAddress = 0;
const nextAddress = () => `198.51.100.${(lastAddress = (lastAddress % 250) + 1)}`;
const signUp = (t: TestApp, shiftId: string, body: Record<string, unknown> = guest()) =>
  t.http().post(`/api/public/shifts/${shiftId}/signup`).set('X-Forwarded-For', nextAddress()).send(body);
const postForm = (t: TestApp, path: string, body: Record<string, unknown>) => t.http().post(path).set('X-Forwarded-For', nextAddress()).type('form').send(body);

describe('Open doors (e2e)', () => {
  let t: TestApp;
  let w: EventsWorld;

  useTestApp({ TRUST_PROXY: '127.0.0.1' }, async (app) => {
    t = app;
    w = await makeEventsWorld(t);
  });

  describe('PATCH /api/events/:eventId {public}', () => {
    it('gives a public slug, closes the page again, and reopens it at the same address', async () => {
      const event = await publicEvent(t, w);
      expect(event.isPublic).toBe(true);
      expect(event.publicSlug).toMatch(/^[\w-]{12}$/);
      await t.http().get(`/api/public/events/${event.publicSlug}`).expect(200);

      const closed = await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.coordinatorMember.auth).send({ public: false }).expect(200);
      expect(closed.body.isPublic).toBe(false);
      await t.http().get(`/api/public/events/${event.publicSlug}`).expect(404);
      await t.http().get(`/e/${event.publicSlug}`).expect(404);

      const reopened = await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.coordinatorMember.auth).send({ public: true }).expect(200);
      expect(reopened.body.publicSlug).toBe(event.publicSlug);
      await t.http().get(`/api/public/events/${event.publicSlug}`).expect(200);
    });

    it('is for the event’s editors: a partner’s member gets 403, an outsider 404', async () => {
      const event = await makeEvent(t, w.coordinatorMember, w.project.id);
      await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.partnerMember.auth).send({ public: true }).expect(403);
      await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.outsider.auth).send({ public: true }).expect(404);
      await t.http().patch(`/api/events/${event.id}`).set('Authorization', w.coordinatorMember.auth).send({ public: 'yes' }).expect(400);
    });
  });

  describe('GET /api/public/events/:slug', () => {
    it('shows the event, its organizers and shifts with free places, never a volunteer’s name or contact', async () => {
      const event = await publicEvent(t, w, { description: 'Grillades et musique', location: 'Place du marché' });
      const shift = await makeShift(t, w.coordinatorMember, event.id, { label: 'Buvette', needed: 3 });
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.partnerMember.auth).expect(200);
      await signUp(t, shift.id, guest({ name: 'Yasmine Secret', email: 'yasmine@example.org', phone: null })).expect(201);

      const response = await t.http().get(`/api/public/events/${event.publicSlug}`).expect(200);
      expect(response.body).toMatchObject({
        slug: event.publicSlug,
        title: 'Fête de quartier',
        description: 'Grillades et musique',
        location: 'Place du marché',
        place: null,
        shifts: [{ id: shift.id, label: 'Buvette', needed: 3, remaining: 1, open: true }],
      });
      expect(response.body.associations.map((association: { name: string }) => association.name)).toEqual([w.coordinator.name, w.partner.name]);
      expect(response.body.url).toBe(`${t.config.publicUrl}/e/${event.publicSlug}`);
      const text = JSON.stringify(response.body);
      for (const secret of ['Yasmine', 'yasmine@example.org', w.partnerMember.displayName, w.partnerMember.email, w.partnerMember.id])
        expect(text).not.toContain(secret);
    });

    it('shows the premise’s name once its booking is granted, and its address only when the owner allows it', async () => {
      const resource = await t
        .http()
        .post(`/api/associations/${w.coordinator.id}/resources`)
        .set('Authorization', w.coordinatorAdmin.auth)
        .send({ kind: 'premise', name: 'Salle des Lilas', address: '3 rue des Lilas, Marseille', sharing: 'partners', requiresApproval: false })
        .expect(201);
      expect(resource.body.addressIsPublic).toBe(false);
      const event = await publicEvent(t, w, {
        resourceId: resource.body.id,
        requesterAssociationId: w.coordinator.id,
        start: futureTime(12, 12),
        end: futureTime(12, 18),
      });
      const hidden = await t.http().get(`/api/public/events/${event.publicSlug}`).expect(200);
      expect(hidden.body.place).toEqual({ name: 'Salle des Lilas', address: null });

      await t.http().patch(`/api/resources/${resource.body.id}`).set('Authorization', w.coordinatorAdmin.auth).send({ addressIsPublic: true }).expect(200);
      const shown = await t.http().get(`/api/public/events/${event.publicSlug}`).expect(200);
      expect(shown.body.place).toEqual({ name: 'Salle des Lilas', address: '3 rue des Lilas, Marseille' });
    });

    it('answers 404 for an unknown slug, a closed page and a deleted event', async () => {
      await t.http().get('/api/public/events/nope-nope-nope').expect(404);
      await t.http().get('/api/public/events/a%24b').expect(404);
      const event = await publicEvent(t, w);
      await t.http().delete(`/api/events/${event.id}`).set('Authorization', w.coordinatorMember.auth).expect(204);
      await t.http().get(`/api/public/events/${event.publicSlug}`).expect(404);
    });
  });

  describe('GET /e/:slug (the web page)', () => {
    it('is plain HTML in French with Open Graph tags and a form per open shift, without script', async () => {
      const event = await publicEvent(t, w, { start: '2027-05-01T10:00:00Z', end: '2027-05-01T16:00:00Z' });
      const shift = await makeShift(t, w.coordinatorMember, event.id, { start: '2027-05-01T10:00:00Z', end: '2027-05-01T12:30:00Z', needed: 2 });
      const response = await t.http().get(`/e/${event.publicSlug}`).set('Accept', 'text/html').expect(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      const html = response.text;
      expect(html).toContain('<html lang="fr">');
      expect(html).toContain('Samedi 1er mai 2027, de 12 h à 18 h');
      expect(html).toContain('Samedi 1er mai 2027, de 12 h à 14 h 30');
      expect(html).toContain(`<meta property="og:title" content="Fête de quartier">`);
      expect(html).toContain(`<meta property="og:url" content="${t.config.publicUrl}/e/${event.publicSlug}">`);
      expect(html).toContain(`action="/e/${event.publicSlug}/creneaux/${shift.id}"`);
      expect(html).toContain('effacés 30 jours après l’événement');
      expect(html).not.toContain('<script');
    });

    it('answers an unknown page with a 404 page', async () => {
      const response = await t.http().get('/e/inconnue').set('Accept', 'text/html').expect(404);
      expect(response.text).toContain('Page introuvable');
    });
  });

  describe('POST /api/public/shifts/:shiftId/signup', () => {
    it('takes a place and gives a personal link; members see the guest in the shift', async () => {
      const event = await publicEvent(t, w);
      const shift = await makeShift(t, w.coordinatorMember, event.id, { needed: 2 });
      const created = await signUp(t, shift.id, guest({ email: 'samia@example.org' })).expect(201);
      expect(created.body.manageToken).toMatch(/^[0-9a-f]{24}[\w-]{32}$/);
      expect(created.body.manageUrl).toBe(`${t.config.publicUrl}/e/inscription/${created.body.manageToken}`);

      const shifts = await t.http().get(`/api/events/${event.id}/shifts`).set('Authorization', w.partnerMember.auth).expect(200);
      expect(shifts.body.items[0]).toMatchObject({
        remaining: 1,
        guests: [{ name: 'Samia Benali', email: 'samia@example.org', phone: '06 12 34 56 78', erasedAt: null }],
      });
      // The activity log is kept for good: it never holds a guest's name or contact.
      const activity = await t.db.collection('activities').findOne({ type: 'shift.guest_signed_up', 'data.shift.id': shift.id });
      expect(activity?.actorId).toBeNull();
      expect(JSON.stringify(activity)).not.toContain('Samia');
      const stored = await t.db.collection('shifts').findOne({ _id: new Types.ObjectId(shift.id) });
      expect(JSON.stringify(stored)).not.toContain(created.body.manageToken.slice(24));
    });

    it('answers 400 naming the field: no contact, no consent, a bad e-mail or phone, unknown fields', async () => {
      const event = await publicEvent(t, w);
      const shift = await makeShift(t, w.coordinatorMember, event.id);
      const fieldsOf = async (body: Record<string, unknown>) =>
        (await signUp(t, shift.id, body).expect(400)).body.errors.map((error: { field: string }) => error.field);
      expect(await fieldsOf({ name: 'Samia', consent: true })).toEqual(['email']);
      expect(await fieldsOf(guest({ consent: false }))).toEqual(['consent']);
      expect(await fieldsOf(guest({ email: 'pas un e-mail' }))).toEqual(['email']);
      expect(await fieldsOf(guest({ phone: 'appelez-moi' }))).toEqual(['phone']);
      expect(await fieldsOf(guest({ name: '  ' }))).toEqual(['name']);
      expect(await fieldsOf(guest({ role: 'admin' }))).toEqual(['role']);
      const after = await t.http().get(`/api/events/${event.id}/shifts`).set('Authorization', w.coordinatorMember.auth).expect(200);
      expect(after.body.items[0]).toMatchObject({ remaining: 3, guests: [] });
    });

    it('tells a robot that filled the honeypot it succeeded, and keeps nothing', async () => {
      const event = await publicEvent(t, w);
      const shift = await makeShift(t, w.coordinatorMember, event.id);
      const created = await signUp(t, shift.id, guest({ website: 'http://spam.example' })).expect(201);
      await t.http().get(`/api/public/signups/${created.body.manageToken}`).expect(404);
      const stored = await t.db.collection('shifts').findOne({ _id: new Types.ObjectId(shift.id) });
      expect(stored).toMatchObject({ remaining: 3, guests: [] });
    });

    it('refuses a second place for the same contact, and a full shift with the shifts that still have places', async () => {
      const event = await publicEvent(t, w);
      const shift = await makeShift(t, w.coordinatorMember, event.id, { label: 'Montage', needed: 2 });
      const other = await makeShift(t, w.coordinatorMember, event.id, { label: 'Rangement', start: futureTime(10, 16), end: futureTime(10, 18), needed: 2 });
      await signUp(t, shift.id).expect(201);
      const twice = await signUp(t, shift.id, guest({ name: 'Samia B.', phone: '0612345678' })).expect(409);
      expect(twice.body.code).toBe('already_signed_up');
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.coordinatorAdmin.auth).expect(200);
      const full = await signUp(t, shift.id, guest({ phone: '07 00 00 00 01' })).expect(409);
      expect(full.body).toMatchObject({
        code: 'shift_full',
        shift: { id: shift.id, remaining: 0, open: false },
        otherShifts: [{ id: other.id, label: 'Rangement' }],
      });
      // A member cannot take a place a guest holds either.
      await t.http().post(`/api/shifts/${shift.id}/signup`).set('Authorization', w.partnerMember.auth).expect(409);
    });

    it('answers 404 for a shift of an event that is not public, or does not exist', async () => {
      const event = await makeEvent(t, w.coordinatorMember, w.project.id);
      const shift = await makeShift(t, w.coordinatorMember, event.id);
      await signUp(t, shift.id).expect(404);
      await signUp(t, new Types.ObjectId().toHexString()).expect(404);
      await signUp(t, 'not-an-id').expect(404);
    });
  });

  describe('GET|DELETE /api/public/signups/:manageToken', () => {
    it('shows the sign-up with its .ics, cancels it (the place is free again) and then knows it no more', async () => {
      const event = await publicEvent(t, w);
      const shift = await makeShift(t, w.coordinatorMember, event.id, { label: 'Accueil', needed: 1 });
      const { manageToken } = (await signUp(t, shift.id).expect(201)).body;
      const seen = await t.http().get(`/api/public/signups/${manageToken}`).expect(200);
      expect(seen.body).toMatchObject({
        name: 'Samia Benali',
        phone: '06 12 34 56 78',
        shift: { id: shift.id, remaining: 0 },
        event: { slug: event.publicSlug },
      });
      const ics = await t.http().get(`/api/public/signups/${manageToken}/shift.ics`).expect(200);
      expect(ics.headers['content-type']).toMatch(/text\/calendar/);
      expect(ics.text).toContain('BEGIN:VEVENT');
      expect(ics.text).toContain('SUMMARY:Bénévolat : Accueil — Fête de quartier');
      expect(ics.text).toContain('TZID=Europe/Paris');

      await t
        .http()
        .get(`/api/public/signups/${manageToken.slice(0, 24)}${'A'.repeat(32)}`)
        .expect(404);
      await t.http().delete(`/api/public/signups/${manageToken}`).expect(204);
      await t.http().get(`/api/public/signups/${manageToken}`).expect(404);
      await t.http().delete(`/api/public/signups/${manageToken}`).expect(404);
      const after = await t.http().get(`/api/events/${event.id}/shifts`).set('Authorization', w.coordinatorMember.auth).expect(200);
      expect(after.body.items[0]).toMatchObject({ remaining: 1, guests: [] });
      expect(await t.db.collection('activities').countDocuments({ type: 'shift.guest_cancelled', 'data.shift.id': shift.id })).toBe(1);
    });
  });

  describe('the sign-up form without JavaScript', () => {
    it('posts, lands on the personal page, and cancels from it', async () => {
      const event = await publicEvent(t, w);
      const shift = await makeShift(t, w.coordinatorMember, event.id, { label: 'Buvette', needed: 2 });
      const posted = await postForm(t, `/e/${event.publicSlug}/creneaux/${shift.id}`, {
        name: 'Karim',
        phone: '',
        email: 'karim@example.org',
        consent: 'true',
        website: '',
      }).expect(303);
      const location = posted.headers.location as string;
      expect(location).toMatch(/^\/e\/inscription\/[0-9a-f]{24}[\w-]{32}\?merci=1$/);
      const page = await t.http().get(location).expect(200);
      expect(page.text).toContain('Merci, vous êtes inscrit·e !');
      expect(page.text).toContain(`${t.config.publicUrl}${location.replace('?merci=1', '')}`);
      expect(page.text).toContain('/shift.ics');

      const cancelled = await t
        .http()
        .post(`${location.replace('?merci=1', '')}/annuler`)
        .type('form')
        .send({})
        .expect(200);
      expect(cancelled.text).toContain('Inscription annulée');
      const after = await t.http().get(`/api/public/events/${event.publicSlug}`).expect(200);
      expect(after.body.shifts[0].remaining).toBe(2);
    });

    it('shows the form again with French field errors, and says when the shift is full', async () => {
      const event = await publicEvent(t, w);
      const shift = await makeShift(t, w.coordinatorMember, event.id, { needed: 1 });
      const bad = await postForm(t, `/e/${event.publicSlug}/creneaux/${shift.id}`, { name: 'Karim', phone: '' }).expect(400);
      expect(bad.text).toContain('Indiquez un e-mail valide, ou un téléphone.');
      expect(bad.text).toContain('Cochez la case');
      expect(bad.text).toContain('value="Karim"');
      await signUp(t, shift.id).expect(201);
      const full = await postForm(t, `/e/${event.publicSlug}/creneaux/${shift.id}`, { name: 'Karim', phone: '0611111111', consent: 'true' }).expect(409);
      expect(full.text).toContain('Ce créneau vient d’être complet');
      // A shift of another event is not reachable through this page.
      const otherEvent = await publicEvent(t, w);
      await postForm(t, `/e/${otherEvent.publicSlug}/creneaux/${shift.id}`, { name: 'K', phone: '0611111112', consent: 'true' }).expect(404);
    });
  });

  describe('DELETE /api/shifts/:shiftId/guests/:guestId', () => {
    it('lets an organizer remove a guest; a partner’s member gets 403, an outsider 404', async () => {
      const event = await publicEvent(t, w);
      const shift = await makeShift(t, w.coordinatorMember, event.id, { needed: 1 });
      const { manageToken } = (await signUp(t, shift.id).expect(201)).body;
      const listed = await t.http().get(`/api/events/${event.id}/shifts`).set('Authorization', w.coordinatorMember.auth).expect(200);
      const guestId = listed.body.items[0].guests[0].id;
      await t.http().delete(`/api/shifts/${shift.id}/guests/${guestId}`).set('Authorization', w.outsider.auth).expect(404);
      await t.http().delete(`/api/shifts/${shift.id}/guests/${guestId}`).set('Authorization', w.partnerMember.auth).expect(403);
      await t.http().delete(`/api/shifts/${shift.id}/guests/${guestId}`).set('Authorization', w.coordinatorMember.auth).expect(204);
      await t.http().delete(`/api/shifts/${shift.id}/guests/${guestId}`).set('Authorization', w.coordinatorMember.auth).expect(404);
      await t.http().get(`/api/public/signups/${manageToken}`).expect(404);
      const activity = await t.db.collection('activities').findOne({ type: 'shift.guest_removed', 'data.guestId': guestId });
      expect(activity?.actorId?.toString()).toBe(w.coordinatorMember.id);
      expect(activity?.data.shift.remaining).toBe(1);
    });
  });

  describe('a guest’s confirmed attendance', () => {
    it('counts as volunteer hours of the coordinator in the contributions', async () => {
      const event = await publicEvent(t, w, { start: inMs(-3600_000), end: inMs(5 * 3600_000) });
      const shift = await makeShift(t, w.coordinatorMember, event.id, { start: inMs(2500), end: inMs(2500 + 2 * 3600_000), needed: 2 });
      await signUp(t, shift.id).expect(201);
      const listed = await t.http().get(`/api/events/${event.id}/shifts`).set('Authorization', w.coordinatorAdmin.auth).expect(200);
      const guestId = listed.body.items[0].guests[0].id;
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await signUp(t, shift.id, guest({ phone: '0700000000' })).expect(409);
      const confirmed = await t
        .http()
        .post(`/api/shifts/${shift.id}/attendance`)
        .set('Authorization', w.coordinatorAdmin.auth)
        .send({ volunteerId: guestId, present: true })
        .expect(200);
      expect(confirmed.body.attendance).toEqual([expect.objectContaining({ userId: null, guestId, associationId: w.coordinator.id })]);
      const items = (await t.http().get(`/api/projects/${w.project.id}/contributions`).set('Authorization', w.partnerMember.auth).expect(200)).body.items;
      const hours = items.filter((item: { source: string; origin?: { shiftId: string } }) => item.source === 'shift' && item.origin?.shiftId === shift.id);
      expect(hours).toEqual([expect.objectContaining({ associationId: w.coordinator.id, kind: 'volunteer_hours', quantity: 2 })]);

      await t
        .http()
        .post(`/api/shifts/${shift.id}/attendance`)
        .set('Authorization', w.coordinatorAdmin.auth)
        .send({ volunteerId: guestId, present: false })
        .expect(200);
      const after = (await t.http().get(`/api/projects/${w.project.id}/contributions`).set('Authorization', w.partnerMember.auth).expect(200)).body.items;
      expect(after.filter((item: { origin?: { shiftId: string } }) => item.origin?.shiftId === shift.id)).toEqual([]);
    });
  });

  describe('GET /api/events/:eventId/poster.pdf', () => {
    it('is an A4 PDF with the event, the shifts needing people and a QR code; rendered to PNG', async () => {
      const event = await publicEvent(t, w, {
        title: 'Fête des Lilas',
        start: '2027-06-19T12:00:00Z',
        end: '2027-06-19T20:00:00Z',
        location: 'Square des Lilas',
      });
      await makeShift(t, w.coordinatorMember, event.id, { label: 'Montage des stands', start: '2027-06-19T10:00:00Z', end: '2027-06-19T12:00:00Z', needed: 4 });
      await makeShift(t, w.coordinatorMember, event.id, { label: 'Buvette', start: '2027-06-19T14:00:00Z', end: '2027-06-19T17:00:00Z', needed: 3 });
      const response = await t.http().get(`/api/events/${event.id}/poster.pdf`).set('Authorization', w.partnerMember.auth).responseType('blob').expect(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      const dir = join(__dirname, '..', 'test-output', 'poster');
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'affiche.pdf'), response.body as Buffer);
      const { text, total } = JSON.parse(execFileSync('node', [join(__dirname, 'setup', 'pdf-text.mjs'), join(dir, 'affiche.pdf')]).toString()) as {
        text: string;
        total: number;
      };
      expect(total).toBe(1);
      for (const expected of [
        'Fête des Lilas',
        'Samedi 19 juin 2027, de 14 h à 22 h',
        'Montage des stands',
        'Buvette',
        '4 places',
        `${t.config.publicUrl}/e/${event.publicSlug}`,
      ]) {
        expect(text).toContain(expected);
      }
      expect(execFileSync('pdfinfo', [join(dir, 'affiche.pdf')]).toString()).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
      // Kept as a CI artifact (test-output/poster/affiche-1.png): a person looks at it.
      execFileSync('pdftoppm', ['-png', '-r', '72', join(dir, 'affiche.pdf'), join(dir, 'affiche')]);
      const png = readdirSync(dir).find((file) => file.endsWith('.png'));
      expect(png).toBeDefined();
      expect(statSync(join(dir, png as string)).size).toBeGreaterThan(5000);
      // The QR code, read back from the rendered page as a phone's camera would, is the page's address.
      execFileSync('pdftoppm', ['-r', '100', '-singlefile', join(dir, 'affiche.pdf'), join(dir, 'scan')]);
      const ppm = readFileSync(join(dir, 'scan.ppm'));
      const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'));
      expect(header).not.toBeNull();
      const [width, height] = [Number(header?.[1]), Number(header?.[2])];
      expect(decodeQR({ width, height, data: ppm.subarray(header?.[0].length) })).toBe(`${t.config.publicUrl}/e/${event.publicSlug}`);
    });

    it('needs a public event (409), a member of the project (404) and a token (401)', async () => {
      const event = await makeEvent(t, w.coordinatorMember, w.project.id);
      const closed = await t.http().get(`/api/events/${event.id}/poster.pdf`).set('Authorization', w.coordinatorMember.auth).expect(409);
      expect(closed.body.code).toBe('event_not_public');
      const open = await publicEvent(t, w);
      await t.http().get(`/api/events/${open.id}/poster.pdf`).set('Authorization', w.outsider.auth).expect(404);
      await t.http().get(`/api/events/${open.id}/poster.pdf`).expect(401);
    });
  });
});

describe('Erasure of guests’ data 30 days after the event (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let w: EventsWorld;

  useTwoInstances({}, async (first, second) => {
    a = first;
    b = second;
    w = await makeEventsWorld(a);
  });

  const setClocks = (date: Date) => {
    for (const app of [a, b]) app.app.get(OpenDoorsClock).set(date);
  };

  it('runs once whichever instance is up, keeps places and hours, erases names, contacts and links; catches up after downtime', async () => {
    const event = await publicEvent(a, w);
    const shift = await makeShift(a, w.coordinatorMember, event.id, { needed: 3 });
    const { manageToken } = (await signUp(a, shift.id, guest({ email: 'samia@example.org' })).expect(201)).body;
    await signUp(b, shift.id, guest({ name: 'Karim', phone: '0711111111' })).expect(201);
    const end = new Date(event.end).getTime();

    // 29 days after: not yet.
    setClocks(new Date(end + 29 * DAY_MS));
    const early = await Promise.all([a.app.get(GuestErasureJob).runOnce(), b.app.get(GuestErasureJob).runOnce()]);
    expect(early.filter(Boolean)).toHaveLength(1);
    await a.http().get(`/api/public/signups/${manageToken}`).expect(200);

    // 45 days after (the instances were down on day 30): the first run catches up, once.
    setClocks(new Date(end + 45 * DAY_MS));
    const runs = await Promise.all([a.app.get(GuestErasureJob).runOnce(), b.app.get(GuestErasureJob).runOnce(), a.app.get(GuestErasureJob).runOnce()]);
    expect(runs.filter(Boolean)).toHaveLength(1);
    const stored = await a.db.collection('shifts').findOne({ _id: new Types.ObjectId(shift.id) });
    expect(stored).toMatchObject({ remaining: 1, holdsGuestData: false, guestContactKeys: [] });
    expect(stored?.guests).toHaveLength(2);
    for (const entry of stored?.guests ?? []) {
      expect(entry).toMatchObject({ name: null, email: null, phone: null, secretHash: null, contactKey: null });
      expect(entry.erasedAt).toBeInstanceOf(Date);
    }
    expect(JSON.stringify(await a.db.collection('shifts').find().toArray())).not.toMatch(/Samia|Karim|samia@example|0711111111/);
    await a.http().get(`/api/public/signups/${manageToken}`).expect(404);
    const listed = await a.http().get(`/api/events/${event.id}/shifts`).set('Authorization', w.coordinatorMember.auth).expect(200);
    expect(listed.body.items[0].guests).toEqual([
      expect.objectContaining({ name: null, email: null, phone: null, erasedAt: expect.any(String) }),
      expect.objectContaining({ name: null, email: null, phone: null, erasedAt: expect.any(String) }),
    ]);
    expect(await a.db.collection('open_doors_job_runs').countDocuments()).toBe(2);
  });
});
