/*
 * Fuzzes the API against its own OpenAPI document with schemathesis (every check), bounded: the app
 * runs in-process on an embedded database in a fresh temporary directory (or MONGODB_URI), a freshly
 * registered user's token authenticates the requests, and the run fails on any failure.
 * Options (environment): SCHEMATHESIS_MAX_EXAMPLES (per operation, default 10), SCHEMATHESIS_SEED
 * (default 1: CI replays the same requests), SCHEMATHESIS_WORKERS (default 2), SCHEMATHESIS_ARGS (extra).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app.config';
import { startEmbeddedDatabase } from '../src/database/embedded-server';
import { projectRoot } from '../src/database/project-paths';

/** Left out on purpose: deleting the account would end the run's session mid-way (its own e2e tests cover it). */
const EXCLUDED = ['DELETE /api/me'];

async function main(): Promise<number> {
  const root = projectRoot();
  const st = join(root, '.tools', 'schemathesis-venv', 'bin', 'st');
  if (!existsSync(st)) {
    const install = spawnSync('bash', [join(root, 'scripts', 'install-schemathesis.sh')], { stdio: 'inherit' });
    if (install.status !== 0) return install.status ?? 1;
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-schemathesis-'));
  const database = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase({ dataDir });
  const config = loadConfig(
    // The auth rate limit would turn most generated auth requests into 429s, which prove nothing.
    { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'fatal', AUTH_RATE_LIMIT_PER_MINUTE: '100000' },
    { mongodbUri: database?.uri ?? process.env.MONGODB_URI, databaseName: `schemathesis_${Date.now().toString(36)}` },
  );
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  try {
    // Kept for reading what was tested: test-output/ is ignored by git.
    mkdirSync(join(root, 'test-output'), { recursive: true });
    writeFileSync(join(root, 'test-output', 'openapi.json'), await (await fetch(`${base}/api/docs-json`)).text());

    const registered = await fetch(`${base}/api/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'fuzz@example.org', password: 'fuzzing is fun, 2026', displayName: 'Fuzz' }),
    });
    if (registered.status !== 201) throw new Error(`registering the fuzzing user answered ${registered.status}`);
    const { accessToken, user } = (await registered.json()) as { accessToken: string; user: { id: string } };
    const seeded = { ST_USER_ID: user.id, ...(await seedWorld(base, accessToken)) };

    const args = [
      '--config-file',
      join(root, 'scripts', 'schemathesis.toml'),
      '--no-color',
      'run',
      `${base}/api/docs-json`,
      '--url',
      base,
      '--checks',
      'all',
      '--max-examples',
      process.env.SCHEMATHESIS_MAX_EXAMPLES ?? '10',
      '--seed',
      process.env.SCHEMATHESIS_SEED ?? '1',
      '--workers',
      process.env.SCHEMATHESIS_WORKERS ?? '2',
      '--header',
      `Authorization: Bearer ${accessToken}`,
      '--request-timeout',
      '20',
      '--suppress-health-check',
      'all',
      ...EXCLUDED.flatMap((name) => ['--exclude-name', name]),
      ...(process.env.SCHEMATHESIS_ARGS ? process.env.SCHEMATHESIS_ARGS.split(' ') : []),
    ];
    console.warn(`schemathesis against ${base}/api/docs-json; excluded: ${EXCLUDED.join(', ')}`);
    return await new Promise<number>((resolve) => {
      const child = spawn(st, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...seeded } });
      createInterface({ input: child.stdout }).on('line', (line) => process.stdout.write(`${withoutPytestBanner(line)}\n`));
      child.on('close', (code) => resolve(code ?? 1));
    });
  } finally {
    await app.close();
    await database?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Schemathesis closes on a pytest-style banner that counts no tests ("=== 3 warnings in 57.14s ==="),
 * which CI reads as "pytest ran no test". Its counts are on the line "N generated, N passed" above it.
 */
function withoutPytestBanner(line: string): string {
  const banner = /^=+ (.+ in [\d.]+s) =+$/.exec(line);
  return banner ? `schemathesis finished: ${banner[1]}` : line;
}

/**
 * One of everything, owned by the fuzzing user, so that requests reach the rules behind the access
 * checks instead of stopping at 404: schemathesis.toml puts these ids into the paths.
 */
async function seedWorld(base: string, accessToken: string): Promise<Record<string, string>> {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`seeding: ${method} ${path} answered ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown> & { id: string };
  };
  const inDays = (days: number, hour: number) => {
    const date = new Date();
    date.setUTCDate(date.getUTCDate() + days);
    date.setUTCHours(hour, 0, 0, 0);
    return date.toISOString();
  };
  const association = await call('POST', '/api/associations', { name: 'Régie de quartier', city: 'Marseille' });
  const project = await call('POST', '/api/projects', { title: 'Fête du quartier', coordinatorAssociationId: association.id });
  const task = await call('POST', `/api/projects/${project.id}/tasks`, { title: 'Affiches', checklist: [{ text: 'Imprimer' }] });
  const comment = await call('POST', `/api/tasks/${task.id}/comments`, { body: 'Je m’en occupe' });
  const event = await call('POST', `/api/projects/${project.id}/events`, { title: 'Fête', start: inDays(20, 10), end: inDays(20, 18), isPublic: true });
  const shift = await call('POST', `/api/events/${event.id}/shifts`, { label: 'Accueil', start: inDays(20, 10), end: inDays(20, 12), needed: 3 });
  const signup = (await call('POST', `/api/public/shifts/${shift.id}/signup`, { name: 'Invitée', phone: '0612345678', consent: true })) as unknown as {
    manageToken: string;
  };
  const guests = (await call('GET', `/api/events/${event.id}/shifts`)) as unknown as { items: { guests: { id: string }[] }[] };
  const resource = await call('POST', `/api/associations/${association.id}/resources`, {
    kind: 'premise',
    name: 'Salle',
    sharing: 'network',
    requiresApproval: true,
  });
  const booking = await call('POST', `/api/resources/${resource.id}/bookings`, {
    start: inDays(30, 9),
    end: inDays(30, 11),
    requesterAssociationId: association.id,
    projectId: project.id,
  });
  const series = (await call('POST', `/api/resources/${resource.id}/bookings`, {
    start: inDays(40, 9),
    end: inDays(40, 11),
    requesterAssociationId: association.id,
    recurrence: { frequency: 'weekly', until: inDays(60, 0).slice(0, 10), onConflict: 'skip' },
  })) as unknown as { seriesId: string };
  const contribution = await call('POST', `/api/projects/${project.id}/contributions`, {
    associationId: association.id,
    kind: 'volunteer_hours',
    description: 'Montage',
    quantity: 6,
    unit: 'h',
    status: 'pledged',
  });
  const decision = await call('POST', `/api/projects/${project.id}/decisions`, { title: 'Adopter la charte', kind: 'consent', closesAt: inDays(30, 18) });
  const invitation = await call('POST', `/api/associations/${association.id}/invitations`, { role: 'member' });
  const calendar = (await call('POST', '/api/me/calendar-token')) as unknown as { calendarFeedUrl: string };
  return {
    ST_ASSOCIATION_ID: association.id,
    ST_PROJECT_ID: project.id,
    ST_TASK_ID: task.id,
    ST_COMMENT_ID: comment.id,
    ST_EVENT_ID: event.id,
    ST_SHIFT_ID: shift.id,
    ST_PUBLIC_SLUG: String(event.publicSlug),
    ST_MANAGE_TOKEN: signup.manageToken,
    ST_GUEST_ID: guests.items[0].guests[0].id,
    ST_RESOURCE_ID: resource.id,
    ST_BOOKING_ID: booking.id,
    ST_SERIES_ID: series.seriesId,
    ST_INVITATION_ID: invitation.id,
    ST_CONTRIBUTION_ID: contribution.id,
    ST_DECISION_ID: decision.id,
    ST_INVITATION_TOKEN: String(invitation.token),
    ST_FEED_TOKEN: calendar.calendarFeedUrl
      .split('/')
      .pop()!
      .replace(/\.ics$/, ''),
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
