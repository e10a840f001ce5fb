import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { ActivityView, DomainEvent } from '../common/domain-events';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { Activity } from './schemas/activity.schema';

const MAX_APPEND_ATTEMPTS = 200;

@Injectable()
export class ActivityService {
  private readonly logger = new Logger(ActivityService.name);

  constructor(
    @InjectModel(Activity.name) private readonly activities: Model<Activity>,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * Appends one activity with the next seq of the project and emits it.
   *
   * The seq is read as max+1 and claimed by inserting under the unique (projectId, seq) index; a
   * writer that loses the race retries with the new max. No counter is incremented ahead of the
   * insert, so a failure can never leave a gap, and the index forbids duplicates on MongoDB and
   * FerretDB alike without transactions.
   */
  async append(projectId: string | Types.ObjectId, type: string, actorId: string | Types.ObjectId | null, data: Record<string, unknown>): Promise<ActivityView> {
    const project = new Types.ObjectId(String(projectId));
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
      const seq = (await this.lastSeq(project)) + 1;
      try {
        const created = await this.activities.create({
          projectId: project,
          seq,
          type,
          actorId: actorId ? new Types.ObjectId(String(actorId)) : null,
          at: new Date(),
          data,
        });
        const view = this.toView(created.toObject());
        this.events.emit(DomainEvent.ActivityAppended, view);
        return view;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Another writer took this seq: back off a little, more the more we collide.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 20)));
      }
    }
    this.logger.error(`Could not append ${type} to project ${project} after ${MAX_APPEND_ATTEMPTS} attempts`);
    throw new Error('Activity log is too busy; try again');
  }

  async lastSeq(projectId: string | Types.ObjectId): Promise<number> {
    const last = await this.activities
      .findOne({ projectId: new Types.ObjectId(String(projectId)) }, { seq: 1 })
      .sort({ seq: -1 })
      .lean();
    return last?.seq ?? 0;
  }

  /** Activities with seq > after, oldest first. */
  async listAfter(projectId: string | Types.ObjectId, after: number, limit: number): Promise<ActivityView[]> {
    const rows = await this.activities
      .find({ projectId: new Types.ObjectId(String(projectId)), seq: { $gt: after } })
      .sort({ seq: 1 })
      .limit(limit)
      .lean();
    return rows.map((row) => this.toView(row));
  }

  /** Erasure: the log keeps what happened but no longer says who did it. */
  async anonymizeActor(userId: string): Promise<void> {
    await this.activities.updateMany({ actorId: new Types.ObjectId(userId) }, { $set: { actorId: null } });
  }

  toView(row: Activity): ActivityView {
    return {
      projectId: String(row.projectId),
      seq: row.seq,
      type: row.type,
      actorId: row.actorId ? String(row.actorId) : null,
      at: new Date(row.at).toISOString(),
      data: row.data ?? {},
    };
  }
}
