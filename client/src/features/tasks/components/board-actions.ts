import { createContext, useContext, type RefObject } from 'react';
import type { Task, TaskStatus } from '../api/tasks';

/** What a card can ask of its board; one stable object, so cards of long columns need not re-render. */
export interface BoardActions {
  /** moves the task right after `afterTaskId` (null: first); unless `keepFocus` is false (a drop), the focus follows the card */
  move: (task: Task, status: TaskStatus, afterTaskId: string | null, keepFocus?: boolean) => void;
  /** moves the task to the end of another column; the focus follows the card */
  moveToColumn: (task: Task, status: TaskStatus) => void;
  remove: (task: Task) => void;
  /** the task whose card takes the focus once it has moved (a moved DOM node loses it) */
  focusRequest: RefObject<string | null>;
}

export const BoardActionsContext = createContext<BoardActions | null>(null);

export function useBoardActions(): BoardActions {
  const actions = useContext(BoardActionsContext);
  if (!actions) throw new Error('a card needs a board');
  return actions;
}
