import type { BusySlotView } from '@maillage/contract';
import { describe, expect, it } from 'vitest';
import i18n from '@/i18n';
import { ApiError } from '@/lib/api-client';
import { fromParisInputValue } from '@/features/calendar/paris-time';
import { conflictSentences, explainConflict, nextFreeStarts, peakUse } from './conflict';

const paris = (value: string) => fromParisInputValue(value)!;
const slot = (id: string, start: string, end: string, quantity = 1, status: BusySlotView['status'] = 'approved'): BusySlotView => ({
  id,
  resourceId: 'r',
  start: paris(start),
  end: paris(end),
  quantity,
  status,
});
const conflict409 = (conflicts: unknown[]) =>
  new ApiError(409, { status: 409, code: 'booking_conflict', detail: 'The resource is not free for this time range', conflicts });
const t = i18n.getFixedT('fr');

describe(peakUse.name, () => {
  it('adds overlapping loans but not back-to-back ones', () => {
    const slots = [
      slot('a', '2026-06-02T10:00', '2026-06-02T12:00', 2),
      slot('b', '2026-06-02T12:00', '2026-06-02T14:00', 3),
      slot('c', '2026-06-02T11:00', '2026-06-02T13:00', 1),
    ];
    expect(peakUse(slots, paris('2026-06-02T09:00'), paris('2026-06-02T15:00'))).toBe(4);
    expect(peakUse(slots, paris('2026-06-02T13:00'), paris('2026-06-02T15:00'))).toBe(3);
  });
});

describe(explainConflict.name, () => {
  const request = { start: paris('2026-06-02T18:00'), end: paris('2026-06-02T20:00'), resourceQuantity: 1 };

  it('ignores errors that are not a booking conflict', () => {
    expect(explainConflict(new ApiError(409, { status: 409, code: 'stale_version' }), request)).toBeNull();
    expect(explainConflict(new Error('offline'), request)).toBeNull();
  });

  it('explains a taken hall in plain French with the booking in the way', () => {
    const explanation = explainConflict(conflict409([slot('a', '2026-06-02T17:00', '2026-06-02T19:00')]), request)!;
    expect(explanation).toMatchObject({ kind: 'single', total: 1, free: 0 });
    const { title, lines } = conflictSentences(explanation, t, 'fr-FR', 1);
    expect(title).toBe('Ce créneau n’est pas libre : une réservation occupe déjà ce moment.');
    expect(lines).toEqual(['mardi 2 juin, 17:00 – 19:00 — réservation approuvée']);
  });

  it('says how many units are left for equipment', () => {
    const explanation = explainConflict(conflict409([slot('a', '2026-06-02T17:00', '2026-06-02T21:00', 3)]), { ...request, resourceQuantity: 4 })!;
    const { title, lines } = conflictSentences(explanation, t, 'fr-FR', 2);
    expect(title).toBe('Il n’en reste que 1 sur 4 pour ce créneau, et vous en demandez 2.');
    expect(lines[0]).toContain('(3 exemplaires)');
  });

  it('lists the dates of a series that are not free', () => {
    const occurrence = { start: paris('2026-06-09T18:00'), end: paris('2026-06-09T20:00'), conflicts: [slot('a', '2026-06-09T17:00', '2026-06-09T19:00')] };
    const explanation = explainConflict(conflict409([occurrence]), request)!;
    expect(explanation.kind).toBe('series');
    const { title, lines } = conflictSentences(explanation, t, 'fr-FR', 1);
    expect(title).toBe('Une date de la série n’est pas libre :');
    expect(lines).toEqual(['mardi 9 juin, 18:00 – 20:00 (une réservation en travers)']);
  });
});

describe(nextFreeStarts.name, () => {
  it('suggests the ends of the bookings in the way where the same duration fits', () => {
    const slots = [
      slot('a', '2026-06-02T17:00', '2026-06-02T19:00'),
      slot('b', '2026-06-02T19:30', '2026-06-02T22:00'),
      slot('pending', '2026-06-02T22:00', '2026-06-02T23:00', 1, 'pending'),
    ];
    const request = { start: paris('2026-06-02T18:00'), end: paris('2026-06-02T20:00'), quantity: 1, resourceQuantity: 1 };
    // 19:00 would run into b; 22:00 is free (a pending request holds nothing)
    expect(nextFreeStarts(slots, request, 1)).toEqual([{ start: paris('2026-06-02T22:00'), end: paris('2026-06-03T00:00') }]);
  });

  it('counts units for equipment', () => {
    const slots = [slot('a', '2026-06-02T10:00', '2026-06-02T12:00', 2), slot('b', '2026-06-02T11:00', '2026-06-02T13:00', 1)];
    const request = { start: paris('2026-06-02T10:00'), end: paris('2026-06-02T11:00'), quantity: 2, resourceQuantity: 3 };
    expect(nextFreeStarts(slots, request).map((free) => free.start)).toEqual([paris('2026-06-02T12:00'), paris('2026-06-02T13:00')]);
  });
});
