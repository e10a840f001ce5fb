import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderHook, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { ProjectMemberList } from '@maillage/contract';
import { jsonResponse, makeQueryClient } from '@/test/factories';
import { useProjectPeople } from './workspace-context';

// A coordinator assigns tasks to partners' people: their names come from the project, never from the
// partner's own member list (404 to outsiders of that association).
describe('useProjectPeople', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('knows every person of every active partner, by association, from GET /projects/:id/members', async () => {
    const members: ProjectMemberList = {
      items: [
        { userId: 'u1', displayName: 'Camille', associationId: 'mine', role: 'admin' },
        { userId: 'u2', displayName: 'Amina', associationId: 'partner', role: 'member' },
        { userId: 'u3', displayName: 'Karim', associationId: 'partner', role: 'admin' },
      ],
      nextCursor: null,
    };
    const fetchStub = vi.fn(async (input: RequestInfo | URL) =>
      String(input) === '/api/projects/p1/members' ? jsonResponse(200, members) : jsonResponse(404, { status: 404, code: 'not_found' }),
    );
    vi.stubGlobal('fetch', fetchStub);
    const client = makeQueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;

    const { result } = renderHook(() => useProjectPeople('p1', [], true), { wrapper });

    await waitFor(() => expect(result.current.people.size).toBe(3));
    expect(result.current.people.get('u2')).toBe('Amina');
    expect(result.current.peopleByAssociation.get('partner')).toEqual(['u2', 'u3']);
    expect(fetchStub.mock.calls.map(([url]) => String(url)).filter((url) => url.includes('/associations/'))).toEqual([]);
  });
});
