import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import '@/i18n';
import { makeQueryClient } from '@/test/factories';
import type { Contribution } from '../api/contributions';
import { recordableAssociationIds } from '../api/contributions';
import { ContributionForm } from './contribution-form';
import { ContributionItem } from './contribution-item';

afterEach(cleanup);

function makeContribution(overrides: Partial<Contribution> = {}): Contribution {
  return {
    id: 'c1',
    projectId: 'p1',
    associationId: 'a1',
    kind: 'volunteer_hours',
    description: 'Tenue de la buvette',
    quantity: 4,
    unit: 'h',
    valueEuros: 48.08,
    valuation: { method: 'rate', rateEuros: 12.02, per: 'hour' },
    gift: false,
    status: 'pledged',
    date: '2026-06-01',
    source: 'manual',
    origin: null,
    recordedBy: 'u1',
    version: 1,
    createdAt: '2026-05-01T10:00:00.000Z',
    updatedAt: '2026-05-01T10:00:00.000Z',
    ...overrides,
  };
}

const renderItem = (item: Contribution, canEdit = true) =>
  render(
    <QueryClientProvider client={makeQueryClient()}>
      <ul>
        <ContributionItem projectId="p1" item={item} canEdit={canEdit} />
      </ul>
    </QueryClientProvider>,
  );

describe('ContributionForm', () => {
  it('sends numbers typed with a decimal comma, the chosen association and no value when left empty', () => {
    const onSubmit = vi.fn();
    render(
      <ContributionForm
        associations={[
          { id: 'a1', name: 'Régie' },
          { id: 'a2', name: 'Ciné-Tilleuls' },
        ]}
        submitLabel="Enregistrer"
        busy={false}
        error={null}
        onSubmit={onSubmit}
      />,
    );
    fireEvent.change(screen.getByLabelText('Association qui apporte'), { target: { value: 'a2' } });
    fireEvent.change(screen.getByLabelText(/^Description/), { target: { value: 'Animation d’un atelier' } });
    fireEvent.change(screen.getByLabelText(/^Quantité/), { target: { value: '2,5' } });
    fireEvent.change(screen.getByLabelText(/^Date/), { target: { value: '2026-06-20' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(onSubmit).toHaveBeenCalledWith({
      associationId: 'a2',
      kind: 'volunteer_hours',
      description: 'Animation d’un atelier',
      quantity: 2.5,
      unit: 'h',
      valueEuros: null,
      gift: false,
      status: 'pledged',
      date: '2026-06-20',
    });
  });

  it('changes the default unit with the kind and offers the gift box for material only', () => {
    render(<ContributionForm associations={[{ id: 'a1', name: 'Régie' }]} submitLabel="OK" busy={false} error={null} onSubmit={vi.fn()} />);
    const unit = screen.getByLabelText(/^Unité/) as HTMLInputElement;
    expect(unit.value).toBe('h');
    expect(screen.queryByLabelText(/don en nature/)).toBeNull();
    fireEvent.change(screen.getByLabelText('Nature'), { target: { value: 'money' } });
    expect(unit.value).toBe('EUR');
    fireEvent.change(screen.getByLabelText('Nature'), { target: { value: 'material' } });
    expect(screen.getByLabelText(/don en nature/)).toBeTruthy();
  });
});

describe('ContributionItem', () => {
  it('shows the value and how it was computed, with the actions of a pledged manual item', () => {
    renderItem(makeContribution());
    expect(screen.getByText(/4 h × 12,02\s€ de l’heure/)).toBeTruthy();
    expect(screen.getByText(/1er juin 2026/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Marquer comme réalisé' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Supprimer' })).toBeTruthy();
  });

  it('names the origin of a derived item and offers no edit', () => {
    renderItem(
      makeContribution({
        id: 'booking:b1',
        kind: 'premises',
        description: 'Salle polyvalente',
        status: 'delivered',
        source: 'booking',
        origin: { bookingId: 'b1' },
        version: 0,
        valuation: { method: 'rate', rateEuros: 25, per: 'hour' },
      }),
    );
    expect(screen.getByText('Réservation de « Salle polyvalente »')).toBeTruthy();
    expect(screen.getByText(/Calculé d’après ce qui s’est passé/)).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe(recordableAssociationIds.name, () => {
  it('gives a coordinator admin every active partner and others the partners they administer', () => {
    const myAssociations = [
      { id: 'a1', myRole: 'admin' },
      { id: 'a2', myRole: 'member' },
    ];
    expect(recordableAssociationIds({ activePartnerIds: ['a1', 'a2', 'a3'], isCoordinatorAdmin: true, myAssociations })).toEqual(['a1', 'a2', 'a3']);
    expect(recordableAssociationIds({ activePartnerIds: ['a1', 'a2', 'a3'], isCoordinatorAdmin: false, myAssociations })).toEqual(['a1']);
  });
});
