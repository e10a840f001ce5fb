/**
 * What the realtime benches share: the clients process (clients.ts) driven by messages, the JSON
 * helper, latency statistics, and the project they listen to, seeded through the API.
 */
import type { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Types, type Connection } from 'mongoose';
import { Server } from 'socket.io';

export const print = (line: string) => process.stdout.write(`${line}\n`);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const ms = (value: number) => `${value.toFixed(1)} ms`;

export interface Stats {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

export interface ConnectOptions {
  tokens?: string[];
  projectId?: string;
  afterSeq?: number;
  /** Sockets opened at once (default 50); all of them for a reconnect storm. */
  batch?: number;
}

/** The clients process, driven by messages. */
export class Clients {
  private readonly child: ChildProcess;

  constructor(private readonly count: number) {
    this.child = fork(join(__dirname, 'clients.ts'), [], { execArgv: ['-r', 'ts-node/register/transpile-only', '--max-old-space-size=4096'] });
  }

  async connect(url: string, options: ConnectOptions = {}): Promise<void> {
    const answer = await this.ask<{ kind: string; error?: string }>({ kind: 'connect', url, count: this.count, ...options });
    if (answer.kind !== 'ready') throw new Error(`clients failed: ${answer.error}`);
  }

  /** Every (seq → receipt times) since the last connect; the clients disconnect. */
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

/** A JSON request; T is the shape of the body the caller reads. */
export async function api<T = unknown>(base: string, method: string, path: string, token: string | undefined, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface World {
  projectId: string;
  task: { id: string; version: number };
  /** One access token per user, the first one the writer's. */
  tokens: string[];
}

/**
 * A project with one task, and `users` members of its association: the clients share their tokens
 * (client n is user n mod users), as the members of one festival would. Members after the first are
 * registered through the API and added to the association directly in the database (an invitation
 * each would only slow the seeding down).
 */
export async function seedWorld(app: INestApplication, base: string, users: number): Promise<World> {
  const register = (n: number) =>
    api<{ accessToken: string; user: { id: string } }>(base, 'POST', '/api/auth/register', undefined, {
      email: `bench${n}@example.org`,
      password: 'correct horse battery staple',
      displayName: `Bénévole ${n}`,
    });
  const writer = await register(0);
  const token = writer.accessToken;
  const association = await api<{ id: string }>(base, 'POST', '/api/associations', token, { name: 'Association bench' });
  const project = await api<{ id: string }>(base, 'POST', '/api/projects', token, { title: 'Bench', coordinatorAssociationId: association.id });
  const task = await api<{ id: string; version: number }>(base, 'POST', `/api/projects/${project.id}/tasks`, token, { title: 'Tâche 0' });
  const members = [];
  for (let n = 1; n < users; n += 4) members.push(...(await Promise.all(Array.from({ length: Math.min(4, users - n) }, (_, k) => register(n + k)))));
  if (members.length) {
    const now = new Date();
    await app
      .get<Connection>(getConnectionToken())
      .collection('memberships')
      .insertMany(
        members.map(({ user }) => ({
          associationId: new Types.ObjectId(association.id),
          userId: new Types.ObjectId(user.id),
          role: 'member',
          createdAt: now,
          updatedAt: now,
        })),
      );
  }
  return { projectId: project.id, task, tokens: [token, ...members.map((member) => member.accessToken)] };
}

/**
 * A bare socket.io server for comparison: websocket only, its `project:join` answered at once (the
 * socket joins one room), so its clients make the same round trips as ours.
 */
export async function startBareServer(): Promise<{ url: string; server: Server }> {
  const httpServer = createServer();
  const server = new Server(httpServer, { transports: ['websocket'] });
  server.on('connection', (socket) => {
    socket.on('project:join', (_payload: unknown, ack: (answer: object) => void) => {
      void socket.join('room');
      ack({ ok: true, lastSeq: 0, missed: [] });
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, server };
}

/** Runs a bench's main and exits with its outcome (the clients process and timers would keep it alive). */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
