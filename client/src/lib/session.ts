// The signed-in session (tokens and user), kept in localStorage so a reload keeps the volunteer signed in.
import { useSyncExternalStore } from 'react';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  locale?: string;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

const STORAGE_KEY = 'maillage.session';
type Listener = () => void;

function readStoredSession(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

class SessionStore {
  private current: Session | null = readStoredSession();
  private listeners = new Set<Listener>();

  get(): Session | null {
    return this.current;
  }

  set(session: Session | null): void {
    this.current = session;
    try {
      if (session) globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(session));
      else globalThis.localStorage?.removeItem(STORAGE_KEY);
    } catch {
      // Private browsing may refuse storage; the session still lives in memory.
    }
    this.listeners.forEach((listener) => listener());
  }

  update(patch: Partial<Session>): void {
    if (this.current) this.set({ ...this.current, ...patch });
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export const sessionStore = new SessionStore();

export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, () => sessionStore.get());
}
