/**
 * What idle sockets cost: BENCH_SOCKETS (default 10,000) authenticated socket.io clients of
 * BENCH_USERS members (100), in a separate process, join one project of the app running in this
 * process and stay idle. Prints the server's memory per socket (heap and RSS growth after a full
 * garbage collection) and the time for one activity to reach all of them, then the same for a bare
 * socket.io server whose sockets join one room.
 *
 *   node --expose-gc -r ts-node/register/transpile-only bench/realtime/idle.ts
 *
 * Target (issue 16): ≤ 30 KB per socket. Uses MONGODB_URI when set, otherwise the embedded database.
 */
import 'reflect-metadata';
import { getConnectionToken } from '@nestjs/mongoose';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Connection } from 'mongoose';
import type { Server } from 'socket.io';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app.config';
import { openBenchDatabase } from '../bench-database';
import { api, Clients, ms, print, runBench, seedWorld, sleep, startBareServer, stats } from './world';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 10_000);
const USERS = Number(process.env.BENCH_USERS ?? 100);
const BATCH = 100;
const SETTLE_MS = 3000;
const TARGET_KB = 30;

interface Memory {
  heap: number;
  rss: number;
}

/** After a full collection (twice: finalizers free more on the second pass). */
async function memory(): Promise<Memory> {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('Run with node --expose-gc (npm run bench:sockets does)');
  for (let pass = 0; pass < 2; pass++) {
    collect();
    await sleep(200);
  }
  const { heapUsed, external, rss } = process.memoryUsage();
  return { heap: heapUsed + external, rss };
}

const perSocket = (before: Memory, after: Memory) => ({
  heap: (after.heap - before.heap) / SOCKETS / 1024,
  rss: (after.rss - before.rss) / SOCKETS / 1024,
});

/** When every socket got `seq`: from `startedAt`, the median, p99 and last receipt. */
async function fanOut(clients: Clients, seq: number, startedAt: number) {
  await sleep(2000);
  const times = (await clients.report()).get(seq) ?? [];
  return { ...stats(times.map((time) => time - startedAt)), lost: SOCKETS - times.length };
}

async function main(): Promise<void> {
  const database = await openBenchDatabase(print);
  const config = loadConfig(
    { LOG_LEVEL: 'silent', DATA_DIR: database.dataDir, AUTH_RATE_LIMIT_PER_MINUTE: '100000' },
    { mongodbUri: database.uri, databaseName: `bench_idle_${Date.now()}`, jwtSecret: 'bench-secret-that-is-long-enough-for-hs256-signing' },
  );
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const clients = new Clients(SOCKETS);
  print(`Database: ${database.label}; ${SOCKETS} idle sockets of ${USERS} users in one project`);
  let bareServer: Server | undefined;

  try {
    const { projectId, tokens, task } = await seedWorld(app, base, USERS);
    await sleep(SETTLE_MS);
    const before = await memory();
    const connectStarted = performance.now();
    await clients.connect(base, { tokens, projectId, batch: BATCH });
    print(`Our server: ${SOCKETS} sockets connected and joined in ${ms(performance.now() - connectStarted)}`);
    await sleep(SETTLE_MS);
    const ours = perSocket(before, await memory());

    const { lastSeq } = await api<{ lastSeq: number }>(base, 'GET', `/api/projects/${projectId}/activity?after=0&limit=1`, tokens[0]);
    const writeStarted = performance.timeOrigin + performance.now();
    await api(base, 'PATCH', `/api/tasks/${task.id}`, tokens[0], { title: 'Une activité pour tous', version: task.version });
    const ourFanOut = await fanOut(clients, lastSeq + 1, writeStarted);

    // The bare server, in this same process once ours has let its sockets go.
    await sleep(SETTLE_MS);
    const bare = await startBareServer();
    bareServer = bare.server;
    const bareBefore = await memory();
    await clients.connect(bare.url, { projectId, batch: BATCH });
    await sleep(SETTLE_MS);
    const bareMemory = perSocket(bareBefore, await memory());
    const emitStarted = performance.timeOrigin + performance.now();
    bareServer.to('room').emit('activity', { projectId, seq: 1, type: 'task.updated', actorId: null, at: new Date().toISOString(), data: {} });
    const bareFanOut = await fanOut(clients, 1, emitStarted);

    const kb = (value: number) => `${value.toFixed(1)} KB`;
    print('');
    print(
      `memory per idle socket, ours: heap ${kb(ours.heap)}, RSS ${kb(ours.rss)} (target heap ≤ ${TARGET_KB} KB: ${ours.heap <= TARGET_KB ? 'met' : 'missed'})`,
    );
    print(`memory per idle socket, bare socket.io: heap ${kb(bareMemory.heap)}, RSS ${kb(bareMemory.rss)}`);
    const line = (label: string, fan: typeof ourFanOut) =>
      `${label.padEnd(40)} p50 ${ms(fan.p50).padStart(9)}  p99 ${ms(fan.p99).padStart(9)}  last ${ms(fan.max).padStart(9)}  lost ${fan.lost}`;
    print(line(`one activity to ${SOCKETS} sockets, write → client`, ourFanOut));
    print(line(`one emit to ${SOCKETS} sockets, bare socket.io`, bareFanOut));
  } finally {
    clients.stop();
    bareServer?.close();
    await database.finish(app.get<Connection>(getConnectionToken()), () => app.close());
  }
}

runBench(main);
