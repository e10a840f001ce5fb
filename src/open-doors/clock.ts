import { Injectable } from '@nestjs/common';

/**
 * The time the open-doors rules read (sign-up closing, the 30-day erasure). A provider rather than
 * `Date.now()` so a test can move it forward a month without waiting (`set`), as a real app would.
 */
@Injectable()
export class OpenDoorsClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Test hook: from now on, `now()` answers `date` plus the real time elapsed since. */
  set(date: Date): void {
    this.offsetMs = date.getTime() - Date.now();
  }
}
