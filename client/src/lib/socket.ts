// One socket.io connection per signed-in tab. The token is read at every (re)connection; while
// connected, a refreshed access token is pushed with `auth:refresh` before the old one expires, and a
// socket the server closed for an expired token is refreshed and reconnected.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@maillage/contract';
import { api } from './api-client';
import { sessionStore } from './session';

const REFRESH_AHEAD_MS = 60_000;
/** The server could not check the session (its database is down): try the handshake again later. */
const UNAVAILABLE_RETRY_MS = 3_000;

/** The socket.io client, typed by the contract's event maps. */
export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: AppSocket | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let pushedToken: string | undefined;

/** The `exp` of a JWT, in ms (undefined when unreadable: then the server's session:expired drives it). */
export function tokenExpiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function scheduleRefresh(): void {
  clearTimeout(refreshTimer);
  const token = sessionStore.get()?.accessToken;
  const expiry = token && tokenExpiry(token);
  if (!expiry) return;
  refreshTimer = setTimeout(() => void api.refresh(), Math.max(0, expiry - Date.now() - REFRESH_AHEAD_MS));
}

async function refreshAndReconnect(target: AppSocket): Promise<void> {
  if (!sessionStore.get()) return;
  if ((await api.refresh()) && socket === target && !target.connected) target.connect();
}

export function getSocket(): AppSocket {
  if (socket) return socket;
  const created: AppSocket = io({
    path: '/socket.io',
    transports: ['websocket', 'polling'],
    auth: (callback) => callback({ token: sessionStore.get()?.accessToken ?? '' }),
  });
  let sessionEnded = false;
  created.on('connect', () => {
    pushedToken = sessionStore.get()?.accessToken;
    scheduleRefresh();
  });
  created.on('connect_error', (error) => {
    if (error.message === 'unauthorized') void refreshAndReconnect(created);
    else if (error.message === 'unavailable') {
      setTimeout(() => {
        if (socket === created && !created.connected && sessionStore.get()) created.connect();
      }, UNAVAILABLE_RETRY_MS);
    }
  });
  created.on('session:ended', () => {
    sessionEnded = true;
    // Ended elsewhere (another device changed the password, removed this session): the refresh is
    // refused, which signs this tab out now rather than at its next request.
    if (sessionStore.get()) void api.refresh();
  });
  created.on('disconnect', (reason) => {
    // the server closed it (expired token): socket.io does not retry by itself then
    if (reason === 'io server disconnect' && !sessionEnded) void refreshAndReconnect(created);
  });
  socket = created;
  return created;
}

export function closeSocket(): void {
  clearTimeout(refreshTimer);
  socket?.disconnect();
  socket = null;
  pushedToken = undefined;
}

sessionStore.subscribe(() => {
  const token = sessionStore.get()?.accessToken;
  if (!token) {
    closeSocket();
    return;
  }
  if (socket?.connected && token !== pushedToken) {
    pushedToken = token;
    socket.emit('auth:refresh', { token });
    scheduleRefresh();
  }
});
