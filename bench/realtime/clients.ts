/**
 * The bench's clients, in a process of their own (forked by run.ts): N socket.io clients joined to
 * one room, recording when each activity reaches each of them.
 *
 * Messages from the parent: `{kind: 'connect', url, tokens?, projectId?, afterSeq?, count, batch?}` →
 * `{kind: 'ready'}` (client n uses tokens[n % tokens.length]; `batch` sockets are opened at once,
 * all of them for a reconnect storm);
 * `{kind: 'report'}` → `{kind: 'report', received: {[seq]: number[]}}` (receipt times, epoch ms,
 * one per client that got it) and the clients disconnect.
 */
import { performance } from 'node:perf_hooks';
import { io, Socket } from 'socket.io-client';

interface Connect {
  kind: 'connect';
  url: string;
  tokens?: string[];
  projectId?: string;
  afterSeq?: number;
  count: number;
  batch?: number;
}
type Command = Connect | { kind: 'report' };

const now = () => performance.timeOrigin + performance.now();
const DEFAULT_BATCH = 50;

let sockets: Socket[] = [];
let received = new Map<number, number[]>();

async function open(command: Connect): Promise<void> {
  received = new Map();
  sockets = [];
  const size = command.batch ?? DEFAULT_BATCH;
  for (let start = 0; start < command.count; start += size) {
    const batch = Array.from({ length: Math.min(size, command.count - start) }, (_, n) =>
      openOne(command, command.tokens?.[(start + n) % command.tokens.length]),
    );
    sockets.push(...(await Promise.all(batch)));
  }
}

async function openOne({ url, projectId, afterSeq }: Connect, token: string | undefined): Promise<Socket> {
  const socket = io(url, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
  socket.on('activity', (activity: { seq: number }) => {
    const at = now();
    const times = received.get(activity.seq);
    if (times) times.push(at);
    else received.set(activity.seq, [at]);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  if (projectId) {
    const ack = (await socket.timeout(60_000).emitWithAck('project:join', { projectId, ...(afterSeq === undefined ? {} : { afterSeq }) })) as {
      ok: boolean;
      error?: string;
    };
    if (!ack.ok) throw new Error(`join refused: ${ack.error}`);
  }
  return socket;
}

process.on('message', (command: Command) => {
  if (command.kind === 'connect') {
    open(command).then(
      () => process.send!({ kind: 'ready' }),
      (error: Error) => process.send!({ kind: 'failed', error: error.message }),
    );
    return;
  }
  const report = Object.fromEntries(received);
  for (const socket of sockets) socket.close();
  sockets = [];
  process.send!({ kind: 'report', received: report });
});
