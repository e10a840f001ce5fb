/**
 * Where a request's time goes: in database round trips (the driver's command monitor) or in the
 * app (the rest of the server's clock around the request). Every bench uses it the same way:
 *
 *   const uri = monitoredUri(uri);               // before createApp: the driver emits command events
 *   const breakdown = new Breakdown(app);        // after createApp, before listen
 *   const { sample } = await breakdown.around(() => fetch(...));   // one request at a time
 *   print(breakdown.line('summary', samples));
 *
 * Requests must run one at a time for their round trips to be theirs (the benches' latency loops
 * do). Database time is the union of the intervals with a command in flight, so parallel commands
 * are not counted twice.
 */
import type { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Connection } from 'mongoose';

/** A command's filter, shortened, for the trace: which document a slow write was looking for. */
function filterOf(command: { updates?: { q?: unknown }[]; filter?: unknown; query?: unknown }): string {
  return JSON.stringify(command.updates?.[0]?.q ?? command.filter ?? command.query ?? '').slice(0, 200);
}

/** Database time and round trips up to a moment; two readings bound a span. */
export interface Reading {
  db: number;
  trips: number;
  byCommand: Map<string, number>;
}

/** The round trips between two readings, by command, per `per` (e.g. per client), most first. */
export function tripsByCommand(from: Reading, to: Reading, per: number): string {
  return [...to.byCommand]
    .map(([name, count]) => [name, (count - (from.byCommand.get(name) ?? 0)) / per] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name} ${count.toFixed(2)}`)
    .join(', ');
}

/** One request: the server's clock, the database's share of it and its round trips. */
export interface RequestSample {
  /** from the server receiving the request to the response finishing */
  server: number;
  /** time with at least one database command in flight meanwhile */
  db: number;
  /** database commands sent meanwhile */
  trips: number;
  /** CPU time of this process meanwhile (user + system): what the request costs whatever the machine's load */
  cpu?: number;
}

/** The URI with the driver's command monitoring on (a connection-string option of the driver). */
export function monitoredUri(uri: string): string {
  return `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`;
}

const quantile = (sorted: number[], q: number) => sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))] ?? NaN;

export class Breakdown {
  private inFlight = new Set<string>();
  private busySince = 0;
  private dbMs = 0;
  private commands = 0;
  /** Round trips so far by command and collection ("find users"), to say which ones a span made. */
  private readonly byCommand = new Map<string, number>();
  private lastServer = NaN;
  private readonly startedAt = new Map<string, { name: string; at: number }>();
  /**
   * With BENCH_TRACE set: each command of the current request (`name filter @start +duration`, in ms
   * from when the request was sent) and the moments marked, to see which round trips cost and what
   * the app does between them.
   */
  private trace: string[] = [];
  private readonly tracing = Boolean(process.env.BENCH_TRACE);
  private traceStart = 0;

  constructor(app: INestApplication) {
    const client = app.get<Connection>(getConnectionToken()).getClient();
    const key = (event: { connectionId?: string | number; requestId: number }) => `${String(event.connectionId)}:${event.requestId}`;
    client.on('commandStarted', (event) => {
      this.commands++;
      const target = event.command[event.commandName] as unknown;
      const name = `${event.commandName} ${typeof target === 'string' ? target : ''}`.trim();
      this.byCommand.set(name, (this.byCommand.get(name) ?? 0) + 1);
      if (!this.inFlight.size) this.busySince = performance.now();
      this.inFlight.add(key(event));
      if (this.tracing) this.startedAt.set(key(event), { name: `${name} ${filterOf(event.command)}`, at: performance.now() });
    });
    const finished = (event: { connectionId?: string | number; requestId: number }) => {
      const started = this.startedAt.get(key(event));
      if (started) {
        this.startedAt.delete(key(event));
        this.trace.push(`${started.name} @${(started.at - this.traceStart).toFixed(1)} +${(performance.now() - started.at).toFixed(1)} ms`);
      }
      if (!this.inFlight.delete(key(event))) return;
      if (!this.inFlight.size) this.dbMs += performance.now() - this.busySince;
    };
    client.on('commandSucceeded', finished);
    client.on('commandFailed', finished);
    // Placed before the app's own listener: the clock starts when the request arrives.
    (app.getHttpServer() as Server).prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
      const started = performance.now();
      this.mark('request');
      response.once('finish', () => {
        this.lastServer = performance.now() - started;
        this.mark('finish');
      });
    });
  }

  /** Puts a moment of the current request in its trace (`label @ms`), e.g. when its activity was appended. */
  mark(label: string): void {
    if (this.tracing) this.trace.push(`${label} @${(performance.now() - this.traceStart).toFixed(1)}`);
  }

  /** Database time and round trips so far (for a span that is not one HTTP request). */
  reading(): Reading {
    const open = this.inFlight.size ? performance.now() - this.busySince : 0;
    return { db: this.dbMs + open, trips: this.commands, byCommand: new Map(this.byCommand) };
  }

  /** Runs one request (nothing else in flight) and answers its result with its sample. */
  async around<T>(request: () => Promise<T>): Promise<{ result: T; sample: RequestSample }> {
    const before = this.reading();
    this.lastServer = NaN;
    this.trace = [];
    this.traceStart = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = await request();
    const cpuUsed = process.cpuUsage(cpuBefore);
    const after = this.reading();
    if (this.tracing) process.stdout.write(`  trace: ${this.trace.join(', ')}\n`);
    return {
      result,
      sample: { server: this.lastServer, db: after.db - before.db, trips: after.trips - before.trips, cpu: (cpuUsed.user + cpuUsed.system) / 1000 },
    };
  }

  /** `name  server median/p95 | db x% (median y ms) app z% | trips/request`, one line. */
  line(name: string, samples: RequestSample[], target?: { p95: number; label?: string }): string {
    const server = samples.map((sample) => sample.server).filter((value) => !Number.isNaN(value));
    const sorted = [...server].sort((a, b) => a - b);
    const total = server.reduce((sum, value) => sum + value, 0);
    const db = samples.reduce((sum, sample) => sum + sample.db, 0);
    const dbShare = total > 0 ? Math.min(1, db / total) : NaN;
    const trips = samples.reduce((sum, sample) => sum + sample.trips, 0) / (samples.length || 1);
    const dbSorted = samples.map((sample) => sample.db).sort((a, b) => a - b);
    const p95 = quantile(sorted, 0.95);
    const cpu = samples.map((sample) => sample.cpu ?? NaN).sort((a, b) => a - b);
    const verdict = target ? `  [target ${target.label ?? 'server p95'} ≤ ${target.p95} ms: ${p95 <= target.p95 ? 'met' : 'MISSED'}]` : '';
    return (
      `${name.padEnd(36)} n=${String(samples.length).padEnd(4)} server median ${quantile(sorted, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms` +
      ` | db ${(dbShare * 100).toFixed(0)}% (median ${quantile(dbSorted, 0.5).toFixed(1)} ms), app ${((1 - dbShare) * 100).toFixed(0)}%` +
      ` | ${trips.toFixed(1)} round trips/request | cpu median ${quantile(cpu, 0.5).toFixed(1)} ms${verdict}`
    );
  }
}

/** Several requests as one operation (a board read page by page): their times and trips added. */
export function combined(samples: RequestSample[]): RequestSample {
  return samples.reduce(
    (sum, sample) => ({
      server: sum.server + sample.server,
      db: sum.db + sample.db,
      trips: sum.trips + sample.trips,
      cpu: (sum.cpu ?? 0) + (sample.cpu ?? NaN),
    }),
    { server: 0, db: 0, trips: 0, cpu: 0 },
  );
}
