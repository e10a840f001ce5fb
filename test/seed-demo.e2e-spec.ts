import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { Connection } from 'mongoose';
import type { ContributionView, ProjectSummary } from '@maillage/contract';
import { createTestApp } from './setup/test-app';

const ROOT = join(__dirname, '..');

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run seed:demo`'s command as a child process, as a user would. */
function runSeed(env: Record<string, string>, args: string[] = []): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/seed-demo.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run seed:demo', () => {
  const databaseName = `seed_demo_${randomBytes(6).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-seed-'));
  const env = { MONGODB_URI: process.env.MONGODB_URI as string, DATABASE_NAME: databaseName, DATA_DIR: dataDir, PORT: '3000', LOG_LEVEL: 'silent' };
  let db: Connection;
  let first: RunResult;

  beforeAll(async () => {
    first = await runSeed(env);
    db = await mongoose.createConnection(process.env.MONGODB_URI as string, { dbName: databaseName }).asPromise();
  });

  afterAll(async () => {
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits 0 and prints the logins, the password and the project address', () => {
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(first.stdout).toContain('camille@regie.demo');
    expect(first.stdout).toContain('demo-maillage-2026');
    expect(first.stdout).toMatch(/http:\/\/localhost:3000\/projects\/[0-9a-f]{24}/);
    expect(first.stdout).toMatch(/Apports {8}: 7 saisis, .* h de bénévolat réalisées, valeur totale \d/);
  });

  it('creates five associations, each with one admin and one member', async () => {
    const associations = await db.collection('associations').find().toArray();
    expect(associations).toHaveLength(5);
    expect(await db.collection('users').countDocuments()).toBe(10);
    for (const association of associations) {
      const roles = (await db.collection('memberships').find({ associationId: association._id }).toArray()).map((row) => row.role).sort();
      expect(roles).toEqual(['admin', 'member']);
    }
  });

  it('creates one active project coordinated by the régie with five active partners', async () => {
    const projects = await db.collection('projects').find().toArray();
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({ title: 'Fête du quartier 2027', status: 'active' });
    const partners = await db.collection('partners').find({ projectId: projects[0]._id }).toArray();
    expect(partners.map((row) => row.status)).toEqual(['active', 'active', 'active', 'active', 'active']);
    const coordinator = await db.collection('associations').findOne({ _id: projects[0].coordinatorAssociationId });
    expect(coordinator?.name).toMatch(/Régie de quartier/);
  });

  it('creates at least twelve tasks across all statuses, with comments', async () => {
    const tasks = await db.collection('tasks').find().toArray();
    expect(tasks.length).toBeGreaterThanOrEqual(12);
    expect(new Set(tasks.map((task) => task.status))).toEqual(new Set(['todo', 'in_progress', 'blocked', 'done']));
    expect(tasks.every((task) => task.assigneeAssociationId && task.dueDate)).toBe(true);
    expect(await db.collection('task_comments').countDocuments()).toBeGreaterThan(0);
  });

  it('creates the fête with three shifts, some with volunteers, and a past workshop whose attendance is confirmed', async () => {
    const events = await db.collection('events').find().sort({ start: 1 }).toArray();
    expect(events.map((event) => event.title)).toEqual(['Atelier de préparation : décors et banderoles', 'Fête du quartier des Tilleuls']);
    const [workshop, fete] = events;
    const shifts = await db.collection('shifts').find({ eventId: fete._id }).toArray();
    expect(shifts).toHaveLength(3);
    expect(shifts.some((shift) => shift.volunteerIds.length > 0)).toBe(true);
    expect(new Date(workshop.end).getTime()).toBeLessThan(Date.now());
    const [workshopShift] = await db.collection('shifts').find({ eventId: workshop._id }).toArray();
    expect(workshopShift.volunteerIds).toHaveLength(4);
    expect(workshopShift.attendance).toHaveLength(3);
  });

  it('creates the hall, tables and a van, with approved and pending bookings', async () => {
    const resources = await db.collection('resources').find().toArray();
    expect(resources.map((resource) => resource.kind).sort()).toEqual(['equipment', 'premise', 'vehicle']);
    expect(resources.find((resource) => resource.kind === 'premise')).toMatchObject({ quantity: 1, requiresApproval: true, sharing: 'partners' });
    const statuses = (await db.collection('bookings').find().toArray()).map((booking) => booking.status);
    expect(statuses).toContain('approved');
    expect(statuses).toContain('pending');
    expect(await db.collection('messages').countDocuments()).toBeGreaterThan(0);
  });

  it('gives the demo report something true in every section: the summary, the items and their origins', async () => {
    const t = await createTestApp({}, { databaseName });
    try {
      const login = await t.http().post('/api/auth/login').send({ email: 'camille@regie.demo', password: 'demo-maillage-2026' }).expect(200);
      const auth = `Bearer ${login.body.accessToken as string}`;
      const project = await t.db.collection('projects').findOne();
      const summary = (
        await t
          .http()
          .get(`/api/projects/${String(project?._id)}/summary`)
          .set('Authorization', auth)
          .expect(200)
      ).body as ProjectSummary;
      // every kind, pledged and delivered
      expect(summary.totals.money.delivered).toBe(350);
      expect(summary.totals.volunteer_hours.delivered).toBeGreaterThan(0);
      expect(summary.totals.volunteer_hours.pledged).toBeGreaterThan(0);
      expect(summary.totals.material.delivered).toBeGreaterThan(0);
      expect(summary.totals.material.pledged).toBeGreaterThan(0);
      expect(summary.totals.premises.delivered).toBeGreaterThan(0);
      expect(summary.totals.service.pledged).toBeGreaterThan(0);
      expect(summary.totals.service.delivered).toBeGreaterThan(0);
      // confirmed attendance (3 volunteers × 4 h) and recorded hours (6 h)
      expect(summary.totals.volunteerHours).toBe(18);
      // the in-kind table, every row: volunteer work, premises and equipment lent, a service, a gift in kind
      const inKind = new Map(summary.inKind.map((row) => [row.account, row.valueEuros]));
      for (const account of ['864', '861', '862', '860'] as const) expect(inKind.get(account)).toBeGreaterThan(0);
      // the balance: every partner brings something, tasks are done, events are coming
      expect(summary.partners).toHaveLength(5);
      for (const partner of summary.partners) expect(partner.shareOfValue).toBeGreaterThan(0);
      expect(summary.partners.reduce((sum, partner) => sum + partner.tasks.done, 0)).toBeGreaterThan(0);
      expect(summary.upcomingEvents.length).toBeGreaterThan(0);

      const list = (
        await t
          .http()
          .get(`/api/projects/${String(project?._id)}/contributions`)
          .set('Authorization', auth)
          .expect(200)
      ).body as {
        items: ContributionView[];
      };
      expect(new Set(list.items.map((item) => item.source))).toEqual(new Set(['manual', 'booking', 'shift']));
      const returned = await t.db.collection('bookings').findOne({ status: 'returned', projectId: project?._id });
      expect(list.items.find((item) => item.id === `booking:${String(returned?._id)}`)).toMatchObject({ associationId: String(returned?.ownerAssociationId) });
      expect(list.items.filter((item) => item.source === 'shift')).toHaveLength(3);
      expect(await t.db.collection('resources').countDocuments({ valuation: { $ne: null } })).toBe(3);

      // The demo report itself, kept with its pages as PNG (test-output/demo-report) for a person to look at.
      const pdf = (
        await t
          .http()
          .get(`/api/projects/${String(project?._id)}/report?format=pdf`)
          .set('Authorization', auth)
          .responseType('blob')
          .expect(200)
      ).body as Buffer;
      const dir = join(ROOT, 'test-output', 'demo-report');
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'bilan.pdf'), pdf);
      const { text } = JSON.parse(execFileSync('node', [join(__dirname, 'setup', 'pdf-text.mjs'), join(dir, 'bilan.pdf')]).toString()) as { text: string };
      expect(text).not.toMatch(/Aucun(e)? (tâche|événement|apport)/);
      expect(text).toMatch(/Période : depuis le début de l’action \(apports datés du/);
      for (const expected of ['Peinture des décors', 'Camionnette de la régie', '864', '861', '862', '860']) expect(text).toContain(expected);
      execFileSync('pdftoppm', ['-png', '-r', '60', join(dir, 'bilan.pdf'), join(dir, 'page')]);
    } finally {
      await t.close();
    }
  });

  it('refuses a second run on a database that has accounts, creating nothing', async () => {
    const second = await runSeed(env);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/--force/);
    expect(await db.collection('users').countDocuments()).toBe(10);
    expect(await db.collection('projects').countDocuments()).toBe(1);
  });
});
