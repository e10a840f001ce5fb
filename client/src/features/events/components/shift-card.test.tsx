import type { ShiftView } from '@maillage/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import '@/i18n';
import { queryClient } from '@/lib/query-client';
import { sessionStore } from '@/lib/session';
import { jsonResponse } from '@/test/factories';
import { eventKeys } from '../api/keys';
import { ShiftCard } from './shift-card';

const shift: ShiftView = {
  id: 's1',
  eventId: 'e1',
  projectId: 'p1',
  label: 'Accueil',
  start: '2026-06-20T12:00:00.000Z',
  end: '2026-06-20T14:00:00.000Z',
  needed: 3,
  remaining: 2,
  volunteers: [{ userId: 'u9', displayName: 'Awa', associationId: 'a1' }],
  attendance: [],
  createdBy: 'u1',
  version: 2,
  createdAt: '2026-05-01T10:00:00.000Z',
  updatedAt: '2026-05-01T10:00:00.000Z',
};
const names = new Map([
  ['a1', 'Centre social'],
  ['a2', 'Régie de quartier'],
]);
const mine = [
  { id: 'a1', name: 'Centre social' },
  { id: 'a2', name: 'Régie de quartier' },
];

function renderCard(props: Partial<Parameters<typeof ShiftCard>[0]> = {}) {
  return render(
    <QueryClientProvider client={queryClient}>
      <ul>
        <ShiftCard shift={shift} canEdit={false} myAssociations={mine} associationNames={names} {...props} />
      </ul>
    </QueryClientProvider>,
  );
}

const fetchMock = vi.fn<typeof fetch>();
beforeEach(() => {
  vi.stubGlobal('fetch', fetchMock);
  sessionStore.set({ accessToken: 'token', refreshToken: 'refresh', user: { id: 'me', email: 'me@example.org', displayName: 'Karim' } });
  queryClient.setQueryData(eventKeys.shifts('p1', 'e1'), [shift]);
});
afterEach(() => {
  cleanup();
  fetchMock.mockReset();
  vi.unstubAllGlobals();
  sessionStore.set(null);
  queryClient.clear();
});

describe('ShiftCard', () => {
  it('shows "1 / 3 bénévoles" and who is signed up for which association', () => {
    renderCard();
    expect(screen.getByText('1 / 3 bénévoles')).toBeTruthy();
    expect(screen.getByText('il manque 2 personnes')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 3, name: 'Accueil' })).toBeTruthy();
    expect(screen.getByText('Awa').textContent).toBe('Awa — Centre social');
  });

  it('signs me up for the association I pick when I am in several, and writes the answer into the cache', async () => {
    const after = { ...shift, remaining: 1, version: 3, volunteers: [...shift.volunteers, { userId: 'me', displayName: 'Karim', associationId: 'a2' }] };
    fetchMock.mockResolvedValueOnce(jsonResponse(200, after));
    renderCard();
    fireEvent.change(screen.getByLabelText('Je viens pour'), { target: { value: 'a2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Je m’inscris' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/shifts/s1/signup');
    expect(init).toMatchObject({ method: 'POST', body: JSON.stringify({ associationId: 'a2' }) });
    await waitFor(() => expect(queryClient.getQueryData<ShiftView[]>(eventKeys.shifts('p1', 'e1'))![0].version).toBe(3));
  });

  it('offers no picker with one association, and says so when the shift filled up meanwhile', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(409, { status: 409, code: 'shift_full', title: 'Conflict', current: { ...shift, remaining: 0, version: 4 } }, 'application/problem+json'),
    );
    renderCard({ myAssociations: [mine[1]] });
    expect(screen.queryByLabelText('Je viens pour')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Je m’inscris' }));
    await screen.findByText('Ce créneau vient d’être complété par quelqu’un d’autre.');
    expect(fetchMock.mock.calls[0][1]).toMatchObject({ body: '{}' });
    expect(queryClient.getQueryData<ShiftView[]>(eventKeys.shifts('p1', 'e1'))![0].remaining).toBe(0);
  });

  it('lets the event’s editors reach edit and delete, named after the shift', () => {
    renderCard({ canEdit: true });
    // the names keep their guillemets with the word (no-break spaces)
    const actions = screen.getByRole('button', { name: 'Modifier le créneau «\u00a0Accueil\u00a0»' }).parentElement!;
    expect(within(actions).getByRole('button', { name: /Supprimer le créneau/ })).toBeTruthy();
  });
});
