import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import '@/i18n';
import { fromParisInputValue } from './paris-time';
import { startOfParisMonth } from './month';
import { MonthCalendar } from './month-calendar';

const paris = (value: string) => fromParisInputValue(value)!;
const june = startOfParisMonth(paris('2026-06-10T12:00'));
const items = [
  { id: 'fete', start: paris('2026-06-13T10:00'), end: paris('2026-06-14T18:00'), title: 'Fête du quartier' },
  { id: 'cine', start: paris('2026-06-01T20:00'), end: paris('2026-06-01T22:30'), title: 'Ciné-débat' },
];

afterEach(cleanup);

describe('MonthCalendar', () => {
  it('reads as a table of weeks under weekday headers, then as a list of busy days', () => {
    const onMonthChange = vi.fn();
    render(<MonthCalendar items={items} month={june} onMonthChange={onMonthChange} emptyText="Rien" renderItem={(item) => item.title} />);
    expect(screen.getByRole('heading', { level: 2, name: 'juin 2026' })).toBeTruthy();
    const table = screen.getByRole('table', { name: 'juin 2026' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual(['lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.']);
    expect(within(table).getAllByRole('row')).toHaveLength(6); // the header and five weeks
    const firstOfJune = within(table).getByText('lundi 1er juin').closest('td')!;
    expect(within(firstOfJune).getByRole('listitem').textContent).toBe('Ciné-débat');
    const sunday = within(table).getByText('dimanche 14 juin').closest('td')!;
    expect(within(sunday).getByRole('listitem').textContent).toBe('Fête du quartier');

    fireEvent.click(screen.getByRole('button', { name: 'Liste' }));
    expect(screen.getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent)).toEqual([
      'lundi 1er juin',
      'samedi 13 juin',
      'dimanche 14 juin',
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Mois suivant' }));
    expect(onMonthChange.mock.calls[0][0].toISOString()).toBe(paris('2026-07-01T00:00'));
  });

  it('says when the month is empty in the list view', () => {
    render(<MonthCalendar items={[]} month={june} onMonthChange={() => {}} emptyText="Aucun événement ce mois-ci." renderItem={() => null} />);
    fireEvent.click(screen.getByRole('button', { name: 'Liste' }));
    expect(screen.getByText('Aucun événement ce mois-ci.')).toBeTruthy();
  });
});
