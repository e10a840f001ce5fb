import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectModel, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { randomUUID } from 'node:crypto';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { ShortMemo } from '../common/short-memo';
import { rowById } from './row-by-id';

/**
 * How stale a mark may be: what it guards is seen on every instance within this (plus one read),
 * which keeps invariant 8's "within 1 s" without any relay between instances.
 */
export const CHANGE_MARK_REFRESH_MS = 500;
/** How long after its last use a mark is still read ahead in the background. */
const KEEP_FRESH_AFTER_USE_MS = 10_000;

/**
 * The rare changes that end something every instance remembers: `sessions`, a session ended or an
 * account deleted; `access`, a membership, partner or project row written.
 */
export type ChangeMarkName = 'sessions' | 'access';

@Schema({ collection: 'change_marks', versionKey: false })
export class ChangeMark {
  @Prop({ type: String })
  _id: ChangeMarkName;

  @Prop({ required: true })
  value: string;

  @Prop({ required: true })
  movedAt: Date;
}

export const ChangeMarkSchema = SchemaFactory.createForClass(ChangeMark);

/**
 * A value in the database that every writer of a rare change moves after its own write, and that
 * each instance reads again at most every 500 ms. An answer remembered under the mark's current value
 * is still true, however long ago it was read: "is this session live?" then costs one read of the
 * mark per instance and half-second, instead of one read per session and half-second. A new random
 * value (not an increment) is what a move writes, so two moves racing on FerretDB's read-then-write
 * still leave a value no reader has seen.
 */
@Injectable()
export class ChangeMarks implements OnModuleDestroy {
  private readonly logger = new Logger(ChangeMarks.name);
  /** Each mark as read, for 500 ms from when its read began; a move forgets it. */
  private readonly reads = new ShortMemo<string>(CHANGE_MARK_REFRESH_MS);
  /** Per mark in use: when it was last asked for, and the timer that reads it ahead of need. */
  private readonly inUse = new Map<ChangeMarkName, { askedAt: number; timer: NodeJS.Timeout }>();

  constructor(@InjectModel(ChangeMark.name) private readonly marks: Model<ChangeMark>) {}

  /**
   * The mark as read at most 500 ms ago ('' while nothing ever moved it). While a mark is asked for,
   * it is read again in the background every 250 ms, so that requests find a fresh value instead of
   * waiting for it (before, one request in five at 10 a second waited one read per mark); 10 s after
   * the last ask, the background reads stop.
   */
  current(name: ChangeMarkName): Promise<string> {
    this.keepFresh(name);
    return this.reads.get(name, () => this.readStored(name));
  }

  onModuleDestroy(): void {
    for (const { timer } of this.inUse.values()) clearInterval(timer);
    this.inUse.clear();
  }

  /** The database's answer, by `_id`. */
  private async readStored(name: ChangeMarkName): Promise<string> {
    return (await rowById(this.marks, name, { value: 1 }))?.value ?? '';
  }

  private keepFresh(name: ChangeMarkName): void {
    const now = Date.now();
    const used = this.inUse.get(name);
    if (used) {
      used.askedAt = now;
      return;
    }
    const timer = setInterval(() => {
      const entry = this.inUse.get(name);
      if (!entry || Date.now() - entry.askedAt > KEEP_FRESH_AFTER_USE_MS) {
        clearInterval(timer);
        this.inUse.delete(name);
        return;
      }
      // A failed read is tried again at the next tick; askers meanwhile read for themselves.
      this.reads.renew(name, () => this.readStored(name));
    }, CHANGE_MARK_REFRESH_MS / 2);
    timer.unref();
    this.inUse.set(name, { askedAt: now, timer });
  }

  /** After the change's own write (never before: a reader could remember the old state under the new mark). */
  async move(name: ChangeMarkName): Promise<void> {
    const moved = { $set: { value: randomUUID(), movedAt: new Date() } };
    try {
      await this.marks.updateOne({ _id: name }, moved, { upsert: true });
    } catch (error) {
      // Two first moves raced to insert the row: the other insert won, this update now finds it.
      if (!isDuplicateKeyError(error)) throw error;
      await this.marks.updateOne({ _id: name }, moved);
    }
    // A read begun before this move, in flight or behind the answer, is not kept either.
    this.reads.forget(name);
  }

  /**
   * `move` after a change that is done and whose answer must not fail for the mark (a retry would
   * find nothing left to do): a failure is logged, and the readers' time to live bounds its effect.
   */
  async moveOrWarn(name: ChangeMarkName): Promise<void> {
    await this.move(name).catch((error: unknown) => this.logger.warn(`Could not move the ${name} mark for the other instances: ${String(error)}`));
  }
}
