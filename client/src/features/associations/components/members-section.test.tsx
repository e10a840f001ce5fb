import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import i18n from '@/i18n';
import { makeQueryClient } from '@/test/factories';
import type { Member } from '../api/associations';
import { MembersSection } from './association-page';

const member = (userId: string, role: 'admin' | 'member', displayName: string): Member => ({
  id: `m-${userId}`,
  userId,
  displayName,
  role,
  joinedAt: '2026-01-01T00:00:00.000Z',
});

function renderSection(members: Member[], myUserId: string) {
  const isAdmin = members.some((m) => m.userId === myUserId && m.role === 'admin');
  return render(
    <QueryClientProvider client={makeQueryClient()}>
      <MemoryRouter>
        <MembersSection associationId="a1" members={members} isAdmin={isAdmin} myUserId={myUserId} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

// The last admin is not offered what cannot succeed, and is told why.
describe('MembersSection', () => {
  afterEach(cleanup);

  it('offers the last admin no "Quitter" and says why, and keeps their role', async () => {
    await i18n.changeLanguage('fr');
    renderSection([member('me', 'admin', 'Camille'), member('u2', 'member', 'Amina')], 'me');
    expect(screen.queryByRole('button', { name: 'Quitter' })).toBeNull();
    expect(screen.getByText(/nommez d’abord un autre administrateur/)).toBeTruthy();
    expect((screen.getByLabelText(/Rôle de Camille/i) as HTMLSelectElement).disabled).toBe(true);
    // the other member can still be removed
    expect(screen.getByRole('button', { name: 'Retirer' })).toBeTruthy();
  });

  it('lets an admin leave when another admin remains', async () => {
    await i18n.changeLanguage('fr');
    renderSection([member('me', 'admin', 'Camille'), member('u2', 'admin', 'Amina')], 'me');
    expect(screen.getByRole('button', { name: 'Quitter' })).toBeTruthy();
    expect(screen.queryByText(/nommez d’abord un autre administrateur/)).toBeNull();
  });
});
