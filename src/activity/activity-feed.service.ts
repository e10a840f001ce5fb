import { Injectable } from '@nestjs/common';
import { AccessService } from '../common/access/access.service';
import type { ActivityFeedPage } from '@maillage/contract';
import { badRequest } from '../common/errors/problem.exception';
import { decodeCursor, DEFAULT_LIMIT, encodeCursor } from '../common/pagination/pagination';
import { UsersService } from '../users/users.service';
import { userIdsIn } from './activity-user-references';
import { ActivityService } from './activity.service';
import { ActivityQueryDto } from './dto/activity-query.dto';

/** The read side of a project's log, behind the project.read check. */
@Injectable()
export class ActivityFeedService {
  constructor(
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly users: UsersService,
  ) {}

  async read(userId: string, projectId: string, query: ActivityQueryDto): Promise<ActivityFeedPage> {
    const grant = await this.access.requireProject(userId, projectId, 'project.read');
    const limit = query.limit ?? DEFAULT_LIMIT;
    let after = query.after ?? 0;
    const cursor = decodeCursor<{ after: number }>(query.cursor);
    if (cursor) {
      if (!Number.isInteger(cursor.after) || cursor.after < 0) throw badRequest('cursor', 'is not a cursor this server gave');
      after = Math.max(after, cursor.after);
    }
    // Read concurrently with appends: lastSeq is never reported below an item returned.
    const [rows, lastSeq] = await Promise.all([this.activity.listAfter(grant.project._id, after, limit + 1), this.activity.lastSeq(grant.project._id)]);
    const items = rows.slice(0, limit);
    const highest = Math.max(lastSeq, rows.at(-1)?.seq ?? 0);
    const hasMore = rows.length > limit;
    const page: ActivityFeedPage = { items, lastSeq: highest, nextCursor: hasMore ? encodeCursor({ after: items[items.length - 1].seq }) : null };
    if (items.length) page.people = await this.namesIn(items);
    return page;
  }

  /**
   * The names of everyone the items name, so each partner reads who did what, people of other
   * associations and former members included (their member lists are not theirs to read).
   */
  private async namesIn(items: ActivityFeedPage['items']): Promise<Record<string, string>> {
    const ids = items.flatMap((item) => [...(item.actorId ? [item.actorId] : []), ...userIdsIn(item.type, item.data)]);
    return Object.fromEntries(await this.users.displayNames(ids));
  }
}
