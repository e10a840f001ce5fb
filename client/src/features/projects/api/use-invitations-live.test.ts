import { describe, expect, it } from 'vitest';
import { renderHook } from '@testing-library/react';
import { EventEmitter } from 'node:events';
import type { AppSocket } from '@/lib/socket';
import { queryKeys } from '@/lib/query-keys';
import { makeQueryClient } from '@/test/factories';
import { useInvitationsLive } from './use-invitations-live';

// An invitation shows without a reload: the server's event makes the project list be read again.
describe('useInvitationsLive', () => {
  it('re-reads my projects and invitations when one of my associations is invited', () => {
    const emitter = new EventEmitter();
    const socket = Object.assign(emitter, { connected: true, connect: () => socket }) as unknown as AppSocket;
    const client = makeQueryClient();
    client.setQueryData(queryKeys.projects, { items: [], invitations: [] });
    const { unmount } = renderHook(() => useInvitationsLive(() => socket, client));

    emitter.emit('invitation:changed', { projectId: 'p1', associationId: 'a1', status: 'invited' });
    expect(client.getQueryState(queryKeys.projects)?.isInvalidated).toBe(true);

    unmount();
    expect(emitter.listenerCount('invitation:changed')).toBe(0);
  });
});
