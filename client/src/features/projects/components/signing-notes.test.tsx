import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Outlet, Route, Routes } from 'react-router';
import i18n from '@/i18n';
import { makeQueryClient } from '@/test/factories';
import type { Association } from '@/features/associations/api/associations';
import type { WorkspaceContext } from '../api/workspace-context';
import type { Charter } from '../api/projects';
import { ProjectForm } from './project-form';
import { EditCharter } from './partners-page';

// The coordinator's signature is recorded by these two forms: each says so before anyone presses.
const association = (id: string, name: string) => ({ id, name, myRole: 'admin' }) as Association;

describe('forms that sign the charter', () => {
  beforeEach(() => i18n.changeLanguage('fr'));
  afterEach(cleanup);

  it('the project form says its coordinator signs version 1, naming the association chosen', () => {
    render(
      <ProjectForm associations={[association('a1', 'Régie de quartier'), association('a2', 'Club de foot')]} busy={false} error={null} onSubmit={() => {}} />,
    );
    const button = screen.getByRole('button', { name: 'Créer l’action commune' });
    const note = () => document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent ?? '';
    expect(note()).toMatch(/vous signez la version 1 de la charte au nom de Régie de quartier/);
    fireEvent.change(screen.getByLabelText('Chef de file'), { target: { value: 'a2' } });
    expect(note()).toMatch(/au nom de Club de foot/);
  });

  it('the publish form says publishing signs the new version on behalf of the coordinator', () => {
    const context = {
      project: { id: 'p1', coordinatorAssociationId: 'a1', coordinator: { id: 'a1', name: 'Régie de quartier' } },
    } as unknown as WorkspaceContext;
    const charter = { version: 2, text: 'Charte', updatedAt: '2026-05-01T10:00:00.000Z', updatedBy: null, signatures: [], unsigned: [] } as Charter;
    render(
      <QueryClientProvider client={makeQueryClient()}>
        <MemoryRouter>
          <Routes>
            <Route element={<Outlet context={context} />}>
              <Route path="/" element={<EditCharter charter={charter} />} />
            </Route>
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Modifier la charte' }));
    const button = screen.getByRole('button', { name: 'Publier la nouvelle version' });
    const note = document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent ?? '';
    expect(note).toMatch(/En publiant, vous signez cette version \(version 3\) au nom de Régie de quartier/);
  });
});
