import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import '@/i18n';
import { fromParisInputValue, startOfParisWeek } from './paris-time';
import { WeekCalendar } from './week-calendar';

const paris = (value: string) => fromParisInputValue(value)!;
const week = startOfParisWeek(paris('2026-06-03T12:00'));
const items = [{ id: 'a', start: paris('2026-06-02T18:00'), end: paris('2026-06-02T20:00'), label: 'Approuvée — Régie' }];

afterEach(cleanup);

describe('WeekCalendar', () => {
  it('reads as headings and lists in both views, and moves by week', () => {
    const onWeekChange = vi.fn();
    render(<WeekCalendar items={items} weekStart={week} onWeekChange={onWeekChange} describe={(item) => item.label} />);
    expect(screen.getByRole('heading', { level: 2, name: 'Semaine du lundi 1er juin 2026' })).toBeTruthy();
    // week view: seven day headings, the booking under Tuesday
    expect(screen.getAllByRole('heading', { level: 3 })).toHaveLength(7);
    const tuesday = screen.getByRole('heading', { level: 3, name: 'mar. 2 juin' }).parentElement!;
    expect(within(tuesday).getByRole('listitem').textContent).toBe('18:00 – 20:00 Approuvée — Régie');

    fireEvent.click(screen.getByRole('button', { name: 'Liste' }));
    expect(screen.getByRole('button', { name: 'Liste' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent)).toEqual(['mardi 2 juin']);

    fireEvent.click(screen.getByRole('button', { name: 'Semaine suivante' }));
    expect(onWeekChange.mock.calls[0][0].toISOString()).toBe(paris('2026-06-08T00:00'));
  });

  it('says when the week is empty', () => {
    render(<WeekCalendar items={[]} weekStart={week} onWeekChange={() => {}} describe={() => ''} />);
    fireEvent.click(screen.getByRole('button', { name: 'Liste' }));
    expect(screen.getByText('Aucune réservation cette semaine.')).toBeTruthy();
  });
});
