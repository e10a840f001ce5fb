import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { SelectField, TextAreaField, TextField } from '@/components/ui/fields';
import { EmptyState, FormAlert, Loading, Notice, fieldErrorsOf } from '@/components/ui/feedback';
import { isApiError } from '@/lib/api-client';
import { formatDateTime, fromDateInputValue, toDateInputValue } from '@/lib/dates';
import { mentionCandidates, mentionsIn, type MentionCandidate } from '@/features/notifications/api/mentions';
import { MentionText } from '@/features/notifications/components/mention-text';
import { MentionTextarea } from '@/features/notifications/components/mention-textarea';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import { PartnerOptions } from './partner-options';
import NotFoundPage from '@/app/routes/not-found-page';
import {
  TASK_STATUSES,
  useAddComment,
  useComments,
  useDeleteTask,
  useTasks,
  useUpdateTask,
  type ChecklistItem,
  type Task,
  type TaskInput,
  type TaskStatus,
} from '../api/tasks';

export default function TaskDetailPage() {
  const { taskId = '' } = useParams();
  const { project } = useWorkspace();
  const tasks = useTasks(project.id);
  if (tasks.isPending) return <Loading />;
  if (tasks.error) return <FormAlert error={tasks.error} />;
  const task = tasks.data.find((candidate) => candidate.id === taskId);
  if (!task) return <NotFoundPage />;
  return <TaskDetail task={task} />;
}

function TaskDetail({ task }: { task: Task }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { project } = useWorkspace();
  const update = useUpdateTask(project.id);
  const remove = useDeleteTask(project.id);
  const [conflict, setConflict] = useState(false);
  const [formKey, setFormKey] = useState(0);

  /** `base` is the task as it was when editing began: its version makes a concurrent edit answer 409. */
  const save = (patch: TaskInput, base: Task = task) => {
    setConflict(false);
    update.mutate(
      { task: base, patch },
      {
        onSuccess: () => setFormKey((key) => key + 1),
        onError: (error) => {
          setConflict(isApiError(error, 409));
          if (isApiError(error, 409)) setFormKey((key) => key + 1);
        },
      },
    );
  };

  return (
    <Page
      title={task.title}
      actions={
        <Link to={`/projects/${project.id}/board`} className="button button--ghost">
          {t('tasks.backToBoard')}
        </Link>
      }
    >
      {conflict && <Notice tone="warning">{t('tasks.conflict')}</Notice>}
      {!conflict && <FormAlert error={update.error} />}
      {/* remounted after a save or a 409, so the form shows the task as the server has it */}
      <TaskForm key={formKey} task={task} busy={update.isPending} error={conflict ? null : update.error} onSave={save} />
      <Checklist task={task} onSave={save} />
      <Comments taskId={task.id} />
      <section className="card card--danger" aria-labelledby="delete-task">
        <h2 id="delete-task">{t('tasks.deleteTitle')}</h2>
        <FormAlert error={remove.error} />
        <ConfirmButton
          question={t('tasks.deleteConfirm')}
          busy={remove.isPending}
          onConfirm={() => remove.mutate(task.id, { onSuccess: () => navigate(`/projects/${project.id}/board`, { replace: true }) })}
        >
          {t('tasks.delete')}
        </ConfirmButton>
      </section>
    </Page>
  );
}

function TaskForm({ task, busy, error, onSave }: { task: Task; busy: boolean; error: unknown; onSave: (patch: TaskInput, base: Task) => void }) {
  const { t } = useTranslation();
  // live updates do not wipe a draft: the form keeps the version it started from
  const [base] = useState(task);
  const { people, peopleByAssociation } = useWorkspace();
  const [associationId, setAssociationId] = useState(task.assigneeAssociationId ?? '');
  const [userIds, setUserIds] = useState<string[]>(task.assigneeUserIds ?? []);
  const fieldError = fieldErrorsOf(error);
  const candidates = associationId ? (peopleByAssociation.get(associationId) ?? []) : [...people.keys()];
  const shownPeople = [...new Set([...candidates, ...userIds])];

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onSave(
      {
        title: String(form.get('title')).trim(),
        description: String(form.get('description') ?? ''),
        status: form.get('status') as TaskStatus,
        assigneeAssociationId: associationId || null,
        assigneeUserIds: userIds,
        dueDate: fromDateInputValue(String(form.get('dueDate') ?? '')) ?? null,
      },
      base,
    );
  };

  return (
    <form onSubmit={submit} className="form card" noValidate>
      <TextField label={t('tasks.title')} name="title" defaultValue={base.title} required error={fieldError('title')} />
      <TextAreaField label={t('tasks.description')} name="description" defaultValue={base.description ?? ''} error={fieldError('description')} />
      <div className="form__row">
        <SelectField label={t('tasks.status')} name="status" defaultValue={base.status} error={fieldError('status')}>
          {TASK_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`taskStatus.${status}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('tasks.dueDate')} name="dueDate" type="date" defaultValue={toDateInputValue(base.dueDate)} error={fieldError('dueDate')} />
      </div>
      <SelectField
        label={t('tasks.assigneeAssociation')}
        value={associationId}
        onChange={(event) => setAssociationId(event.target.value)}
        error={fieldError('assigneeAssociationId')}
      >
        <PartnerOptions noneLabel={t('tasks.noAssociation')} />
      </SelectField>
      <fieldset className="checkbox-group">
        <legend>{t('tasks.assigneePeople')}</legend>
        {shownPeople.length === 0 && <p className="muted">{t('tasks.noPeople')}</p>}
        {shownPeople.map((userId) => (
          <label key={userId} className="checkbox">
            <input
              type="checkbox"
              checked={userIds.includes(userId)}
              onChange={(event) => setUserIds((ids) => (event.target.checked ? [...ids, userId] : ids.filter((id) => id !== userId)))}
            />
            {people.get(userId) ?? t('activity.someone')}
          </label>
        ))}
        {fieldError('assigneeUserIds') && <p className="field__error">{fieldError('assigneeUserIds')}</p>}
      </fieldset>
      <Button type="submit" busy={busy}>
        {t('common.save')}
      </Button>
    </form>
  );
}

function Checklist({ task, onSave }: { task: Task; onSave: (patch: TaskInput, base?: Task) => void }) {
  const { t } = useTranslation();
  const items: ChecklistItem[] = task.checklist ?? [];
  const [label, setLabel] = useState('');
  const setItems = (checklist: ChecklistItem[]) => onSave({ checklist });
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!label.trim()) return;
    setItems([...items, { text: label.trim(), done: false }]);
    setLabel('');
  };
  return (
    <section className="card" aria-labelledby="checklist-title">
      <h2 id="checklist-title">{t('tasks.checklist')}</h2>
      {items.length === 0 && <p className="muted">{t('tasks.checklistEmpty')}</p>}
      <ul className="checklist">
        {items.map((item, index) => (
          <li key={item.id ?? index} className="row">
            <label className="checkbox row__main">
              <input
                type="checkbox"
                checked={item.done}
                onChange={() => setItems(items.map((other, i) => (i === index ? { ...other, done: !other.done } : other)))}
              />
              {item.text}
            </label>
            <Button variant="ghost" aria-label={t('tasks.removeItem', { label: item.text })} onClick={() => setItems(items.filter((_, i) => i !== index))}>
              ✕
            </Button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="form form--inline">
        <TextField label={t('tasks.newItem')} value={label} onChange={(event) => setLabel(event.target.value)} />
        <Button type="submit" variant="secondary">
          {t('tasks.addItem')}
        </Button>
      </form>
    </section>
  );
}

function Comments({ taskId }: { taskId: string }) {
  const { t, i18n } = useTranslation();
  const workspace = useWorkspace();
  const { people, project } = workspace;
  const candidates = mentionCandidates(workspace);
  const comments = useComments(taskId);
  const add = useAddComment(taskId);
  const [body, setBody] = useState('');
  const [picked, setPicked] = useState<MentionCandidate[]>([]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = body.trim();
    if (!text) return;
    add.mutate(
      { body: text, mentions: mentionsIn(text, picked) },
      {
        onSuccess: () => {
          setBody('');
          setPicked([]);
        },
      },
    );
  };
  return (
    <section className="card" aria-labelledby="comments-title">
      <h2 id="comments-title">{t('tasks.comments')}</h2>
      {comments.isPending ? (
        <Loading />
      ) : comments.error ? (
        <FormAlert error={comments.error} />
      ) : comments.data.length === 0 ? (
        <EmptyState title={t('tasks.noComments')} />
      ) : (
        <ol className="comments" aria-live="polite">
          {comments.data.map((comment) => (
            <li key={comment.id} className="comment">
              <p className="comment__meta">
                <strong>{(comment.authorId && people.get(comment.authorId)) || t('activity.someone')}</strong>{' '}
                <time dateTime={comment.createdAt} className="muted">
                  {formatDateTime(comment.createdAt, i18n.language)}
                </time>
              </p>
              <MentionText body={comment.body} mentions={comment.mentions} candidates={candidates} projectId={project.id} />
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={submit} className="form">
        <FormAlert error={add.error} />
        <div className="field">
          <label htmlFor="comment-input">{t('tasks.newComment')}</label>
          <MentionTextarea
            id="comment-input"
            value={body}
            rows={3}
            candidates={candidates}
            onPick={(candidate) => setPicked((previous) => [...previous, candidate])}
            onValueChange={setBody}
            aria-invalid={fieldErrorsOf(add.error)('body') ? true : undefined}
          />
          {fieldErrorsOf(add.error)('body') && <p className="field__error">{fieldErrorsOf(add.error)('body')}</p>}
        </div>
        <Button type="submit" busy={add.isPending}>
          {t('tasks.sendComment')}
        </Button>
      </form>
    </section>
  );
}
