import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { ActivityService } from '../activity/activity.service';
import { ClaimedStamps, StampedCache, StampHead } from '../database/stamped-cache';
import { CATALOGUE_KEY, CATALOGUE_STAMP } from '../resources/resources.service';
import { UserDataRegistry } from '../users/user-data.registry';

/** What a project's reads were checked against: its activity log's head and the resource catalogue's stamp. */
export interface ProjectStamp {
  projectId: string;
  seq: number;
  catalogue: number;
}

/** Copies of a project's data, each counted in rows against the memory budget. */
const MAX_CACHED_ROWS = 200_000;
/**
 * Erasing a user's data rewrites rows without appending to the log (who recorded a contribution):
 * copies are read again after this long, as the activity tails are.
 */
const MAX_AGE_MS = 60_000;

/**
 * Copies of what the ledger and the summary read about a project (contributions, bookings, shifts,
 * events, tasks, partners), checked before each use against two stamps (see StampedCache):
 *  - the project's activity log head: every change to those rows is an entity write followed by its
 *    activity (PendingActivityService), so the head moves after each of them, on any instance;
 *  - the resource catalogue's stamp: a resource's rate, name or kind (what a booking is valued
 *    with) changes through ResourcesService only, which stamps the catalogue after each write.
 * Both are read (two lookups by `_id`) before the data, so a copy is never newer than its stamps
 * claim. What depends on the clock (a booking that has ended, an upcoming event) and on the project
 * document (the volunteer rate, read fresh by the access check) is computed at each read, from the
 * copy. On FerretDB v1 this turns half a second of collection scans into two small reads.
 */
@Injectable()
export class ProjectInputs implements OnApplicationBootstrap {
  private readonly copies = new StampedCache<{ rows: unknown; size: number }>(
    {
      // Stamps are read by `stampOf` (two stores); the cache only compares them.
      read: () => Promise.reject(new Error('ProjectInputs reads its stamps itself')),
      readAll: () => Promise.reject(new Error('ProjectInputs reads its stamps itself')),
      advance: () => Promise.reject(new Error('ProjectInputs never stamps: writers do')),
    },
    { maxSize: MAX_CACHED_ROWS, sizeOf: (copy) => copy.size, maxAgeMs: MAX_AGE_MS },
  );
  private readonly catalogue: ClaimedStamps;

  constructor(
    private readonly activity: ActivityService,
    @InjectModel(CATALOGUE_STAMP) catalogueStamps: Model<StampHead>,
    private readonly registry: UserDataRegistry,
  ) {
    this.catalogue = new ClaimedStamps(catalogueStamps);
  }

  /** After the features' erasers (registered at module init): this instance forgets at once, the others within MAX_AGE_MS. */
  onApplicationBootstrap(): void {
    this.registry.register({ name: 'project-inputs', erase: () => Promise.resolve(this.copies.clear()) });
  }

  /** The stamps to read a project's copies at, read now. */
  async stampOf(projectId: Types.ObjectId | string): Promise<ProjectStamp> {
    const [seq, catalogue] = await Promise.all([
      this.activity.lastSeq(projectId),
      this.catalogue.read([CATALOGUE_KEY]).then((stamps) => stamps.get(CATALOGUE_KEY)!),
    ]);
    return { projectId: String(projectId), seq, catalogue };
  }

  /**
   * The copy named `name` of the project at `stamp` (read by `stampOf` before this call), or what
   * `load` reads now; `size` counts its rows.
   */
  async get<T>(stamp: ProjectStamp, name: string, load: () => Promise<T>, size: (rows: T) => number): Promise<T> {
    const key = `${name}:${stamp.projectId}:${stamp.catalogue}`;
    const copy = await this.copies.getAt(key, stamp.seq, async () => {
      const rows = await load();
      return { rows, size: Math.max(1, size(rows)) };
    });
    return copy.rows as T;
  }
}
