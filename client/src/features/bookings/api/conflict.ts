// Turns a 409 on a booking request into plain words: what is in the way, when, and how much is left.
import type { BusySlotView, OccurrenceConflict } from '@maillage/contract';
import type { TFunction } from 'i18next';
import { isApiError } from '@/lib/api-client';
import { formatRange } from '@/features/calendar/paris-time';

export type ConflictExplanation =
  { kind: 'single'; slots: BusySlotView[]; total: number; free: number } | { kind: 'series'; occurrences: OccurrenceConflict[] };

const isOccurrence = (value: unknown): value is OccurrenceConflict =>
  !!value && typeof value === 'object' && Array.isArray((value as OccurrenceConflict).conflicts);

/** The most units held at once by these slots within [start, end). */
export function peakUse(slots: BusySlotView[], start: string, end: string): number {
  const from = Date.parse(start);
  const to = Date.parse(end);
  const edges: [number, number][] = [];
  for (const slot of slots) {
    const a = Math.max(from, Date.parse(slot.start));
    const b = Math.min(to, Date.parse(slot.end));
    if (a < b) edges.push([a, slot.quantity], [b, -slot.quantity]);
  }
  // Ends before starts at the same instant: back-to-back bookings do not add up.
  edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of edges) {
    current += delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

/** Reads a booking 409; null for any other error (or a 409 that is not about free time). */
export function explainConflict(error: unknown, request: { start: string; end: string; resourceQuantity: number }): ConflictExplanation | null {
  if (!isApiError(error, 409) || error.problem.code !== 'booking_conflict') return null;
  const conflicts = (error.problem.conflicts ?? []) as unknown[];
  if (conflicts.some(isOccurrence)) return { kind: 'series', occurrences: conflicts.filter(isOccurrence) };
  const slots = (conflicts as BusySlotView[]).slice().sort((a, b) => a.start.localeCompare(b.start));
  const total = request.resourceQuantity;
  return { kind: 'single', slots, total, free: Math.max(0, total - peakUse(slots, request.start, request.end)) };
}

/** The sentences shown: a title, then one line per booking (or date) in the way. */
export function conflictSentences(explanation: ConflictExplanation, t: TFunction, locale: string, wanted: number): { title: string; lines: string[] } {
  const slotLine = (slot: BusySlotView) =>
    t('bookings.conflict.slot', {
      range: formatRange(slot.start, slot.end, locale),
      status: t(`bookings.status.${slot.status}`).toLocaleLowerCase(locale),
      count: slot.quantity,
    });
  if (explanation.kind === 'series') {
    return {
      title: t('bookings.conflict.seriesTitle', { count: explanation.occurrences.length }),
      lines: explanation.occurrences.map((occurrence) =>
        t('bookings.conflict.occurrence', { range: formatRange(occurrence.start, occurrence.end, locale), count: occurrence.conflicts.length }),
      ),
    };
  }
  const title =
    explanation.total === 1
      ? t('bookings.conflict.taken', { count: explanation.slots.length })
      : t('bookings.conflict.notEnough', { free: explanation.free, total: explanation.total, count: wanted });
  return { title, lines: explanation.slots.map(slotLine) };
}

const HOLDING = new Set(['approved', 'checked_out']);

/**
 * The next starts, from the requested one on, where the same duration and quantity fit among the
 * bookings that hold units (a start right when a booking ends is the usual answer). Opening hours
 * are left to the server, which names them if a suggestion falls outside.
 */
export function nextFreeStarts(
  slots: BusySlotView[],
  request: { start: string; end: string; quantity: number; resourceQuantity: number },
  howMany = 3,
): { start: string; end: string }[] {
  const holding = slots.filter((slot) => HOLDING.has(slot.status));
  const duration = Date.parse(request.end) - Date.parse(request.start);
  const from = Date.parse(request.start);
  const candidates = [...new Set([from, ...holding.map((slot) => Date.parse(slot.end)).filter((end) => end > from)])].sort((a, b) => a - b);
  const found: { start: string; end: string }[] = [];
  for (const candidate of candidates) {
    const start = new Date(candidate).toISOString();
    const end = new Date(candidate + duration).toISOString();
    if (peakUse(holding, start, end) + request.quantity <= request.resourceQuantity) found.push({ start, end });
    if (found.length === howMany) break;
  }
  return found;
}
