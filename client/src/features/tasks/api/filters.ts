import type { Task } from './task-cache';

export interface TaskFilters {
  associationId: string;
  userId: string;
  /** yyyy-mm-dd: tasks due on or before that day */
  dueBefore: string;
}

export const NO_FILTERS: TaskFilters = { associationId: '', userId: '', dueBefore: '' };

export function filterTasks(tasks: Task[], filters: TaskFilters): Task[] {
  const limit = filters.dueBefore ? new Date(`${filters.dueBefore}T23:59:59.999Z`).getTime() : undefined;
  return tasks.filter(
    (task) =>
      (!filters.associationId || task.assigneeAssociationId === filters.associationId) &&
      (!filters.userId || (task.assigneeUserIds ?? []).includes(filters.userId)) &&
      (limit === undefined || (!!task.dueDate && new Date(task.dueDate).getTime() <= limit)),
  );
}
