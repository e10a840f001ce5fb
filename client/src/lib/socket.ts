// One socket.io connection per signed-in tab. The token is read at every (re)connection, so a refreshed
// access token is used after a reconnect; an "unauthorized" refusal triggers one refresh and a retry.
import { io, type Socket } from 'socket.io-client';
import { api } from './api-client';
import { sessionStore } from './session';

let socket: Socket | null = null;

export function getSocket(): Socket {
  if (socket) return socket;
  const created = io({
    path: '/socket.io',
    transports: ['websocket', 'polling'],
    auth: (callback) => callback({ token: sessionStore.get()?.accessToken ?? '' }),
  });
  created.on('connect_error', async (error) => {
    if (error.message !== 'unauthorized' || !sessionStore.get()) return;
    if (await api.refresh()) created.connect();
  });
  socket = created;
  return created;
}

export function closeSocket(): void {
  socket?.disconnect();
  socket = null;
}

sessionStore.subscribe(() => {
  if (!sessionStore.get()) closeSocket();
});
