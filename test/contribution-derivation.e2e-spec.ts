import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { makeWorld, ProjectWorld } from './factories/projects';
import { makeEvent, makeShift, seedPastShift } from './factories/events';
import { loanOutFor, makeResource, slot } from './factories/resources';
import { makeTask } from './factories/tasks';
import { createTestApp, TestApp } from './setup/test-app';

interface Item {
  id: string;
  associationId: string;
  kind: string;
  source: string;
  quantity: number;
  unit: string;
  valueEuros: number;
  status: string;
  origin: Record<string, string> | null;
}

describe('Derived contributions and shift attendance (e2e)', () => {
  let t: TestApp;
  let w: ProjectWorld;

  beforeAll(async () => {
    t = await createTestApp();
    w = await makeWorld(t);
  });

  afterAll(async () => {
    await t.close();
  });

  const items = async (): Promise<Item[]> =>
    (await t.http().get(`/api/projects/${w.project.id}/contributions`).set('Authorization', w.partner.member.auth).expect(200)).body.items;

  /** A 3-hour shift that started yesterday, with the partner's member signed up. */
  const pastShift = (label: string) => seedPastShift(t, w, w.partner.member, { label, hours: 3 });

  const attend = (shiftId: string, volunteerId: string, present: boolean, user = w.coordinator.admin) =>
    t.http().post(`/api/shifts/${shiftId}/attendance`).set('Authorization', user.auth).send({ volunteerId, present });

  describe('POST /api/shifts/:shiftId/attendance', () => {
    it('confirmed twice concurrently, counts the volunteer’s hours once, for their association, at the project rate', async () => {
      const shiftId = await pastShift('Buvette');
      const answers = await Promise.all([attend(shiftId, w.partner.member.id, true), attend(shiftId, w.partner.member.id, true)]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      const stored = await t.db.collection('shifts').findOne({ _id: new Types.ObjectId(shiftId) });
      expect(stored?.attendance).toHaveLength(1);
      expect(await t.db.collection('activities').countDocuments({ projectId: new Types.ObjectId(w.project.id), type: 'shift.attendance' })).toBe(1);

      const fromShift = (await items()).filter((item) => item.source === 'shift' && item.origin?.shiftId === shiftId);
      expect(fromShift).toEqual([
        expect.objectContaining({ associationId: w.partner.id, kind: 'volunteer_hours', quantity: 3, unit: 'h', valueEuros: 36.06, status: 'delivered' }),
      ]);
    });

    it('withdraws a confirmation with present: false', async () => {
      const shiftId = await pastShift('Rangement');
      await attend(shiftId, w.partner.member.id, true).expect(200);
      const withdrawn = await attend(shiftId, w.partner.member.id, false).expect(200);
      expect(withdrawn.body.attendance).toEqual([]);
      expect((await items()).filter((item) => item.origin?.shiftId === shiftId)).toEqual([]);
    });

    it('is for coordinator admins (403), once the shift started (409), for signed-up volunteers (400); outsiders 404', async () => {
      const shiftId = await pastShift('Accueil');
      await attend(shiftId, w.partner.member.id, true, w.partner.admin).expect(403);
      await attend(shiftId, w.partner.member.id, true, w.outsider).expect(404);
      await attend(shiftId, w.coordinator.member.id, true).expect(400);
      await t.http().post(`/api/shifts/${shiftId}/attendance`).send({ volunteerId: w.partner.member.id, present: true }).expect(401);
      const event = await makeEvent(t, w.coordinator.admin, w.project.id);
      const future = await makeShift(t, w.coordinator.admin, event.id);
      await t.http().post(`/api/shifts/${future.id}/signup`).set('Authorization', w.partner.member.auth).expect(200);
      const early = await attend(future.id, w.partner.member.id, true).expect(409);
      expect(early.body).toMatchObject({ code: 'shift_not_started', current: { id: future.id } });
    });
  });

  describe('bookings of the project', () => {
    it('a loan returned twice concurrently counts once, the owner’s material, over the time it was out', async () => {
      const resource = await makeResource(t, w.partner.admin, w.partner.id, { name: 'Sono portable', valuation: { euros: 30, per: 'hour' } });
      const bookingId = await loanOutFor(t, w, resource.id, 3);
      const returns = await Promise.all(
        [1, 2].map(() => t.http().post(`/api/bookings/${bookingId}/return`).set('Authorization', w.partner.admin.auth).send({ condition: 'good' })),
      );
      expect(returns.map((answer) => answer.status).sort()).toEqual([200, 409]);

      const fromBooking = (await items()).filter((item) => item.origin?.bookingId === bookingId);
      expect(fromBooking).toEqual([
        expect.objectContaining({
          id: `booking:${bookingId}`,
          associationId: w.partner.id,
          kind: 'material',
          source: 'booking',
          quantity: 3,
          unit: 'h',
          valueEuros: 90,
        }),
      ]);
    });

    it('an approved booking that ended counts as premises per day started; a rate change revalues it', async () => {
      const premise = await makeResource(t, w.coordinator.admin, w.coordinator.id, {
        kind: 'premise',
        name: 'Salle des fêtes',
        valuation: { euros: 100, per: 'day' },
      });
      const now = Date.now();
      const bookingId = new Types.ObjectId();
      await t.db.collection('bookings').insertOne({
        _id: bookingId,
        resourceId: new Types.ObjectId(premise.id),
        ownerAssociationId: new Types.ObjectId(w.coordinator.id),
        requesterAssociationId: new Types.ObjectId(w.partner.id),
        projectId: new Types.ObjectId(w.project.id),
        start: new Date(now - 30 * 3600_000),
        end: new Date(now - 4 * 3600_000),
        quantity: 1,
        status: 'approved',
        version: 2,
        pendingActivity: null,
      });
      const find = async () => (await items()).find((item) => item.id === `booking:${bookingId}`);
      expect(await find()).toMatchObject({ associationId: w.coordinator.id, kind: 'premises', quantity: 2, unit: 'j', valueEuros: 200 });
      await t
        .http()
        .patch(`/api/resources/${premise.id}`)
        .set('Authorization', w.coordinator.admin.auth)
        .send({ valuation: { euros: 80, per: 'day' } })
        .expect(200);
      expect(await find()).toMatchObject({ valueEuros: 160 });
    });

    it('a booking still pending, approved for the future, or rejected counts nothing', async () => {
      const resource = await makeResource(t, w.partner.admin, w.partner.id, { valuation: { euros: 5, per: 'hour' } });
      const requested = await t
        .http()
        .post(`/api/resources/${resource.id}/bookings`)
        .set('Authorization', w.coordinator.admin.auth)
        .send({ ...slot(3, 2), requesterAssociationId: w.coordinator.id, projectId: w.project.id })
        .expect(201);
      expect((await items()).filter((item) => item.origin?.bookingId === requested.body.id)).toEqual([]);
    });
  });

  describe('GET /api/projects/:id/summary', () => {
    it('totals per partner and kind, volunteer hours, tasks, shares and the in-kind table by account', async () => {
      const record = (user: typeof w.partner.admin, body: Record<string, unknown>) =>
        t.http().post(`/api/projects/${w.project.id}/contributions`).set('Authorization', user.auth).send(body).expect(201);
      await record(w.partner.admin, {
        associationId: w.partner.id,
        kind: 'money',
        description: 'Participation',
        quantity: 100,
        unit: 'EUR',
        status: 'pledged',
      });
      await record(w.partner.admin, {
        associationId: w.partner.id,
        kind: 'material',
        description: 'Ballons offerts',
        quantity: 8,
        unit: 'ballons',
        valueEuros: 40,
        gift: true,
        status: 'delivered',
      });
      await record(w.coordinator.admin, {
        associationId: w.coordinator.id,
        kind: 'service',
        description: 'Affiches',
        quantity: 1,
        unit: 'forfait',
        valueEuros: 50,
        status: 'delivered',
      });
      await makeTask(t, w.partner.member, w.project.id, { title: 'Réserver les arbitres', assigneeAssociationId: w.partner.id, status: 'done' });
      await makeTask(t, w.partner.member, w.project.id, { title: 'Prévoir les goûters', assigneeAssociationId: w.partner.id });

      const response = await t.http().get(`/api/projects/${w.project.id}/summary`).set('Authorization', w.partner.member.auth).expect(200);
      const summary = response.body;
      const partner = summary.partners.find((row: { associationId: string }) => row.associationId === w.partner.id);
      const coordinator = summary.partners.find((row: { associationId: string }) => row.associationId === w.coordinator.id);
      expect(summary.partners.map((row: { name: string }) => row.name)).toEqual([w.coordinator.name, w.partner.name]);
      expect(partner).toMatchObject({
        name: w.partner.name,
        volunteerHours: 3,
        contributions: {
          volunteer_hours: { pledged: 0, delivered: 36.06, valueEuros: 36.06 },
          material: { pledged: 0, delivered: 130, valueEuros: 130 },
          money: { pledged: 100, delivered: 0, valueEuros: 100 },
          premises: { valueEuros: 0 },
        },
        tasks: { todo: 1, in_progress: 0, blocked: 0, done: 1 },
        shareOfValue: 0.5589,
      });
      expect(coordinator).toMatchObject({
        isCoordinator: true,
        contributions: { premises: { delivered: 160 }, service: { delivered: 50 } },
        shareOfValue: 0.4411,
      });
      expect(summary.totals).toMatchObject({ valueEuros: 476.06, volunteerHours: 3, money: { pledged: 100 }, material: { delivered: 130 } });
      expect(summary.inKind.map((row: { account: string; counterpart: string; valueEuros: number }) => [row.account, row.counterpart, row.valueEuros])).toEqual(
        [
          ['864', '870', 36.06],
          ['861', '871', 250],
          ['862', '871', 50],
          ['860', '875', 40],
        ],
      );
      expect(summary.upcomingEvents.length).toBeGreaterThanOrEqual(1);
      expect(summary.upcomingEvents[0]).toMatchObject({ shifts: 1, volunteersNeeded: 3, volunteersSignedUp: 1 });
    });

    it('filters by period; outsiders get 404 and a bad day 400', async () => {
      const none = await t
        .http()
        .get(`/api/projects/${w.project.id}/summary?from=2001-01-01&to=2001-12-31`)
        .set('Authorization', w.coordinator.admin.auth)
        .expect(200);
      expect(none.body).toMatchObject({ from: '2001-01-01', to: '2001-12-31', totals: { valueEuros: 0, volunteerHours: 0 } });
      await t.http().get(`/api/projects/${w.project.id}/summary`).set('Authorization', w.outsider.auth).expect(404);
      await t.http().get(`/api/projects/${w.project.id}/summary?from=2026-02-30`).set('Authorization', w.coordinator.admin.auth).expect(400);
    });
  });

  describe('GET /api/projects/:id/report', () => {
    it('CSV: UTF-8 with BOM, `;`, decimal comma, one row per contribution', async () => {
      const list = await items();
      const response = await t
        .http()
        .get(`/api/projects/${w.project.id}/report?format=csv`)
        .set('Authorization', w.partner.member.auth)
        .responseType('blob')
        .expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="bilan-.*\.csv"$/);
      const body = response.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = body.toString('utf8').slice(1).trimEnd().split('\r\n');
      const [header, ...rows] = lines.map((line) => line.split(';'));
      expect(header).toEqual(['Date', 'Association', 'Nature', 'Description', 'Quantité', 'Unité', 'Statut', 'Origine', 'Valeur (€)', 'Compte']);
      expect(rows).toHaveLength(list.length);
      const shiftRow = rows.find((row) => row[7] === 'Créneau bénévole');
      expect(shiftRow).toEqual([
        expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        w.partner.name,
        'Bénévolat',
        expect.any(String),
        '3,00',
        'h',
        'Réalisé',
        'Créneau bénévole',
        '36,06',
        '864/870',
      ]);
      const total = rows.reduce((sum, row) => sum + Number(row[8].replace(',', '.')), 0);
      expect(Math.round(total * 100) / 100).toBe(476.06);
    });

    it('PDF: A4 pages whose text names the partners, the hours and the accounts; rendered to PNG', async () => {
      const response = await t
        .http()
        .get(`/api/projects/${w.project.id}/report?format=pdf`)
        .set('Authorization', w.partner.member.auth)
        .responseType('blob')
        .expect(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      const pdf = response.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const dir = join(__dirname, '..', 'test-output', 'report');
      // A fresh folder each run: the PNGs below are this report's pages and nothing else.
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'bilan.pdf'), pdf);
      const { text, total } = JSON.parse(execFileSync('node', [join(__dirname, 'setup', 'pdf-text.mjs'), join(dir, 'bilan.pdf')]).toString()) as {
        text: string;
        total: number;
      };
      for (const expected of [w.partner.name, w.coordinator.name, 'Contributions volontaires en nature', '864', '870', '861', '871', '862', '875', '860']) {
        expect(text).toContain(expected);
      }
      expect(text).toMatch(/Heures de bénévolat réalisées\s+3 h/);
      // No period asked: the whole action, with the days its items really fall on (no made-up bounds).
      expect(text).toMatch(/Période : depuis le début de l’action \(apports datés du \d{1,2}(er)? \p{L}+ 20\d\d( au \d{1,2}(er)? \p{L}+ 20\d\d)?\)/u);
      expect(text).not.toMatch(/2000|2099/);
      expect(text).toContain('Réserver les arbitres');
      // Undated items count on the day they were recorded: the whole action holds them all.
      expect(text).toMatch(/Valeur totale des apports\s+476,06/);
      expect(text).toContain(`Page 1 sur ${total}`);

      // Kept as CI artifacts (test-output/report): a person looks at them.
      execFileSync('pdftoppm', ['-png', '-r', '60', join(dir, 'bilan.pdf'), join(dir, 'page')]);
      expect(readdirSync(dir).filter((file) => file.endsWith('.png'))).toHaveLength(total);
      const size = execFileSync('pdfinfo', [join(dir, 'bilan.pdf')]).toString();
      expect(size).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
    });

    it('is for active partners only (404) and needs a format (400)', async () => {
      await t.http().get(`/api/projects/${w.project.id}/report?format=csv`).set('Authorization', w.outsider.auth).expect(404);
      await t.http().get(`/api/projects/${w.project.id}/report`).set('Authorization', w.partner.member.auth).expect(400);
      await t.http().get(`/api/projects/${w.project.id}/report?format=xls`).set('Authorization', w.partner.member.auth).expect(400);
    });
  });
});
