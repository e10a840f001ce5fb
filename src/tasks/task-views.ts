import { mentionsField } from '../common/mentions';
import type { BoardTaskField, CommentView, TaskView } from '@maillage/contract';
import { Types } from 'mongoose';
import { TaskComment } from './schemas/task-comment.schema';
import type { TaskRow } from './task-boards';

export type CommentRow = TaskComment & { _id: Types.ObjectId };

export type { CommentView, TaskView };

const idOrNull = (id: Types.ObjectId | null | undefined) => (id ? String(id) : null);
const iso = (date: Date | string) => new Date(date).toISOString();

/** Views of board rows, computed once per stored version (rows are replaced, never mutated). */
const taskViews = new WeakMap<TaskRow, TaskView>();

/** Every field of a task the board sends (a record, so the compiler names any field forgotten). */
const BOARD_FIELDS: Record<BoardTaskField, true> = {
  id: true,
  title: true,
  description: true,
  status: true,
  position: true,
  assigneeAssociationId: true,
  assigneeUserIds: true,
  dueDate: true,
  checklist: true,
  eventId: true,
  createdBy: true,
  clientId: true,
  version: true,
  createdAt: true,
  updatedAt: true,
};
export const BOARD_TASK_FIELDS = Object.keys(BOARD_FIELDS) as BoardTaskField[];

export function toTaskView(row: TaskRow): TaskView {
  let view = taskViews.get(row);
  if (!view) taskViews.set(row, (view = buildTaskView(row)));
  return view;
}

function buildTaskView(row: TaskRow): TaskView {
  return {
    id: String(row._id),
    projectId: String(row.projectId),
    title: row.title,
    description: row.description ?? '',
    status: row.status,
    position: row.position,
    assigneeAssociationId: idOrNull(row.assigneeAssociationId),
    assigneeUserIds: (row.assigneeUserIds ?? []).map(String),
    dueDate: row.dueDate ? iso(row.dueDate) : null,
    checklist: (row.checklist ?? []).map((item) => ({ id: item.id, text: item.text, done: !!item.done })),
    eventId: idOrNull(row.eventId),
    createdBy: idOrNull(row.createdBy),
    clientId: row.clientId,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function toCommentView(row: CommentRow): CommentView {
  return {
    id: String(row._id),
    taskId: String(row.taskId),
    projectId: String(row.projectId),
    authorId: idOrNull(row.authorId),
    body: row.body,
    ...mentionsField(row.mentions),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
