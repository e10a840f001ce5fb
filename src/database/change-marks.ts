import { Injectable, Logger } from '@nestjs/common';
import { InjectModel, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { randomUUID } from 'node:crypto';
import { Model } from 'mongoose';
import { ShortMemo } from '../common/short-memo';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';

/**
 * How stale a mark may be: what it guards is seen on every instance within this (plus one read),
 * which keeps invariant 8's "within 1 s" without any relay between instances.
 */
export const CHANGE_MARK_REFRESH_MS = 500;

/**
 * The rare changes that end something every instance remembers: `sessions`, a session ended or an
 * account deleted; `access`, a membership or a partner row written.
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
export class ChangeMarks {
  private readonly logger = new Logger(ChangeMarks.name);
  private readonly reads = new ShortMemo<string>(CHANGE_MARK_REFRESH_MS);

  constructor(@InjectModel(ChangeMark.name) private readonly marks: Model<ChangeMark>) {}

  /** The mark as read at most 500 ms ago ('' while nothing ever moved it). */
  current(name: ChangeMarkName): Promise<string> {
    return this.reads.get(name, async () => (await this.marks.findById(name, { value: 1 }).lean())?.value ?? '');
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
