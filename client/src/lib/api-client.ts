// The single HTTP client: adds the Bearer access token, refreshes once on 401 (one refresh at a time, since
// refresh tokens rotate and a reused one revokes the whole family), and turns errors into ProblemDetails.
import type { Page, ProblemDocument } from '@maillage/contract';
import { sessionStore, type Session } from './session';

export type { FieldError } from '@maillage/contract';

/** The server's problem document; an error that is not one (a proxy's page) keeps only its status. */
export type ProblemDetails = Partial<ProblemDocument> & { status: number };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails,
  ) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
  }

  fieldError(field: string): string | undefined {
    return this.problem.errors?.find((error) => error.field === field)?.message;
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** false for the auth routes themselves */
  authenticated?: boolean;
}

interface SessionPort {
  get(): Session | null;
  set(session: Session | null): void;
  update(patch: Partial<Session>): void;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ''}`;
}

async function toApiError(response: Response): Promise<ApiError> {
  let problem: ProblemDetails = { status: response.status };
  try {
    const text = await response.text();
    if (text) problem = { status: response.status, ...(JSON.parse(text) as Partial<ProblemDetails>) };
  } catch {
    // Not JSON (a proxy page, say): keep the status alone.
  }
  return new ApiError(response.status, problem);
}

export function createApiClient(session: SessionPort, fetchImpl: typeof fetch = (...args) => fetch(...args)) {
  let refreshing: Promise<boolean> | null = null;

  async function refreshTokens(): Promise<boolean> {
    const refreshToken = session.get()?.refreshToken;
    if (!refreshToken) return false;
    const response = await fetchImpl(buildUrl('/auth/refresh'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ refreshToken }),
    }).catch(() => null);
    if (!response) return false; // offline: keep the session, the next call will try again
    if (!response.ok) {
      // a refused token ends the session; a busy or failing server (429, 5xx) does not
      if (response.status < 500 && response.status !== 429) session.set(null);
      return false;
    }
    const pair = (await response.json()) as { accessToken: string; refreshToken: string; user?: Session['user'] };
    session.update({ accessToken: pair.accessToken, refreshToken: pair.refreshToken, ...(pair.user ? { user: pair.user } : {}) });
    return true;
  }

  /** Concurrent 401s share one refresh so the rotated token is never sent twice. */
  function refreshOnce(): Promise<boolean> {
    refreshing ??= refreshTokens().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const token = session.get()?.accessToken;
    if (options.authenticated !== false && token) headers.Authorization = `Bearer ${token}`;
    return fetchImpl(buildUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  }

  async function raw(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    let response = await send(method, path, options);
    if (response.status === 401 && options.authenticated !== false && session.get()) {
      if (await refreshOnce()) response = await send(method, path, options);
    }
    if (!response.ok) throw await toApiError(response);
    return response;
  }

  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await raw(method, path, options);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    request,
    raw,
    refresh: refreshOnce,
    get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
    post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
    patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
    put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
    delete: <T = void>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

export const api = createApiClient(sessionStore);

export type { Page } from '@maillage/contract';

/** Reads every page of a collection (boards and member lists are small; limit is at most 200). */
export async function getAll<T>(path: string, query: Record<string, QueryValue> = {}, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await api.get<Page<T>>(path, { query: { ...query, limit: 200, cursor }, signal });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
