import { useState, type DragEvent, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/fields';
import { EmptyState, FormAlert, QueryBoundary, fieldErrorsOf } from '@/components/ui/feedback';
import { formatDate } from '@/lib/dates';
import { newClientId } from '@/lib/ids';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import { PartnerOptions } from './partner-options';
import { TASK_STATUSES, useCreateTask, useMoveTask, useTasks, type Task, type TaskStatus } from '../api/tasks';
import { columnOf } from '../api/task-cache';
import { filterTasks, NO_FILTERS, type TaskFilters } from '../api/filters';

const DRAG_TYPE = 'application/x-maillage-task';

export default function BoardPage() {
  const { t } = useTranslation();
  const { project } = useWorkspace();
  const tasks = useTasks(project.id);
  const move = useMoveTask(project.id);
  const [filters, setFilters] = useState<TaskFilters>(NO_FILTERS);
  const [announcement, setAnnouncement] = useState('');

  const moveTask = (task: Task, status: TaskStatus, afterTaskId: string | null) => {
    if (task.status === status && afterTaskId === task.id) return;
    move.mutate({ taskId: task.id, status, afterTaskId });
    setAnnouncement(t('board.moved', { title: task.title, status: t(`taskStatus.${status}`) }));
  };

  return (
    <Page title={t('board.title')}>
      <NewTaskForm />
      <BoardFilters filters={filters} onChange={setFilters} />
      <FormAlert error={move.error} />
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <QueryBoundary query={tasks}>
        {() => {
          const all = tasks.data!;
          const visible = filterTasks(all, filters);
          if (all.length === 0)
            return (
              <EmptyState title={t('board.emptyTitle')}>
                <p>{t('board.emptyBody')}</p>
              </EmptyState>
            );
          return (
            <div className="board">
              {TASK_STATUSES.map((status) => (
                <BoardColumn
                  key={status}
                  status={status}
                  tasks={columnOf(visible, status)}
                  fullColumn={columnOf(all, status)}
                  allTasks={all}
                  onMove={moveTask}
                />
              ))}
            </div>
          );
        }}
      </QueryBoundary>
    </Page>
  );
}

function BoardColumn({
  status,
  tasks,
  fullColumn,
  allTasks,
  onMove,
}: {
  status: TaskStatus;
  tasks: Task[];
  fullColumn: Task[];
  allTasks: Task[];
  onMove: (task: Task, status: TaskStatus, afterTaskId: string | null) => void;
}) {
  const { t } = useTranslation();
  const [dropIndex, setDropIndex] = useState<number | null>(null);
  const headingId = `column-${status}`;

  const onDrop = (event: DragEvent, index: number) => {
    event.preventDefault();
    setDropIndex(null);
    const task = allTasks.find((candidate) => candidate.id === event.dataTransfer.getData(DRAG_TYPE));
    if (!task) return;
    // dropping before the card at `index` of the visible list = after the visible card before it
    const others = tasks.filter((candidate) => candidate.id !== task.id);
    const visibleIndex = tasks.slice(0, index).filter((candidate) => candidate.id !== task.id).length;
    onMove(task, status, visibleIndex === 0 ? null : others[visibleIndex - 1].id);
  };

  const dragOver = (event: DragEvent, index: number) => {
    if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    setDropIndex(index);
  };

  return (
    <section className="board__column" aria-labelledby={headingId} onDragLeave={() => setDropIndex(null)}>
      <h2 id={headingId} className={`board__heading board__heading--${status}`}>
        {t(`taskStatus.${status}`)} <span className="muted">({tasks.length})</span>
      </h2>
      <ol className="board__list" onDragOver={(event) => dragOver(event, tasks.length)} onDrop={(event) => onDrop(event, tasks.length)}>
        {tasks.map((task, index) => (
          <li
            key={task.id}
            className={`task-card${dropIndex === index ? ' task-card--drop-before' : ''}`}
            draggable
            onDragStart={(event) => {
              event.dataTransfer.setData(DRAG_TYPE, task.id);
              event.dataTransfer.effectAllowed = 'move';
            }}
            onDragOver={(event) => {
              event.stopPropagation();
              dragOver(event, index);
            }}
            onDrop={(event) => {
              event.stopPropagation();
              onDrop(event, index);
            }}
          >
            <TaskCard task={task} column={fullColumn} allTasks={allTasks} onMove={onMove} />
          </li>
        ))}
        {dropIndex === tasks.length && <li className="board__drop-end" aria-hidden="true" />}
      </ol>
      {tasks.length === 0 && <p className="muted board__empty">{t('board.columnEmpty')}</p>}
    </section>
  );
}

function TaskCard({
  task,
  column,
  allTasks,
  onMove,
}: {
  task: Task;
  column: Task[];
  allTasks: Task[];
  onMove: (task: Task, status: TaskStatus, afterTaskId: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const { associationNames, people, project } = useWorkspace();
  const index = column.findIndex((candidate) => candidate.id === task.id);
  const done = task.checklist?.filter((item) => item.done).length ?? 0;
  return (
    <article aria-label={task.title}>
      <h3 className="task-card__title">
        <Link to={`/projects/${project.id}/tasks/${task.id}`}>{task.title}</Link>
      </h3>
      <p className="task-card__meta">
        {task.assigneeAssociationId && <span className="badge">{associationNames.get(task.assigneeAssociationId) ?? t('common.unknown')}</span>}
        {(task.assigneeUserIds ?? [])
          .map((id) => people.get(id))
          .filter(Boolean)
          .join(', ')}
        {task.dueDate && <span className="task-card__due">{t('tasks.dueOn', { date: formatDate(task.dueDate, i18n.language) })}</span>}
        {!!task.checklist?.length && <span>{t('tasks.checklistProgress', { done, total: task.checklist.length })}</span>}
      </p>
      <div className="task-card__controls">
        <label>
          <span className="visually-hidden">{t('board.statusOf', { title: task.title })}</span>
          <select
            value={task.status}
            onChange={(event) => {
              const status = event.target.value as TaskStatus;
              // the select puts the task at the end of the chosen column
              const last = columnOf(allTasks, status)
                .filter((candidate) => candidate.id !== task.id)
                .at(-1);
              onMove(task, status, last?.id ?? null);
            }}
          >
            {TASK_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`taskStatus.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <Button
          variant="ghost"
          aria-label={t('board.moveUp', { title: task.title })}
          disabled={index <= 0}
          onClick={() => onMove(task, task.status, index >= 2 ? column[index - 2].id : null)}
        >
          ↑
        </Button>
        <Button
          variant="ghost"
          aria-label={t('board.moveDown', { title: task.title })}
          disabled={index === -1 || index >= column.length - 1}
          onClick={() => onMove(task, task.status, column[index + 1].id)}
        >
          ↓
        </Button>
      </div>
    </article>
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
