import { describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '@/test/factories';
import { ApiError, buildUrl, createApiClient } from './api-client';
import type { Session } from './session';

function memorySession(initial: Session | null) {
  let current = initial;
  return {
    get: () => current,
    set: (next: Session | null) => (current = next),
    update: (patch: Partial<Session>) => (current = current && { ...current, ...patch }),
  };
}

const user = { id: 'u1', email: 'a@b.fr', displayName: 'A' };

describe(createApiClient.name, () => {
  it('sends the Bearer access token', async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(jsonResponse(200, { ok: 1 }));
    const api = createApiClient(memorySession({ accessToken: 'A1', refreshToken: 'R1', user }), fetchMock);
    await api.get('/me');
    expect(fetchMock.mock.calls[0][0]).toBe('/api/me');
    expect((fetchMock.mock.calls[0][1]!.headers as Record<string, string>).Authorization).toBe('Bearer A1');
  });

  it('refreshes once for concurrent 401s, stores the rotated pair and retries', async () => {
    const session = memorySession({ accessToken: 'A1', refreshToken: 'R1', user });
    const fetchMock = vi.fn<typeof fetch>(async (url, init) => {
      if (url === '/api/auth/refresh') {
        expect(JSON.parse(String(init!.body))).toEqual({ refreshToken: 'R1' });
        return jsonResponse(200, { accessToken: 'A2', refreshToken: 'R2' });
      }
      const auth = (init!.headers as Record<string, string>).Authorization;
      return auth === 'Bearer A2' ? jsonResponse(200, { url }) : jsonResponse(401, { status: 401 });
    });
    const api = createApiClient(session, fetchMock);
    await expect(Promise.all([api.get('/me'), api.get('/projects')])).resolves.toEqual([{ url: '/api/me' }, { url: '/api/projects' }]);
    expect(fetchMock.mock.calls.filter(([url]) => url === '/api/auth/refresh')).toHaveLength(1);
    expect(session.get()).toMatchObject({ accessToken: 'A2', refreshToken: 'R2' });
  });

  it('signs out when the refresh is refused', async () => {
    const session = memorySession({ accessToken: 'A1', refreshToken: 'R1', user });
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(jsonResponse(401, { status: 401 }));
    const api = createApiClient(session, fetchMock);
    await expect(api.get('/me')).rejects.toMatchObject({ status: 401 });
    expect(session.get()).toBeNull();
  });

  it('parses problem details with field errors', async () => {
    const problem = { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Invalid', errors: [{ field: 'email', message: 'must be an email' }] };
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(jsonResponse(400, problem, 'application/problem+json'));
    const api = createApiClient(memorySession(null), fetchMock);
    const error = (await api.post('/auth/register', {}).catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.fieldError('email')).toBe('must be an email');
    expect(error.problem.title).toBe('Bad Request');
  });

  it('answers undefined for 204', async () => {
    const api = createApiClient(memorySession(null), vi.fn<typeof fetch>().mockResolvedValue(new Response(null, { status: 204 })));
    await expect(api.delete('/me')).resolves.toBeUndefined();
  });
});

describe(buildUrl.name, () => {
  it('drops empty query values', () => {
    expect(buildUrl('/associations', { q: 'cinéma', city: '', cursor: null })).toBe('/api/associations?q=cin%C3%A9ma');
  });
});

describe('refresh failures', () => {
  it('keeps the session when the server is only busy', async () => {
    const session = memorySession({ accessToken: 'A1', refreshToken: 'R1', user });
    const fetchMock = vi.fn<typeof fetch>(async (url) =>
      url === '/api/auth/refresh' ? jsonResponse(429, { status: 429 }) : jsonResponse(401, { status: 401 }),
    );
    const api = createApiClient(session, fetchMock);
    await expect(api.get('/me')).rejects.toMatchObject({ status: 401 });
    expect(session.get()).not.toBeNull();
  });
});
