import { io, Socket } from 'socket.io-client';

export type ClientSocket = Socket;

/** A socket.io client of the app at `url`, websocket only, not yet connected unless `connect`. */
export function client(url: string, token: string | undefined, options: { autoConnect?: boolean } = {}): ClientSocket {
  return io(url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    autoConnect: options.autoConnect ?? true,
  });
}

/** Connects and resolves once the handshake passed; rejects with the connect_error. */
export async function connect(url: string, token: string): Promise<ClientSocket> {
  const socket = client(url, token);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

/** The connect_error message of a refused handshake. */
export async function refusal(url: string, auth: Record<string, unknown>): Promise<string> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    return await new Promise<string>((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected although it should not')));
      socket.once('connect_error', (error) => resolve(error.message));
    });
  } finally {
    socket.close();
  }
}

/** Emits with an acknowledgement; fails the test if none comes within 10 s. */
export function request<T = Record<string, unknown>>(socket: ClientSocket, event: string, ...args: unknown[]): Promise<T> {
  return socket.timeout(10_000).emitWithAck(event, ...args) as Promise<T>;
}

export interface Recorder<T> {
  items: T[];
  /** Resolves once `predicate` holds for the items received so far (waits without a deadline of its own). */
  until(predicate: (items: T[]) => boolean): Promise<T[]>;
}

/** Records every `event` the socket receives, from now on. */
export function record<T = Record<string, unknown>>(socket: ClientSocket, event: string): Recorder<T> {
  const items: T[] = [];
  const waiters: { predicate: (items: T[]) => boolean; resolve: (items: T[]) => void }[] = [];
  socket.on(event, (item: T) => {
    items.push(item);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(items)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(items);
      }
    }
  });
  return {
    items,
    until: (predicate) =>
      new Promise((resolve) => {
        if (predicate(items)) return resolve(items);
        waiters.push({ predicate, resolve });
      }),
  };
}

/** Resolves with the next `event`'s first argument. */
export function next<T = Record<string, unknown>>(socket: ClientSocket, event: string): Promise<T> {
  return new Promise((resolve) => socket.once(event, (payload: T) => resolve(payload)));
}

/** A round trip through the server: everything it sent before has reached the client. */
export async function flush(socket: ClientSocket): Promise<void> {
  await request(socket, 'project:leave', { projectId: '000000000000000000000000' });
}
