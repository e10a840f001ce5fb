import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { Connection } from 'mongoose';

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
    expect(first.stdout).toMatch(/Apports : ignorés/);
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

  it('creates an event with three shifts, some with volunteers', async () => {
    const events = await db.collection('events').find().toArray();
    expect(events).toHaveLength(1);
    const shifts = await db.collection('shifts').find({ eventId: events[0]._id }).toArray();
    expect(shifts).toHaveLength(3);
    expect(shifts.some((shift) => shift.volunteerIds.length > 0)).toBe(true);
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

  it('refuses a second run on a database that has accounts, creating nothing', async () => {
    const second = await runSeed(env);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/--force/);
    expect(await db.collection('users').countDocuments()).toBe(10);
    expect(await db.collection('projects').countDocuments()).toBe(1);
  });
});
