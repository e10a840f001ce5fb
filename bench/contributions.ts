/**
 * Contributions benchmark: the summary and the PDF report of a project with 10 partners, 2,000
 * contributions, 500 bookings and 200 shifts (5 confirmed volunteers each), over HTTP on loopback
 * against the app running in this process.
 *
 *   node -r ts-node/register/transpile-only bench/contributions.ts
 *
 * Uses MONGODB_URI when set, otherwise starts the embedded database in a temporary DATA_DIR.
 * Targets (issue 12): summary p95 ≤ 100 ms, PDF ≤ 2 s.
 */
import 'reflect-metadata';
import { getConnectionToken } from '@nestjs/mongoose';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Connection, Types } from 'mongoose';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app.config';
import { openBenchDatabase } from './bench-database';
import { Breakdown, monitoredUri, RequestSample } from './breakdown';

const PARTNERS = 10;
const CONTRIBUTIONS = Number(process.env.BENCH_CONTRIBUTIONS ?? 2_000);
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 500);
const SHIFTS = Number(process.env.BENCH_SHIFTS ?? 200);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const PDF_ITERATIONS = Number(process.env.BENCH_PDF_ITERATIONS ?? 5);

const print = (line: string) => process.stdout.write(`${line}\n`);
const quantile = (sorted: number[], q: number) => sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))];

async function main(): Promise<void> {
  const database = await openBenchDatabase((line) => print(line));
  const { uri, dataDir } = database;
  print(`Database: ${database.label}; ${PARTNERS} partners, ${CONTRIBUTIONS} contributions, ${BOOKINGS} bookings, ${SHIFTS} shifts`);
  const config = loadConfig(
    { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dataDir, AUTH_RATE_LIMIT_PER_MINUTE: '100000' },
    { mongodbUri: monitoredUri(uri), databaseName: `bench_contributions_${randomBytes(4).toString('hex')}` },
  );
  const app = await createApp(config);
  const breakdown = new Breakdown(app);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const db = app.get<Connection>(getConnectionToken());
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response;
  };

  try {
    const session = (await (
      await call('POST', '/api/auth/register', undefined, {
        email: `bench-${randomBytes(3).toString('hex')}@bench.example`,
        password: 'bench password 123',
        displayName: 'Bench',
      })
    ).json()) as { accessToken: string; user: { id: string } };
    const token = session.accessToken;
    const coordinator = (await (await call('POST', '/api/associations', token, { name: 'Régie de quartier' })).json()) as { id: string };
    const project = (await (await call('POST', '/api/projects', token, { title: 'Fête de quartier', coordinatorAssociationId: coordinator.id })).json()) as {
      id: string;
    };
    const projectId = new Types.ObjectId(project.id);
    const now = new Date();
    const associationIds = [new Types.ObjectId(coordinator.id)];
    for (let index = 1; index < PARTNERS; index++) {
      const _id = new Types.ObjectId();
      associationIds.push(_id);
      await db
        .collection('associations')
        .insertOne({ _id, name: `Association partenaire ${index}`, searchText: `association partenaire ${index}`, createdAt: now, updatedAt: now });
      await db.collection('partners').insertOne({ projectId, associationId: _id, status: 'active', joinedAt: now, version: 1, createdAt: now, updatedAt: now });
    }
    const kinds = ['money', 'volunteer_hours', 'material', 'premises', 'service'];
    const day = (offset: number) => new Date(Date.UTC(2026, 0, 1 + (offset % 300))).toISOString().slice(0, 10);
    await db.collection('contributions').insertMany(
      Array.from({ length: CONTRIBUTIONS }, (_, index) => ({
        projectId,
        associationId: associationIds[index % PARTNERS],
        kind: kinds[index % kinds.length],
        description: `Apport ${index}`,
        quantity: 1 + (index % 9),
        unit: kinds[index % kinds.length] === 'volunteer_hours' ? 'h' : 'unités',
        valueEuros: index % 3 ? 10 + (index % 50) : null,
        gift: index % 7 === 0,
        status: index % 4 ? 'delivered' : 'pledged',
        date: day(index),
        recordedBy: new Types.ObjectId(session.user.id),
        version: 1,
        pendingActivity: null,
        createdAt: now,
        updatedAt: now,
      })),
    );
    const resources = associationIds.map((associationId, index) => ({
      _id: new Types.ObjectId(),
      associationId,
      kind: index % 2 ? 'equipment' : 'premise',
      name: `Ressource ${index}`,
      searchText: `ressource ${index}`,
      quantity: 1,
      sharing: 'network',
      requiresApproval: true,
      stepFreeAccess: false,
      openingHours: [],
      status: 'active',
      valuation: { euros: 10 + index, per: index % 2 ? 'day' : 'hour' },
      version: 1,
      createdAt: now,
      updatedAt: now,
    }));
    await db.collection('resources').insertMany(resources);
    await db.collection('bookings').insertMany(
      Array.from({ length: BOOKINGS }, (_, index) => {
        const start = new Date(Date.UTC(2026, 0, 1 + (index % 300), 9));
        const resource = resources[index % resources.length];
        return {
          resourceId: resource._id,
          ownerAssociationId: resource.associationId,
          requesterAssociationId: associationIds[(index + 1) % PARTNERS],
          projectId,
          start,
          end: new Date(start.getTime() + 4 * 3_600_000),
          quantity: 1,
          status: index % 2 ? 'returned' : 'approved',
          checkedOutAt: start,
          returnedAt: new Date(start.getTime() + 3 * 3_600_000),
          version: 3,
          pendingActivity: null,
          createdAt: now,
          updatedAt: now,
        };
      }),
    );
    const eventIds = Array.from({ length: 20 }, () => new Types.ObjectId());
    await db.collection('events').insertMany(
      eventIds.map((_id, index) => ({
        _id,
        projectId,
        title: `Événement ${index}`,
        description: '',
        start: new Date(Date.UTC(2026, index % 12, 10, 9)),
        end: new Date(Date.UTC(2026, index % 12, 10, 18)),
        location: 'Place du marché',
        isPublic: false,
        organizerAssociationId: associationIds[index % PARTNERS],
        version: 1,
        pendingActivity: null,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await db.collection('shifts').insertMany(
      Array.from({ length: SHIFTS }, (_, index) => {
        const start = new Date(Date.UTC(2026, index % 12, 10, 9 + (index % 8)));
        const volunteers = Array.from({ length: 5 }, () => new Types.ObjectId());
        return {
          eventId: eventIds[index % eventIds.length],
          projectId,
          label: `Créneau ${index}`,
          start,
          end: new Date(start.getTime() + 2 * 3_600_000),
          needed: 6,
          remaining: 1,
          volunteerIds: volunteers,
          attendance: volunteers.map((userId, n) => ({
            id: new Types.ObjectId(),
            userId,
            associationId: associationIds[(index + n) % PARTNERS],
            confirmedBy: null,
            confirmedAt: now,
          })),
          attendedIds: volunteers,
          version: 2,
          pendingActivity: null,
          createdAt: now,
          updatedAt: now,
        };
      }),
    );

    const timeIt = async (path: string, times: number) => {
      const samples: number[] = [];
      const requests: RequestSample[] = [];
      let bytes = 0;
      for (let index = 0; index < times; index++) {
        const started = performance.now();
        const { result, sample } = await breakdown.around(async () => (await call('GET', path, token)).arrayBuffer());
        bytes = result.byteLength;
        samples.push(performance.now() - started);
        requests.push(sample);
      }
      return { sorted: samples.sort((a, b) => a - b), bytes, requests };
    };
    await timeIt(`/api/projects/${project.id}/summary`, 3);
    const summary = await timeIt(`/api/projects/${project.id}/summary`, ITERATIONS);
    const p95 = quantile(summary.sorted, 0.95);
    print(
      `summary  n=${ITERATIONS} median ${quantile(summary.sorted, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms  [target p95 ≤ 100 ms: ${p95 <= 100 ? 'met' : 'MISSED'}]`,
    );
    const pdf = await timeIt(`/api/projects/${project.id}/report?format=pdf`, PDF_ITERATIONS);
    const worst = pdf.sorted[pdf.sorted.length - 1];
    print(
      `pdf      n=${PDF_ITERATIONS} median ${quantile(pdf.sorted, 0.5).toFixed(0)} ms, max ${worst.toFixed(0)} ms, ${(pdf.bytes / 1024).toFixed(0)} KiB  [target ≤ 2000 ms: ${worst <= 2000 ? 'met' : 'MISSED'}]`,
    );
    const csv = await timeIt(`/api/projects/${project.id}/report?format=csv`, 5);
    print(`csv      n=5 median ${quantile(csv.sorted, 0.5).toFixed(0)} ms, ${(csv.bytes / 1024).toFixed(0)} KiB`);
    print('');
    print('Where the time goes (server clock; database = driver round trips):');
    print(breakdown.line('summary', summary.requests, { p95: 100 }));
    print(breakdown.line('report pdf', pdf.requests));
    print(breakdown.line('report csv', csv.requests));
  } finally {
    await database.finish(db, () => app.close());
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
