// Pure list operations on the cached board, shared by mutations and realtime activities.
import type { BoardView, TaskStatus, TaskView } from '@maillage/contract';

export type { TaskStatus } from '@maillage/contract';
export type Task = TaskView;

export const TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'done'] as const satisfies readonly TaskStatus[];

/** The tasks of a board answer (stored by field, in board order) as task objects, in the same order. */
export function tasksOfBoard(board: BoardView): Task[] {
  const fields = Object.keys(board.tasks) as (keyof BoardView['tasks'])[];
  return Array.from({ length: board.count }, (_, index) => {
    const task = { projectId: board.projectId } as Record<string, unknown>;
    for (const field of fields) task[field] = board.tasks[field][index];
    return task as unknown as Task;
  });
}

export function sortTasks(tasks: Task[]): Task[] {
  return [...tasks].sort((a, b) => TASK_STATUSES.indexOf(a.status) - TASK_STATUSES.indexOf(b.status) || a.position - b.position || a.id.localeCompare(b.id));
}

/**
 * Inserts or replaces a task. Without `force`, an older version never overwrites a newer one
 * (activities can arrive after the answer of our own write).
 */
export function upsertTask(tasks: Task[] | undefined, task: Task, { force = false } = {}): Task[] | undefined {
  if (!tasks) return tasks;
  const index = tasks.findIndex((existing) => existing.id === task.id);
  if (index === -1) return sortTasks([...tasks, task]);
  if (!force && tasks[index].version > task.version) return tasks;
  const next = [...tasks];
  next[index] = { ...tasks[index], ...task };
  return sortTasks(next);
}

export function removeTask(tasks: Task[] | undefined, taskId: string): Task[] | undefined {
  return tasks?.filter((task) => task.id !== taskId);
}

export function columnOf(tasks: Task[], status: TaskStatus): Task[] {
  return sortTasks(tasks.filter((task) => task.status === status));
}

/** Places a task right after `afterTaskId` in `status` (first when null), as POST /tasks/:id/move will. */
export function moveTaskInList(tasks: Task[], taskId: string, status: TaskStatus, afterTaskId: string | null): Task[] {
  const moving = tasks.find((task) => task.id === taskId);
  if (!moving) return tasks;
  const column = columnOf(tasks, status).filter((task) => task.id !== taskId);
  const afterIndex = afterTaskId ? column.findIndex((task) => task.id === afterTaskId) : -1;
  const before = afterIndex >= 0 ? column[afterIndex] : undefined;
  const after = column[afterIndex + 1];
  let position: number;
  if (before && after) position = (before.position + after.position) / 2;
  else if (before) position = before.position + 1;
  else if (after) position = after.position - 1;
  else position = 0;
  return sortTasks(tasks.map((task) => (task.id === taskId ? { ...task, status, position } : task)));
}
