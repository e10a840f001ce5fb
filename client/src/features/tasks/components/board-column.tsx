import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/feedback';
import { newClientId } from '@/lib/ids';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import { useCreateTask, type Task, type TaskStatus } from '../api/tasks';
import { useBoardActions } from './board-actions';
import { TaskCard } from './task-card';

export const DRAG_TYPE = 'application/x-maillage-task';
/**
 * Cards rendered at first, and added by each "show more": a column of thousands of tasks costs the
 * tab what a few screenfuls do. No infinite scroll: on a phone the columns are stacked, and a column
 * that grew as one scrolled would keep the next ones out of reach.
 */
export const CARDS_PER_STEP = 60;

export function BoardColumn({ status, tasks, findTask }: { status: TaskStatus; tasks: Task[]; findTask: (taskId: string) => Task | undefined }) {
  const { t } = useTranslation();
  const actions = useBoardActions();
  const [dropIndex, setDropIndex] = useState<number | null>(null);
  const [limit, setLimit] = useState(CARDS_PER_STEP);
  const [composing, setComposing] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);
  const closeComposer = () => {
    setComposing(false);
    addButton.current?.focus();
  };
  const headingId = `column-${status}`;
  const statusLabel = t(`taskStatus.${status}`);

  // a card asked to take the focus must be rendered, however far down it went
  const requested = actions.focusRequest.current ? tasks.findIndex((task) => task.id === actions.focusRequest.current) : -1;
  const shown = Math.min(tasks.length, Math.max(limit, requested + 1));
  const left = tasks.length - shown;

  const onDrop = (event: DragEvent, index: number) => {
    event.preventDefault();
    setDropIndex(null);
    const task = findTask(event.dataTransfer.getData(DRAG_TYPE));
    if (!task) return;
    // dropping before the card at `index` of the visible list = after the visible card before it
    const others = tasks.filter((candidate) => candidate.id !== task.id);
    const visibleIndex = tasks.slice(0, index).filter((candidate) => candidate.id !== task.id).length;
    actions.move(task, status, visibleIndex === 0 ? null : others[visibleIndex - 1].id, false);
  };

  const dragOver = (event: DragEvent, index: number) => {
    if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    setDropIndex(index);
  };

  return (
    <section className={`board__column board__column--${status}`} aria-labelledby={headingId} onDragLeave={() => setDropIndex(null)}>
      <header className="board__column-header">
        <h2 id={headingId} className="board__heading">
          <span className={`status-dot status-dot--${status}`} aria-hidden="true" />
          {statusLabel}{' '}
          <span className="board__count">
            <span className="visually-hidden">(</span>
            {t('boardUi.column.count', { count: tasks.length })}
            <span className="visually-hidden">)</span>
          </span>
        </h2>
        <button
          ref={addButton}
          type="button"
          className="board__add"
          aria-label={t('boardUi.column.add', { status: statusLabel })}
          aria-expanded={composing}
          onClick={() => setComposing(!composing)}
        >
          <span aria-hidden="true">+</span>
        </button>
      </header>
      {composing && <Composer status={status} onClose={closeComposer} />}
      <ol className="board__list" onDragOver={(event) => dragOver(event, shown)} onDrop={(event) => onDrop(event, shown)}>
        {tasks.slice(0, shown).map((task, index) => (
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
            <TaskCard
              task={task}
              upAfterId={index === 0 ? undefined : index >= 2 ? tasks[index - 2].id : null}
              downAfterId={index < tasks.length - 1 ? tasks[index + 1].id : undefined}
            />
          </li>
        ))}
        {tasks.length === 0 && !composing && <li className="board__empty">{t('board.columnEmpty')}</li>}
        {dropIndex === shown && <li className="board__drop-end" aria-hidden="true" />}
      </ol>
      {left > 0 && (
        <div className="board__more">
          <p className="muted">{t('boardUi.column.shown', { shown, total: tasks.length })}</p>
          <Button variant="ghost" onClick={() => setLimit(shown + CARDS_PER_STEP)}>
            {t('boardUi.column.showMore', { count: Math.min(CARDS_PER_STEP, left), left })}
          </Button>
        </div>
      )}
    </section>
  );
}

/** Trello's "add a card" at the top of a column: Enter creates and keeps the field for the next one, Escape closes. */
function Composer({ status, onClose }: { status: TaskStatus; onClose: () => void }) {
  const { t } = useTranslation();
  const { project } = useWorkspace();
  const create = useCreateTask(project.id);
  const [title, setTitle] = useState('');
  const statusLabel = t(`taskStatus.${status}`);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    create.mutate({ title: title.trim(), status, clientId: newClientId() }, { onSuccess: () => setTitle('') });
  };
  return (
    <form
      className="board__composer"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <FormAlert error={create.error} />
      <label className="visually-hidden" htmlFor={`composer-${status}`}>
        {t('boardUi.column.composerTitle', { status: statusLabel })}
      </label>
      <input id={`composer-${status}`} value={title} onChange={(event) => setTitle(event.target.value)} autoFocus autoComplete="off" />
      <div className="board__composer-actions">
        <Button type="submit" busy={create.isPending}>
          {t('boardUi.column.composerSubmit')}
        </Button>
        <Button variant="ghost" onClick={onClose}>
          {t('boardUi.column.composerClose')}
        </Button>
      </div>
    </form>
  );
}
