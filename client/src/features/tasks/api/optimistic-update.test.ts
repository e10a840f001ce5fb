import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MutationObserver } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query-keys';
import { sessionStore } from '@/lib/session';
import { jsonResponse, makeQueryClient, makeTask } from '@/test/factories';
import { rollbackTaskEdit, updateTaskMutation } from './tasks';
import { ApiError } from '@/lib/api-client';
import type { Task } from './task-cache';

describe('updateTaskMutation (optimistic edit)', () => {
  const fetchMock = vi.fn<typeof fetch>();

  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    sessionStore.set({ accessToken: 'a', refreshToken: 'r', user: { id: 'u1', email: 'u@x.fr', displayName: 'U' } });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
    sessionStore.set(null);
  });

  function setup() {
    const client = makeQueryClient();
    const task = makeTask({ title: 'Affiches', version: 4 });
    client.setQueryData(queryKeys.tasks('p1'), [task]);
    const observer = new MutationObserver(client, updateTaskMutation('p1', client));
    const cached = () => client.getQueryData<Task[]>(queryKeys.tasks('p1'))![0];
    return { client, task, observer, cached };
  }

  it('shows the edit at once and keeps the server answer', async () => {
    const { task, observer, cached } = setup();
    let answer!: (response: Response) => void;
    fetchMock.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const done = observer.mutate({ task, patch: { title: 'Affiches A3' } });
    await vi.waitFor(() => expect(cached().title).toBe('Affiches A3'));
    const body = JSON.parse(String(fetchMock.mock.calls[0][1]!.body));
    expect(body).toEqual({ title: 'Affiches A3', version: 4 });
    answer(jsonResponse(200, { ...task, title: 'Affiches A3', version: 5 }));
    await done;
    expect(cached()).toMatchObject({ title: 'Affiches A3', version: 5 });
  });

  it('rolls back to the server current version on 409', async () => {
    const { task, observer, cached } = setup();
    const current = { ...task, title: 'Affiches (par Amina)', version: 5 };
    fetchMock.mockResolvedValueOnce(
      jsonResponse(409, { type: 'about:blank', title: 'Conflict', status: 409, detail: 'stale', current }, 'application/problem+json'),
    );
    await expect(observer.mutate({ task, patch: { title: 'Mon titre' } })).rejects.toBeInstanceOf(ApiError);
    expect(cached()).toMatchObject({ title: 'Affiches (par Amina)', version: 5 });
  });

  it('restores the previous list on any other error', async () => {
    const { task, observer, cached } = setup();
    fetchMock.mockResolvedValueOnce(jsonResponse(400, { status: 400, title: 'Bad Request', errors: [{ field: 'title', message: 'too long' }] }));
    await expect(observer.mutate({ task, patch: { title: 'x'.repeat(500) } })).rejects.toMatchObject({ status: 400 });
    expect(cached()).toEqual(task);
  });
});

describe('rollbackTaskEdit', () => {
  it('falls back to the snapshot when a 409 carries no current', () => {
    const client = makeQueryClient();
    const task = makeTask();
    client.setQueryData(queryKeys.tasks('p1'), [{ ...task, title: 'optimistic' }]);
    rollbackTaskEdit('p1', new ApiError(409, { status: 409 }), [task], client);
    expect(client.getQueryData(queryKeys.tasks('p1'))).toEqual([task]);
  });
});
