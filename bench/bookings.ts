/**
 * Booking benchmark: 500 resources and 100,000 bookings, then the latency of
 *  - the availability search over a one-week window (GET /api/resources?from=&to=), target p95 ≤ 100 ms;
 *  - a booking request (POST /api/resources/:id/bookings, auto-approved through the capacity guard),
 *    target p95 ≤ 50 ms.
 * Runs the real app in-process on the embedded database, like src/main.ts (or on MONGODB_URI):
 *   node -r ts-node/register/transpile-only bench/bookings.ts
 * Prints numbers; asserts nothing.
 */
import 'reflect-metadata';
import { getConnectionToken, getModelToken } from '@nestjs/mongoose';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Connection, Model, Types } from 'mongoose';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app.config';
import { openBenchDatabase } from './bench-database';
import { Booking, BookingStatus } from '../src/resources/bookings/schemas/booking.schema';
import { Resource } from '../src/resources/schemas/resource.schema';
import { Breakdown, monitoredUri, RequestSample } from './breakdown';

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 500);
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(name: string, samples: number[], target: number): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  console.warn(
    `${name.padEnd(48)} n=${samples.length}  median=${median.toFixed(1)} ms  p95=${p95.toFixed(1)} ms  max=${sorted[sorted.length - 1].toFixed(1)} ms  target p95 ≤ ${target} ms: ${p95 <= target ? 'met' : 'MISSED'}`,
  );
}

async function main(): Promise<void> {
  const database = await openBenchDatabase((line) => console.warn(line));
  const { uri, dataDir } = database;
  console.warn(`${database.label} at ${database.uri}`);
  const config = loadConfig(
    { LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent', AUTH_RATE_LIMIT_PER_MINUTE: '100000', DATA_DIR: dataDir },
    { mongodbUri: monitoredUri(uri), databaseName: `bench_${Date.now()}`, jwtSecret: 'bench-secret-that-is-long-enough-for-hs256-signing' },
  );
  const app = await createApp(config);
  const breakdown = new Breakdown(app);
  const requests = new Map<string, RequestSample[]>();
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api`;
  const db = app.get<Connection>(getConnectionToken());
  try {
    // T: the shape of the JSON body this bench reads from that route.
    // `operation` names the breakdown line the request counts in.
    const call = async <T = unknown>(method: string, path: string, token?: string, body?: unknown, operation?: string) => {
      const { result, sample } = await breakdown.around(async () => {
        const response = await fetch(`${base}${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json().catch(() => null)) as T };
      });
      if (operation) requests.set(operation, [...(requests.get(operation) ?? []), sample]);
      return result;
    };
    const register = await call<{ accessToken: string; user: { id: string } }>('POST', '/auth/register', undefined, {
      email: 'bench@example.org',
      password: 'bench password 123',
      displayName: 'Bench',
    });
    if (register.status !== 201) throw new Error(`register: ${register.status} ${JSON.stringify(register.body)}`);
    const token = register.body.accessToken;
    const userId = new Types.ObjectId(String(register.body.user.id));

    // Ten associations; the user is an admin of the first (the requester) and of no owner.
    const now = new Date();
    const associations = Array.from({ length: 10 }, () => new Types.ObjectId());
    await db
      .collection('associations')
      .insertMany(associations.map((_id, i) => ({ _id, name: `Association ${i}`, searchText: `association ${i}`, createdAt: now, updatedAt: now })));
    await db.collection('memberships').insertOne({ associationId: associations[0], userId, role: 'admin', createdAt: now, updatedAt: now });

    let started = performance.now();
    const resourceModel = app.get<Model<Resource>>(getModelToken(Resource.name));
    const bookingModel = app.get<Model<Booking>>(getModelToken(Booking.name));
    const kinds = ['premise', 'equipment', 'vehicle'] as const;
    const resources = await resourceModel.insertMany(
      Array.from({ length: RESOURCES }, (_, i) => {
        const kind = kinds[i % 3];
        const name = `${kind} ${i}`;
        return {
          associationId: associations[1 + (i % 9)],
          kind,
          name,
          searchText: name,
          quantity: kind === 'premise' ? 1 : 1 + (i % 10),
          sharing: 'network',
          requiresApproval: false,
          status: 'active',
          createdAt: now,
          updatedAt: now,
        };
      }),
      { lean: true },
    );
    // Bookings over a year centred on today: mostly approved evenings and loans of a few hours.
    const origin = now.getTime() - 180 * DAY;
    const statuses: BookingStatus[] = ['approved', 'approved', 'approved', 'approved', 'approved', 'approved', 'pending', 'pending', 'cancelled', 'returned'];
    const batch = 10_000;
    for (let offset = 0; offset < BOOKINGS; offset += batch) {
      const rows = Array.from({ length: Math.min(batch, BOOKINGS - offset) }, (_, j) => {
        const i = offset + j;
        const resource = resources[i % RESOURCES];
        const start = new Date(origin + Math.floor(Math.random() * 365 * 24) * HOUR);
        return {
          resourceId: resource._id,
          ownerAssociationId: resource.associationId,
          requesterAssociationId: associations[i % 10],
          start,
          end: new Date(start.getTime() + (1 + (i % 4)) * HOUR),
          quantity: 1,
          status: statuses[i % statuses.length],
          requestedBy: userId,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
      });
      await bookingModel.insertMany(rows, { lean: true });
    }
    console.warn(`seeded ${RESOURCES} resources and ${BOOKINGS} bookings in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const weekWindow = () => {
      const from = new Date(now.getTime() + Math.floor(Math.random() * 150) * DAY);
      from.setUTCHours(0, 0, 0, 0);
      return { from: from.toISOString(), to: new Date(from.getTime() + 7 * DAY).toISOString() };
    };

    for (const limit of [50, 200]) {
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES / 2 + 5; i++) {
        const { from, to } = weekWindow();
        started = performance.now();
        const response = await call<{ items: unknown[] }>(
          'GET',
          `/resources?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=${limit}`,
          token,
          undefined,
          i >= 5 ? `availability search, limit=${limit}` : undefined,
        );
        const elapsed = performance.now() - started;
        if (response.status !== 200 || response.body.items.length !== limit)
          throw new Error(`catalogue: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        if (i >= 5) samples.push(elapsed); // the first few warm the caches
      }
      summary(`availability search, one week, limit=${limit}`, samples, 100);
    }

    const samples: number[] = [];
    let created = 0;
    let conflicts = 0;
    for (let i = 0; i < SAMPLES + 5; i++) {
      const resource = resources[Math.floor(Math.random() * RESOURCES)];
      const start = new Date(now.getTime() + (1 + Math.floor(Math.random() * 150 * 24)) * HOUR);
      const body = { start: start.toISOString(), end: new Date(start.getTime() + 2 * HOUR).toISOString(), requesterAssociationId: String(associations[0]) };
      started = performance.now();
      const response = await call('POST', `/resources/${resource._id}/bookings`, token, body, i >= 5 ? 'booking request' : undefined);
      const elapsed = performance.now() - started;
      if (response.status === 201) created++;
      else if (response.status === 409) conflicts++;
      else throw new Error(`booking: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
      if (i >= 5) samples.push(elapsed);
    }
    summary(`booking request (auto-approved: ${created}, 409: ${conflicts})`, samples, 50);
    console.warn('');
    console.warn('Where the time goes (server clock; database = driver round trips):');
    for (const [operation, samples] of requests) console.warn(breakdown.line(operation, samples, operation === 'booking request' ? { p95: 50 } : { p95: 100 }));
  } finally {
    await database.finish(db, () => app.close());
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
