/**
 * Realtime fan-out and reconnect benchmark.
 *
 *   node -r ts-node/register/transpile-only bench/realtime/run.ts
 *
 * BENCH_CLIENTS (default 1000) socket.io clients of BENCH_USERS members (default 100), in a separate
 * process (clients.ts), join one project room of the app running in this process, 50 at a time. A
 * writer renames a task through REST at a fixed rate (BENCH_RATE per second, BENCH_WRITES writes).
 * Each client's receipt of the activity is timed from the write's start (end to end) and from the
 * activity's append (broadcast only). Then the app restarts and every client reconnects and rejoins
 * at once, up to date (the reconnect storm). A bare socket.io server (whose join is answered at
 * once) gets the same joins, fan-out and storm, for comparison.
 *
 * Targets (issue 16), printed with met/missed: end-to-end p99 ≤ 50 ms with no event lost; broadcast
 * p99 ≤ 1.2× the bare server's; connect-and-join and the reconnect storm ≤ 2× the bare server's
 * time. Uses MONGODB_URI when set, otherwise the embedded database.
 */
import 'reflect-metadata';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { getConnectionToken } from '@nestjs/mongoose';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Connection } from 'mongoose';
import { createApp } from '../../src/app.factory';
import type { ActivityView } from '@maillage/contract';
import { DomainEvent } from '../../src/common/domain-events';
import { loadConfig } from '../../src/config/app.config';
import { openBenchDatabase } from '../bench-database';
import { Breakdown, monitoredUri, Reading, RequestSample, tripsByCommand } from '../breakdown';
import { api, Clients, ms, print, runBench, seedWorld, sleep, startBareServer, Stats, stats } from './world';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const USERS = Number(process.env.BENCH_USERS ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const WRITES = Number(process.env.BENCH_WRITES ?? 100);
const SETTLE_MS = 2000;

const now = () => performance.timeOrigin + performance.now();
const line = (label: string, s: Stats, lost: number) =>
  `${label.padEnd(28)} p50 ${ms(s.p50).padStart(9)}  p99 ${ms(s.p99).padStart(9)}  max ${ms(s.max).padStart(9)}  samples ${s.count}  lost ${lost}`;
const verdict = (met: boolean) => (met ? 'met' : 'missed');

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

/** Wall time and this process's CPU time (user + system) of `work`: the server's share of a span. */
async function clocked(work: () => Promise<void>): Promise<{ ms: number; cpu: number }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await work();
  const cpu = process.cpuUsage(cpuBefore);
  return { ms: performance.now() - started, cpu: (cpu.user + cpu.system) / 1000 };
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
  const database = await openBenchDatabase(print);
  const config = loadConfig(
    { LOG_LEVEL: 'silent', DATA_DIR: database.dataDir, AUTH_RATE_LIMIT_PER_MINUTE: '100000' },
    {
      mongodbUri: monitoredUri(database.uri),
      databaseName: `bench_realtime_${Date.now()}`,
      jwtSecret: 'bench-secret-that-is-long-enough-for-hs256-signing',
    },
  );
  let app = await createApp(config);
  let breakdown = new Breakdown(app);
  await app.listen(0, '127.0.0.1');
  let base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const clients = new Clients(CLIENTS);
  print(`Database: ${database.label}; ${CLIENTS} clients of ${USERS} users, ${WRITES} writes at ${RATE}/s`);

  try {
    const world = await seedWorld(app, base, USERS);
    const { projectId, tokens } = world;
    const writerToken = tokens[0];
    let task = world.task;

    const appendedAt = new Map<number, number>();
    let sample: ActivityView | undefined;
    // Prepended: the clock starts before the gateway's own listener runs.
    app.get(EventEmitter2).prependListener(DomainEvent.ActivityAppended, (view: ActivityView) => {
      if (view.projectId !== projectId) return;
      appendedAt.set(view.seq, now());
      breakdown.mark('append');
      sample ??= view;
    });

    const beforeJoin = breakdown.reading();
    const join = await clocked(() => clients.connect(base, { tokens, projectId }));
    const joinMs = join.ms;
    const afterJoin = breakdown.reading();
    print(`Our server: ${CLIENTS} clients connected and joined in ${ms(joinMs)}`);
    await sleep(SETTLE_MS);

    // Writes are sequential, so the i-th write's activity has the i-th seq after the current last.
    const startedAt = new Map<number, number>();
    const before = (await api<{ lastSeq: number }>(base, 'GET', `/api/projects/${projectId}/activity?after=0&limit=1`, writerToken)).lastSeq;
    const writes: RequestSample[] = [];
    await atFixedRate(async (index) => {
      const started = now();
      const { result, sample } = await breakdown.around(() =>
        api<{ id: string; version: number }>(base, 'PATCH', `/api/tasks/${task.id}`, writerToken, { title: `Tâche ${index + 1}`, version: task.version }),
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
    const lastSeq = before + WRITES;

    // The reconnect storm: the app restarts (nothing remembered), then every client reconnects and
    // rejoins at once, up to date (afterSeq), as socket.io clients do after a deploy.
    await app.close();
    app = await createApp(config);
    breakdown = new Breakdown(app);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    await sleep(SETTLE_MS);
    const beforeStorm = breakdown.reading();
    const storm = await clocked(() => clients.connect(base, { tokens, projectId, afterSeq: lastSeq, batch: CLIENTS }));
    const stormMs = storm.ms;
    const afterStorm = breakdown.reading();
    await clients.report();

    // The same from a bare socket.io server: fan-out with the same payload, then the same storm
    // (connect, then a join answered at once, so both sides make the same round trips).
    const { url: bareUrl, server: bare } = await startBareServer();
    const bareJoin = await clocked(() => clients.connect(bareUrl, { projectId }));
    const bareJoinMs = bareJoin.ms;
    print(`Bare server: ${CLIENTS} clients connected and joined in ${ms(bareJoinMs)}`);
    await sleep(SETTLE_MS);
    const bareStartedAt = new Map<number, number>();
    const payload = sample ?? { projectId, seq: 0, type: 'task.updated', actorId: null, at: new Date().toISOString(), data: { task } };
    await atFixedRate(async (index) => {
      const seq = index + 1;
      bareStartedAt.set(seq, now());
      bare.to('room').emit('activity', { ...payload, seq });
    });
    await sleep(1000);
    const bareReport = await clients.report();
    const bareResult = measure(bareReport, [...bareStartedAt.keys()], (seq) => bareStartedAt.get(seq)!);
    await sleep(SETTLE_MS);
    const bareStorm = await clocked(() => clients.connect(bareUrl, { projectId, batch: CLIENTS }));
    const bareStormMs = bareStorm.ms;
    await clients.report();
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
    const writeToAppend = stats(appendedSeqs.map((seq) => appendedAt.get(seq)! - startedAt.get(seq)!));
    print(line('ours, write → append (REST+DB)', writeToAppend, 0));
    print(line('bare socket.io, emit → client', bareStats, bareResult.lost));
    if (unexpected) print(`(${unexpected} other activities of the project were delivered too)`);
    print('');
    const broadcastRatio = ourBroadcast.p99 / bareStats.p99;
    print(`our broadcast p99 / bare p99 = ${broadcastRatio.toFixed(2)} (target ≤ 1.2: ${verdict(broadcastRatio <= 1.2)})`);
    print(
      `end-to-end p99 ${ms(e2e.p99)} (target ≤ 50 ms: ${verdict(e2e.p99 <= 50)}), events lost ${endToEnd.lost} (target 0: ${verdict(endToEnd.lost === 0)})`,
    );
    // The machine's own share: what reaching 1,000 clients costs here with no app at all.
    print(
      `  of which this machine's bare broadcast takes p99 ${ms(bareStats.p99)}: that leaves the write ${ms(50 - bareStats.p99)}; ` +
        `ours reaches the broadcast in p50 ${ms(writeToAppend.p50)}, p99 ${ms(writeToAppend.p99)}`,
    );
    const joinRatio = joinMs / bareJoinMs;
    print(`connect and join, 50 at a time: ours ${ms(joinMs)}, bare ${ms(bareJoinMs)}: ${joinRatio.toFixed(2)}× (target ≤ 2×: ${verdict(joinRatio <= 2)})`);
    const stormRatio = stormMs / bareStormMs;
    print(
      `reconnect storm after a restart, ${CLIENTS} at once: ours ${ms(stormMs)}, bare ${ms(bareStormMs)}: ${stormRatio.toFixed(2)}× (target ≤ 2×: ${verdict(stormRatio <= 2)})`,
    );
    print('');
    print('Where the time goes (server clock; database = driver round trips):');
    print(breakdown.line('write (PATCH task, REST)', writes));
    const perClient = (label: string, from: Reading, to: Reading, ours: { ms: number; cpu: number }, bareCpu: number) =>
      `${label}: ${CLIENTS} clients, database ${ms(to.db - from.db)} of ${ms(ours.ms)} ` +
      `(${(((to.db - from.db) / ours.ms) * 100).toFixed(0)}%), ${((to.trips - from.trips) / CLIENTS).toFixed(2)} round trips per client` +
      `\n  server CPU: ours ${ms(ours.cpu)}, bare ${ms(bareCpu)}` +
      `\n  per client: ${tripsByCommand(from, to, CLIENTS) || 'none'}`;
    print(perClient('connect and join', beforeJoin, afterJoin, join, bareJoin.cpu));
    print(perClient('reconnect storm', beforeStorm, afterStorm, storm, bareStorm.cpu));
  } finally {
    clients.stop();
    await database.finish(app.get<Connection>(getConnectionToken()), () => app.close());
  }
}

runBench(main);
