// The time rules of a booking request and the expansion of a weekly series: pure functions.
import { Types } from 'mongoose';
import { badRequest, conflict, ProblemException } from '../../common/errors/problem.exception';
import { Resource } from '../schemas/resource.schema';
import { addParisDays, MAX_BOOKING_MS, MIN_BOOKING_MS, outsideOpeningHours, parisInstant } from '../time-windows';
import type { BusySlotView, SeriesResult } from '@maillage/contract';

export type LeanResource = Resource & { _id: Types.ObjectId };
const MAX_OCCURRENCES = 52;

export interface Occurrence {
  start: Date;
  end: Date;
}

/** End after start, at least 15 minutes, at most 90 days. */
export function checkRange(start: Date, end: Date): void {
  if (end <= start) throw badRequest('end', 'must be after start');
  if (end.getTime() - start.getTime() < MIN_BOOKING_MS) throw badRequest('end', 'must be at least 15 minutes after start');
  if (end.getTime() - start.getTime() > MAX_BOOKING_MS) throw badRequest('end', 'must be at most 90 days after start');
}

export function checkOpeningHours(resource: LeanResource, start: Date, end: Date): void {
  const outside = outsideOpeningHours(resource.openingHours ?? [], start, end);
  if (outside) throw badRequest(outside, `is outside the opening hours of this resource (${start.toISOString()} – ${end.toISOString()})`);
}

/** Weekly occurrences at the same Paris wall-clock time, up to `until` (a day: inclusive). */
export function expandWeekly(start: Date, end: Date, interval: number, until: string): Occurrence[] {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(until);
  const limit = dateOnly
    ? parisInstant({ year: Number(until.slice(0, 4)), month: Number(until.slice(5, 7)), day: Number(until.slice(8, 10)), hour: 23, minute: 59, second: 59 })
    : new Date(until);
  if (limit < start) throw badRequest('recurrence.until', 'must not be before start');
  const occurrences: Occurrence[] = [];
  for (let k = 0; ; k++) {
    const occurrenceStart = k === 0 ? start : addParisDays(start, 7 * interval * k);
    if (occurrenceStart > limit) break;
    if (occurrences.length === MAX_OCCURRENCES) throw badRequest('recurrence.until', `gives more than ${MAX_OCCURRENCES} occurrences`);
    occurrences.push({ start: occurrenceStart, end: k === 0 ? end : addParisDays(end, 7 * interval * k) });
  }
  return occurrences;
}

export function conflictsOf(error: unknown): BusySlotView[] | undefined {
  if (error instanceof ProblemException && error.extras.code === 'booking_conflict') return error.extras.conflicts as BusySlotView[];
  return undefined;
}

export function seriesConflict(result: SeriesResult) {
  return conflict('Some occurrences are not free', { code: 'booking_conflict', seriesId: result.seriesId, conflicts: result.conflicts, created: result.items });
}
