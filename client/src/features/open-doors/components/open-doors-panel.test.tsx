import type { EventView, ShiftView } from '@maillage/contract';
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import '@/i18n';
import { queryClient } from '@/lib/query-client';
import { OpenDoorsPanel } from './open-doors-panel';
import { ShiftGuests } from './shift-guests';

afterEach(cleanup);

const event = (overrides: Partial<EventView> = {}): EventView => ({
  id: 'e1',
  projectId: 'p1',
  title: 'Fête des Lilas',
  description: '',
  start: '2027-06-19T12:00:00.000Z',
  end: '2027-06-19T20:00:00.000Z',
  location: null,
  resourceId: null,
  resourceName: null,
  booking: null,
  expectedAttendance: null,
  isPublic: false,
  publicSlug: null,
  organizerAssociationId: 'a1',
  createdBy: null,
  version: 1,
  createdAt: '2027-01-01T00:00:00.000Z',
  updatedAt: '2027-01-01T00:00:00.000Z',
  ...overrides,
});

const inProvider = (node: React.ReactNode) => render(<QueryClientProvider client={queryClient}>{node}</QueryClientProvider>);

describe(OpenDoorsPanel.name, () => {
  it('offers to publish a closed page, without link or poster', () => {
    inProvider(<OpenDoorsPanel event={event()} />);
    expect(screen.getByRole('heading', { name: 'Page publique' })).toBeTruthy();
    expect((screen.getByLabelText('Publier la page de l’événement') as HTMLInputElement).checked).toBe(false);
    expect(screen.getByRole('status').textContent).toBe('La page n’est pas publiée.');
    expect(screen.queryByRole('button', { name: 'Télécharger l’affiche (PDF)' })).toBeNull();
  });

  it('shows the public link and the poster once published', () => {
    inProvider(<OpenDoorsPanel event={event({ isPublic: true, publicSlug: 'AbC123xyz_-q' })} />);
    expect((screen.getByLabelText('Publier la page de l’événement') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Adresse de la page publique') as HTMLInputElement).value).toBe(`${window.location.origin}/e/AbC123xyz_-q`);
    expect(screen.getByRole('link', { name: 'Ouvrir la page' }).getAttribute('href')).toBe(`${window.location.origin}/e/AbC123xyz_-q`);
    expect(screen.getByRole('button', { name: 'Télécharger l’affiche (PDF)' })).toBeTruthy();
  });
});

describe(ShiftGuests.name, () => {
  it('lists guests with their contact and the "invité" tag, erased ones without', () => {
    const shift = {
      id: 's1',
      guests: [
        { id: 'g1', name: 'Samia', email: null, phone: '06 12 34 56 78', signedUpAt: '2027-06-01T10:00:00.000Z', erasedAt: null },
        { id: 'g2', name: null, email: null, phone: null, signedUpAt: '2027-06-01T10:00:00.000Z', erasedAt: '2027-07-20T10:00:00.000Z' },
      ],
    } as ShiftView;
    inProvider(<ShiftGuests shift={shift} canRemove />);
    const items = screen.getAllByRole('listitem');
    expect(items[0].textContent).toContain('Samia invité');
    expect(screen.getByRole('link', { name: '06 12 34 56 78' }).getAttribute('href')).toBe('tel:0612345678');
    expect(items[1].textContent).toContain('Invité (coordonnées effacées)');
    expect(screen.getByRole('button', { name: 'Retirer Samia' })).toBeTruthy();
  });
});
