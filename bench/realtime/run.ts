/**
 * Realtime fan-out benchmark.
 *
 *   node -r ts-node/register/transpile-only bench/realtime/run.ts
 *
 * BENCH_CLIENTS (default 1000) socket.io clients, in a separate process (clients.ts), join one
 * project room of the app running in this process. A writer renames a task through REST at a fixed
 * rate (BENCH_RATE per second, BENCH_WRITES writes). Each client's receipt of the activity is timed
 * from the write's start (end to end) and from the activity's append (broadcast only). Then a bare
 * socket.io server broadcasts the same payload to as many clients at the same rate, for comparison.
 *
 * Targets on a 2-core machine: end-to-end p99 ≤ 50 ms at 1,000 clients; broadcast-only p99 ≤ 1.5×
 * the bare server's p99; no event lost. Uses MONGODB_URI when set, otherwise the embedded database.
 */
import 'reflect-metadata';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { getConnectionToken } from '@nestjs/mongoose';
import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Connection } from 'mongoose';
import { Server } from 'socket.io';
import { createApp } from '../../src/app.factory';
import type { ActivityView } from '@maillage/contract';
import { DomainEvent } from '../../src/common/domain-events';
import { loadConfig } from '../../src/config/app.config';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../../src/database/embedded-server';
import { Breakdown, monitoredUri, RequestSample } from '../breakdown';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const WRITES = Number(process.env.BENCH_WRITES ?? 100);
const SETTLE_MS = 2000;

const print = (line: string) => process.stdout.write(`${line}\n`);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Stats {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const line = (label: string, s: Stats, lost: number) =>
  `${label.padEnd(28)} p50 ${ms(s.p50).padStart(9)}  p99 ${ms(s.p99).padStart(9)}  max ${ms(s.max).padStart(9)}  samples ${s.count}  lost ${lost}`;

/** The clients process, driven by messages. */
class Clients {
  private readonly child: ChildProcess;

  constructor() {
    this.child = fork(join(__dirname, 'clients.ts'), [], { execArgv: ['-r', 'ts-node/register/transpile-only'] });
  }

  connect(url: string, token?: string, projectId?: string): Promise<void> {
    return this.ask<{ kind: string; error?: string }>({ kind: 'connect', url, token, projectId, count: CLIENTS }).then((answer) => {
      if (answer.kind !== 'ready') throw new Error(`clients failed: ${answer.error}`);
    });
  }

  async report(): Promise<Map<number, number[]>> {
    const answer = await this.ask<{ received: Record<string, number[]> }>({ kind: 'report' });
    return new Map(Object.entries(answer.received).map(([seq, times]) => [Number(seq), times]));
  }

  stop(): void {
    this.child.kill();
  }

  private ask<T>(message: object): Promise<T> {
    return new Promise((resolve) => {
      this.child.once('message', (answer) => resolve(answer as T));
      this.child.send(message);
    });
  }
}

/** Latencies of every receipt of `seqs` from `startOf(seq)`, and how many (client, seq) receipts are missing. */
function measure(received: Map<number, number[]>, seqs: number[], startOf: (seq: number) => number): { samples: number[]; lost: number } {
  const samples: number[] = [];
  let lost = 0;
  for (const seq of seqs) {
    const times = received.get(seq) ?? [];
    lost += CLIENTS - times.length;
    for (const time of times) samples.push(time - startOf(seq));
  }
  return { samples, lost };
}

/** A JSON request; T is the shape of the body the caller reads. */
async function api<T = unknown>(base: string, method: string, path: string, token: string | undefined, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Runs `write(i)` WRITES times at RATE per second (a late write starts right after the previous one). */
async function atFixedRate(write: (index: number) => Promise<void>): Promise<void> {
  const interval = 1000 / RATE;
  const started = performance.now();
  for (let index = 0; index < WRITES; index++) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    await write(index);
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-bench-realtime-'));
  let embedded: EmbeddedDatabase | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    embedded = await startEmbeddedDatabase({ dataDir, progress: (text) => print(text) });
    uri = embedded.uri;
  }
  const config = loadConfig(
    { LOG_LEVEL: 'silent', DATA_DIR: dataDir, AUTH_RATE_LIMIT_PER_MINUTE: '100000' },
    { mongodbUri: monitoredUri(uri), databaseName: `bench_realtime_${Date.now()}`, jwtSecret: 'bench-secret-that-is-long-enough-for-hs256-signing' },
  );
  const app = await createApp(config);
  const breakdown = new Breakdown(app);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const clients = new Clients();
  print(`Database: ${embedded ? `embedded ${embedded.kind}` : 'MONGODB_URI'}; ${CLIENTS} clients, ${WRITES} writes at ${RATE}/s`);

  try {
    // A project with one task, and a member whose token all clients use (presence counts them once).
    const { accessToken: token } = await api<{ accessToken: string }>(base, 'POST', '/api/auth/register', undefined, {
      email: 'bench@example.org',
      password: 'correct horse battery staple',
      displayName: 'Bench',
    });
    const association = await api<{ id: string }>(base, 'POST', '/api/associations', token, { name: 'Association bench' });
    const project = await api<{ id: string }>(base, 'POST', '/api/projects', token, { title: 'Bench', coordinatorAssociationId: association.id });
    let task = await api<{ id: string; version: number }>(base, 'POST', `/api/projects/${project.id}/tasks`, token, { title: 'Tâche 0' });

    const appendedAt = new Map<number, number>();
    let sample: ActivityView | undefined;
    // Prepended: the clock starts before the gateway's own listener runs.
    app.get(EventEmitter2).prependListener(DomainEvent.ActivityAppended, (view: ActivityView) => {
      if (view.projectId !== project.id) return;
      appendedAt.set(view.seq, now());
      sample ??= view;
    });

    let connectStarted = performance.now();
    const beforeJoin = breakdown.reading();
    await clients.connect(base, token, project.id);
    const joinMs = performance.now() - connectStarted;
    const afterJoin = breakdown.reading();
    print(`Our server: ${CLIENTS} clients connected and joined in ${ms(joinMs)}`);
    await sleep(SETTLE_MS);

    // Writes are sequential, so the i-th write's activity has the i-th seq after the current last.
    const startedAt = new Map<number, number>();
    const before = (await api<{ lastSeq: number }>(base, 'GET', `/api/projects/${project.id}/activity?after=0&limit=1`, token)).lastSeq;
    const writes: RequestSample[] = [];
    await atFixedRate(async (index) => {
      const started = now();
      const { result, sample } = await breakdown.around(() =>
        api<{ id: string; version: number }>(base, 'PATCH', `/api/tasks/${task.id}`, token, { title: `Tâche ${index + 1}`, version: task.version }),
      );
      task = result;
      writes.push(sample);
      startedAt.set(before + 1 + index, started);
    });
    await sleep(1000);
    const ours = await clients.report();
    const seqs = [...startedAt.keys()];
    const appendedSeqs = seqs.filter((seq) => appendedAt.has(seq));
    const endToEnd = measure(ours, seqs, (seq) => startedAt.get(seq)!);
    const broadcastOnly = measure(ours, appendedSeqs, (seq) => appendedAt.get(seq)!);
    const unexpected = [...ours.keys()].filter((seq) => seq > before && !startedAt.has(seq)).length;

    // The same fan-out from a bare socket.io server with the same payload.
    const httpServer = createServer();
    const bare = new Server(httpServer, { transports: ['websocket'] });
    bare.on('connection', (socket) => void socket.join('room'));
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    connectStarted = performance.now();
    await clients.connect(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`);
    print(`Bare server: ${CLIENTS} clients connected in ${ms(performance.now() - connectStarted)}`);
    await sleep(SETTLE_MS);
    const bareStartedAt = new Map<number, number>();
    const payload = sample ?? { projectId: project.id, seq: 0, type: 'task.updated', actorId: null, at: new Date().toISOString(), data: { task } };
    await atFixedRate(async (index) => {
      const seq = index + 1;
      bareStartedAt.set(seq, now());
      bare.to('room').emit('activity', { ...payload, seq });
    });
    await sleep(1000);
    const bareReport = await clients.report();
    const bareResult = measure(bareReport, [...bareStartedAt.keys()], (seq) => bareStartedAt.get(seq)!);
    bare.close();

    const e2e = stats(endToEnd.samples);
    const ourBroadcast = stats(broadcastOnly.samples);
    const bareStats = stats(bareResult.samples);
    if (process.env.BENCH_DEBUG) {
      const worst = (received: Map<number, number[]>, starts: Map<number, number>) =>
        [...starts].map(([seq, start]) => Math.round(Math.max(...(received.get(seq) ?? [NaN])) - start)).join(' ');
      print(`worst per write, ours: ${worst(ours, startedAt)}`);
      print(`worst per write, bare: ${worst(bareReport, bareStartedAt)}`);
    }
    print('');
    print(line('ours, write → client', e2e, endToEnd.lost));
    print(line('ours, append → client', ourBroadcast, broadcastOnly.lost));
    print(line('ours, write → append (REST+DB)', stats(appendedSeqs.map((seq) => appendedAt.get(seq)! - startedAt.get(seq)!)), 0));
    print(line('bare socket.io, emit → client', bareStats, bareResult.lost));
    if (unexpected) print(`(${unexpected} other activities of the project were delivered too)`);
    print('');
    print(`our broadcast p99 / bare p99 = ${(ourBroadcast.p99 / bareStats.p99).toFixed(2)} (target ≤ 1.5)`);
    print(`our end-to-end p99 / bare p99 = ${(e2e.p99 / bareStats.p99).toFixed(2)}`);
    print(`end-to-end p99 ${ms(e2e.p99)} (target ≤ 50 ms), events lost ${endToEnd.lost} (target 0)`);
    print('');
    print('Where the time goes (server clock; database = driver round trips):');
    print(breakdown.line('write (PATCH task, REST)', writes));
    print(
      `connect and join: ${CLIENTS} clients, database ${ms(afterJoin.db - beforeJoin.db)} of ${ms(joinMs)} ` +
        `(${(((afterJoin.db - beforeJoin.db) / joinMs) * 100).toFixed(0)}%), ${((afterJoin.trips - beforeJoin.trips) / CLIENTS).toFixed(1)} round trips per client`,
    );
  } finally {
    clients.stop();
    await app
      .get<Connection>(getConnectionToken())
      .dropDatabase()
      .catch(() => undefined);
    await app.close();
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
