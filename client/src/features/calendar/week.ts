// Places time ranges on a Monday-to-Sunday week in Paris wall-clock time: one segment per day a range
// touches, side-by-side lanes when ranges overlap, and the grid rows (half hours) each segment spans.
import { addParisDays, parisClock } from './paris-time';

export interface TimeRange {
  id: string;
  start: string;
  end: string;
}

export interface Segment<T extends TimeRange> {
  item: T;
  /** 0 = Monday … 6 = Sunday */
  day: number;
  /** minutes after the day's midnight, Paris wall clock */
  startMinute: number;
  endMinute: number;
  /** the range began on an earlier day / goes on after this day */
  continuesBefore: boolean;
  continuesAfter: boolean;
  /** 0-based column inside the day when segments overlap, and how many columns the day needs */
  lane: number;
  lanes: number;
}

export const SLOT_MINUTES = 30;
const DAY_MINUTES = 24 * 60;

/** The seven Paris midnights of the week that starts at `weekStart` (a Monday midnight). */
export function weekDays(weekStart: Date): Date[] {
  return Array.from({ length: 7 }, (_, index) => addParisDays(weekStart, index));
}

const minuteOfDay = (instant: Date) => {
  const clock = parisClock(instant);
  return clock.hour * 60 + clock.minute;
};

/** Segments per day (index 0 = Monday), sorted by start, with overlap lanes. */
export function placeInWeek<T extends TimeRange>(items: T[], weekStart: Date): Segment<T>[][] {
  const days = [...weekDays(weekStart), addParisDays(weekStart, 7)];
  const columns: Segment<T>[][] = days.slice(0, 7).map(() => []);
  for (const item of items) {
    const start = new Date(item.start);
    const end = new Date(item.end);
    if (!(end > start)) continue;
    for (let day = 0; day < 7; day++) {
      const dayStart = days[day];
      const dayEnd = days[day + 1];
      if (end <= dayStart || start >= dayEnd) continue;
      const continuesBefore = start < dayStart;
      const continuesAfter = end > dayEnd;
      columns[day].push({
        item,
        day,
        startMinute: continuesBefore ? 0 : minuteOfDay(start),
        endMinute: continuesAfter || end.getTime() === dayEnd.getTime() ? DAY_MINUTES : minuteOfDay(end),
        continuesBefore,
        continuesAfter: continuesAfter,
        lane: 0,
        lanes: 1,
      });
    }
  }
  for (const column of columns) assignLanes(column);
  return columns;
}

/** Greedy lanes: each segment takes the first lane free at its start; a cluster of overlaps shares a lane count. */
function assignLanes<T extends TimeRange>(segments: Segment<T>[]): void {
  segments.sort((a, b) => a.startMinute - b.startMinute || b.endMinute - a.endMinute);
  let cluster: Segment<T>[] = [];
  let laneEnds: number[] = [];
  let clusterEnd = -1;
  const closeCluster = () => {
    for (const segment of cluster) segment.lanes = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };
  for (const segment of segments) {
    if (segment.startMinute >= clusterEnd) closeCluster();
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= segment.startMinute);
    if (lane === -1) lane = laneEnds.push(segment.endMinute) - 1;
    else laneEnds[lane] = segment.endMinute;
    segment.lane = lane;
    cluster.push(segment);
    clusterEnd = Math.max(clusterEnd, segment.endMinute);
  }
  closeCluster();
}

/** The hours the grid shows: 8:00–22:00 at least, widened to every segment of the week. */
export function visibleHours(columns: Segment<TimeRange>[][], defaults: [number, number] = [8, 22]): { first: number; last: number } {
  let first = defaults[0];
  let last = defaults[1];
  for (const segment of columns.flat()) {
    first = Math.min(first, Math.floor(segment.startMinute / 60));
    last = Math.max(last, Math.ceil(segment.endMinute / 60));
  }
  return { first, last };
}

/** CSS grid rows (1-based, end exclusive) of a segment on a grid of half hours starting at `firstHour`. */
export function gridRows(segment: { startMinute: number; endMinute: number }, firstHour: number): { rowStart: number; rowEnd: number } {
  const offset = firstHour * 60;
  const rowStart = 1 + Math.floor((segment.startMinute - offset) / SLOT_MINUTES);
  const rowEnd = Math.max(rowStart + 1, 1 + Math.ceil((segment.endMinute - offset) / SLOT_MINUTES));
  return { rowStart, rowEnd };
}
