import { useCallback, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/fields';
import { EmptyState, FormAlert, QueryBoundary, fieldErrorsOf } from '@/components/ui/feedback';
import { newClientId } from '@/lib/ids';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import { PartnerOptions } from './partner-options';
import { TASK_STATUSES, useCreateTask, useDeleteTask, useMoveTask, useTasks, type Task, type TaskStatus } from '../api/tasks';
import { sortTasks } from '../api/task-cache';
import { filterTasks, NO_FILTERS, type TaskFilters } from '../api/filters';
import { BoardActionsContext, type BoardActions } from './board-actions';
import { BoardColumn } from './board-column';
import './board.css';

/** How long a moved card keeps its claim on the focus after the server answered (renders may still move it). */
const FOCUS_CLAIM_MS = 1500;

/** The columns of a list already sorted by status then position, in one pass (boards of thousands of tasks). */
function splitColumns(tasks: Task[]): Record<TaskStatus, Task[]> {
  const columns = Object.fromEntries(TASK_STATUSES.map((status) => [status, [] as Task[]])) as Record<TaskStatus, Task[]>;
  for (const task of sortTasks(tasks)) columns[task.status]?.push(task);
  return columns;
}

export default function BoardPage() {
  const { t } = useTranslation();
  const { project } = useWorkspace();
  const tasks = useTasks(project.id);
  const move = useMoveTask(project.id);
  const remove = useDeleteTask(project.id);
  const [filters, setFilters] = useState<TaskFilters>(NO_FILTERS);
  const [announcement, setAnnouncement] = useState('');
  const focusRequest = useRef<string | null>(null);
  const all = tasks.data;
  const allColumns = useMemo(() => splitColumns(all ?? []), [all]);
  const visibleColumns = useMemo(() => (filters === NO_FILTERS ? allColumns : splitColumns(filterTasks(all ?? [], filters))), [all, allColumns, filters]);
  const byId = useMemo(() => new Map((all ?? []).map((task) => [task.id, task])), [all]);
  // the actions read the latest board without changing identity, so cards need not re-render
  const latest = useRef({ allColumns, byId });
  useLayoutEffect(() => {
    latest.current = { allColumns, byId };
  });

  const { mutate: mutateMove } = move;
  const { mutate: mutateRemove } = remove;
  const actions = useMemo<BoardActions>(() => {
    const moveTask: BoardActions['move'] = (task, status, afterTaskId, keepFocus = true) => {
      if (task.status === status && afterTaskId === task.id) return;
      if (keepFocus) focusRequest.current = task.id;
      mutateMove(
        { taskId: task.id, status, afterTaskId },
        {
          onSettled: () =>
            setTimeout(() => {
              if (focusRequest.current === task.id) focusRequest.current = null;
            }, FOCUS_CLAIM_MS),
        },
      );
      setAnnouncement(t('board.moved', { title: task.title, status: t(`taskStatus.${status}`) }));
    };
    return {
      move: moveTask,
      moveToColumn: (task, status) => {
        // to the end of the chosen column
        const last = latest.current.allColumns[status].filter((candidate) => candidate.id !== task.id).at(-1);
        moveTask(task, status, last?.id ?? null);
      },
      remove: (task) => {
        // the focus goes to the card that takes its place, or the one above
        const column = latest.current.allColumns[task.status];
        const index = column.findIndex((candidate) => candidate.id === task.id);
        focusRequest.current = (column[index + 1] ?? column[index - 1])?.id ?? null;
        mutateRemove(task.id, { onSuccess: () => setAnnouncement(t('boardUi.card.deleted', { title: task.title })) });
      },
      focusRequest,
    };
  }, [mutateMove, mutateRemove, t]);
  const findTask = useCallback((taskId: string) => latest.current.byId.get(taskId), []);

  return (
    <Page title={t('board.title')}>
      <div className="board-toolbar">
        <NewTaskForm />
        <BoardFilters filters={filters} onChange={setFilters} />
      </div>
      <FormAlert error={move.error ?? remove.error} />
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <QueryBoundary query={tasks}>
        {() => {
          if (all!.length === 0)
            return (
              <EmptyState title={t('board.emptyTitle')}>
                <p>{t('board.emptyBody')}</p>
              </EmptyState>
            );
          return (
            <BoardActionsContext.Provider value={actions}>
              <p className="muted board__hint">{t('boardUi.card.dragHint')}</p>
              <div className="board">
                {TASK_STATUSES.map((status) => (
                  <BoardColumn key={status} status={status} tasks={visibleColumns[status]} findTask={findTask} />
                ))}
              </div>
            </BoardActionsContext.Provider>
          );
        }}
      </QueryBoundary>
    </Page>
  );
}

function BoardFilters({ filters, onChange }: { filters: TaskFilters; onChange: (filters: TaskFilters) => void }) {
  const { t } = useTranslation();
  const { people } = useWorkspace();
  return (
    <details className="filters" open={filters !== NO_FILTERS || undefined}>
      <summary>{t('board.filters')}</summary>
      <div className="form__row">
        <SelectField
          label={t('board.filterAssociation')}
          value={filters.associationId}
          onChange={(event) => onChange({ ...filters, associationId: event.target.value })}
        >
          <PartnerOptions noneLabel={t('board.all')} />
        </SelectField>
        <SelectField label={t('board.filterPerson')} value={filters.userId} onChange={(event) => onChange({ ...filters, userId: event.target.value })}>
          <option value="">{t('board.all')}</option>
          {[...people].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('board.filterDue')}
          type="date"
          value={filters.dueBefore}
          onChange={(event) => onChange({ ...filters, dueBefore: event.target.value })}
        />
      </div>
      <Button variant="ghost" onClick={() => onChange(NO_FILTERS)}>
        {t('board.clearFilters')}
      </Button>
    </details>
  );
}

function NewTaskForm() {
  const { t } = useTranslation();
  const { project } = useWorkspace();
  const create = useCreateTask(project.id);
  const fieldError = fieldErrorsOf(create.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const assigneeAssociationId = String(form.get('assigneeAssociationId') ?? '');
    create.mutate(
      { title: String(form.get('title')).trim(), status: 'todo', assigneeAssociationId: assigneeAssociationId || undefined, clientId: newClientId() },
      { onSuccess: () => formElement.reset() },
    );
  };
  return (
    <form onSubmit={submit} className="form form--inline card" aria-label={t('board.newTask')} noValidate>
      <FormAlert error={create.error} />
      <TextField label={t('board.newTaskTitle')} name="title" required error={fieldError('title')} />
      <SelectField label={t('tasks.assigneeAssociation')} name="assigneeAssociationId" error={fieldError('assigneeAssociationId')}>
        <PartnerOptions noneLabel={t('tasks.noAssociation')} />
      </SelectField>
      <Button type="submit" busy={create.isPending}>
        {t('board.addTask')}
      </Button>
    </form>
  );
}
