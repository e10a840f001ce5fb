import { memo, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { MenuButton, type MenuGroup } from '@/components/ui/menu-button';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import { TASK_STATUSES, type Task } from '../api/tasks';
import { useBoardActions } from './board-actions';
import { avatarColour, formatDueDay, initialsOf, isOverdue } from './due-date';

const MAX_AVATARS = 3;

/**
 * A compact card, as on Trello, Planka or Deck: the title, then only what helps to pick the next card
 * (who, by when, how far); every action sits in its "⋯" menu, which is also the keyboard way to move it.
 * `upAfterId`/`downAfterId`: where ↑/↓ put it (undefined: already first/last).
 */
export const TaskCard = memo(function TaskCard({
  task,
  upAfterId,
  downAfterId,
}: {
  task: Task;
  upAfterId: string | null | undefined;
  downAfterId: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { associationNames, people, project } = useWorkspace();
  const actions = useBoardActions();
  const menuButton = useRef<HTMLButtonElement>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  // after a move the card may be a new node, or a moved one that lost the focus: give it back
  useEffect(() => {
    if (actions.focusRequest.current !== task.id) return;
    const active = document.activeElement;
    if (active && active !== document.body && active !== menuButton.current) return;
    menuButton.current?.focus();
  });

  const checklist = task.checklist ?? [];
  const done = checklist.filter((item) => item.done).length;
  const names = (task.assigneeUserIds ?? []).flatMap((id) => {
    const name = people.get(id);
    return name ? [{ id, name }] : [];
  });
  const overdue = !!task.dueDate && task.status !== 'done' && isOverdue(task.dueDate);

  const groups: MenuGroup[] = [
    {
      key: 'open',
      actions: [{ key: 'open', label: t('boardUi.card.open'), onSelect: () => navigate(`/projects/${project.id}/tasks/${task.id}`) }],
    },
    {
      key: 'order',
      actions: [
        ...(upAfterId !== undefined ? [{ key: 'up', label: t('boardUi.card.moveUp'), onSelect: () => actions.move(task, task.status, upAfterId) }] : []),
        ...(downAfterId !== undefined
          ? [{ key: 'down', label: t('boardUi.card.moveDown'), onSelect: () => actions.move(task, task.status, downAfterId) }]
          : []),
      ],
    },
    {
      key: 'column',
      label: t('boardUi.card.moveTo'),
      actions: TASK_STATUSES.filter((status) => status !== task.status).map((status) => ({
        key: status,
        label: (
          <>
            <span className={`status-dot status-dot--${status}`} aria-hidden="true" />
            {t(`taskStatus.${status}`)}
          </>
        ),
        onSelect: () => actions.moveToColumn(task, status),
      })),
    },
    { key: 'delete', actions: [{ key: 'delete', label: t('boardUi.card.delete'), danger: true, onSelect: () => setConfirmingDelete(true) }] },
  ].filter((group) => group.actions.length > 0);

  return (
    <article aria-label={task.title} className="task-card__body">
      <div className="task-card__top">
        <h3 className="task-card__title">
          <Link to={`/projects/${project.id}/tasks/${task.id}`}>{task.title}</Link>
        </h3>
        <MenuButton label={t('boardUi.card.actions', { title: task.title })} groups={groups} buttonRef={menuButton} className="task-card__menu">
          <span aria-hidden="true">⋯</span>
        </MenuButton>
      </div>
      {(task.assigneeAssociationId || task.dueDate || checklist.length > 0 || names.length > 0) && (
        <div className="task-card__meta">
          {task.assigneeAssociationId && (
            <span className="task-card__association">{associationNames.get(task.assigneeAssociationId) ?? t('common.unknown')}</span>
          )}
          {task.dueDate && (
            <span className={`chip${overdue ? ' chip--overdue' : ''}`}>
              <CalendarIcon />
              <span className="visually-hidden">{`${t('boardUi.card.due')} `}</span>
              {formatDueDay(task.dueDate, i18n.language)}
              {overdue && <span className="visually-hidden">, {t('boardUi.card.overdue')}</span>}
            </span>
          )}
          {checklist.length > 0 && (
            <span className={`chip${done === checklist.length ? ' chip--complete' : ''}`}>
              <CheckIcon />
              <span className="visually-hidden">{t('boardUi.card.checklist', { done, total: checklist.length })}</span>
              <span aria-hidden="true">
                {done}/{checklist.length}
              </span>
            </span>
          )}
          {names.length > 0 && (
            <span className="avatars">
              <span className="visually-hidden">{t('boardUi.card.assignees', { names: names.map((person) => person.name).join(', ') })}</span>
              {names.slice(0, MAX_AVATARS).map((person) => (
                <span key={person.id} className="avatar" style={{ background: avatarColour(person.id) }} title={person.name} aria-hidden="true">
                  {initialsOf(person.name)}
                </span>
              ))}
              {names.length > MAX_AVATARS && (
                <span className="avatar avatar--more" aria-hidden="true">
                  +{names.length - MAX_AVATARS}
                </span>
              )}
            </span>
          )}
        </div>
      )}
      {confirmingDelete && (
        <div className="task-card__confirm" role="group" aria-label={t('boardUi.card.deleteConfirm', { title: task.title })}>
          <p>{t('boardUi.card.deleteConfirm', { title: task.title })}</p>
          <div className="actions">
            <Button variant="danger" autoFocus onClick={() => actions.remove(task)}>
              {t('boardUi.card.deleteYes')}
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                setConfirmingDelete(false);
                menuButton.current?.focus();
              }}
            >
              {t('common.cancel')}
            </Button>
          </div>
        </div>
      )}
    </article>
  );
});

function CalendarIcon() {
  return (
    <svg className="chip__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="1.5" y="3" width="13" height="11.5" rx="2" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

function CheckIcon() {
  return (
    <svg className="chip__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="1.5" y="1.5" width="13" height="13" rx="2.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M4.5 8.2l2.3 2.3 4.7-5" fill="none" stroke="currentColor" strokeWidth="1.8" />
    </svg>
  );
}
