import { conflict } from '../common/errors/problem.exception';
import type { ProjectRow } from './project-views.service';

/** Archived projects are read-only; only reopening them (PATCH status) is allowed. */
export function assertNotArchived(project: Pick<ProjectRow, '_id' | 'status'>): void {
  if (project.status === 'archived') {
    throw conflict('This project is archived and read-only', { code: 'project_archived', current: { id: String(project._id), status: project.status } });
  }
}
