// The people of a project, named for its partners (who cannot read each other's member lists).
import type { AssociationRole } from './views';

/** GET /api/projects/:id/members: one row per membership of an active partner association. */
export interface ProjectMemberView {
  userId: string;
  displayName: string;
  associationId: string;
  role: AssociationRole;
}

/** The whole list at once: a project's partners have tens of people, not thousands. */
export interface ProjectMemberList {
  items: ProjectMemberView[];
  nextCursor: null;
}
