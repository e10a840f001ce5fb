import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import type { ProjectMemberList, ProjectMemberView } from '@maillage/contract';
import { AccessService } from '../common/access/access.service';
import { oid } from '../common/ids';
import { Membership } from '../associations/schemas/membership.schema';
import { UsersService } from '../users/users.service';

/**
 * The people of a project's active partners, for every partner to name and assign them: an
 * association's own member list stays its members' (404 to others), so partners read names here.
 * No e-mail: partners only need to know who is who.
 */
@Injectable()
export class ProjectMembersService {
  constructor(
    private readonly access: AccessService,
    @InjectModel(Membership.name) private readonly memberships: Model<Membership>,
    private readonly users: UsersService,
  ) {}

  async list(userId: string, projectId: string): Promise<ProjectMemberList> {
    const grant = await this.access.requireProject(userId, projectId, 'project.read');
    const associationIds = await this.access.activePartnerIds(grant.project._id);
    const rows = await this.memberships.find({ associationId: { $in: associationIds.map(oid) } }, { userId: 1, associationId: 1, role: 1 }).lean();
    const names = await this.users.displayNames(rows.map((row) => String(row.userId)));
    const items: ProjectMemberView[] = rows.flatMap((row) => {
      const displayName = names.get(String(row.userId));
      return displayName === undefined ? [] : [{ userId: String(row.userId), displayName, associationId: String(row.associationId), role: row.role }];
    });
    items.sort(
      (a, b) => a.displayName.localeCompare(b.displayName, 'fr') || a.userId.localeCompare(b.userId) || a.associationId.localeCompare(b.associationId),
    );
    return { items, nextCursor: null };
  }
}
