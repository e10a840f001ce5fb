import type { DecisionKind } from '@maillage/contract';
import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { fieldErrorsOf, FormAlert } from '@/components/ui/feedback';
import { TextAreaField, TextField } from '@/components/ui/fields';
import { fromParisInputValue, toParisInputValue } from '@/features/calendar/paris-time';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import { useProposeDecision } from '../api/decisions';
import './decisions.css';

const KINDS: DecisionKind[] = ['consent', 'yes_no', 'choice'];
const WEEK_MS = 7 * 24 * 3_600_000;

/** What the chat's "propose a decision" action hands over (router state). */
export interface FromMessage {
  body: string;
  authorName: string;
}

/** The first line of a message, short enough for a title. */
const titleFrom = (body: string) => {
  const line = body.trim().split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
};

/** A week from now at 18:00 Paris time: evenings are when volunteers read. */
function defaultClosing(): string {
  const value = toParisInputValue(new Date(Date.now() + WEEK_MS));
  return `${value.slice(0, 10)}T18:00`;
}

/** Proposing a decision, from scratch or from a chat message. */
export default function NewDecisionPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { project } = useWorkspace();
  const fromMessage = (useLocation().state as { fromMessage?: FromMessage } | null)?.fromMessage;
  const propose = useProposeDecision(project.id);
  const [title, setTitle] = useState(fromMessage ? titleFrom(fromMessage.body) : '');
  const [body, setBody] = useState(fromMessage?.body ?? '');
  const [kind, setKind] = useState<DecisionKind>('consent');
  const [options, setOptions] = useState('');
  const [closesAt, setClosesAt] = useState(defaultClosing);
  const fieldError = fieldErrorsOf(propose.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const optionList = options
      .split('\n')
      .map((option) => option.trim())
      .filter(Boolean);
    propose.mutate(
      {
        title: title.trim(),
        ...(body.trim() ? { body: body.trim() } : {}),
        kind,
        ...(kind === 'choice' ? { options: optionList } : {}),
        closesAt: fromParisInputValue(closesAt) ?? '',
      },
      { onSuccess: (decision) => navigate(`/projects/${project.id}/decisions/${decision.id}`) },
    );
  };

  return (
    <Page title={t('decisions.propose')}>
      {fromMessage && (
        <>
          <p className="muted">{t('decisions.form.fromMessage', { author: fromMessage.authorName })}</p>
          <blockquote className="decision-quote prewrap">{fromMessage.body}</blockquote>
        </>
      )}
      <form className="form" onSubmit={submit} noValidate>
        <FormAlert error={propose.error} />
        <TextField
          label={t('decisions.form.title')}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          required
          maxLength={200}
          error={fieldError('title')}
        />
        <TextAreaField
          label={t('decisions.form.body')}
          hint={t('decisions.form.bodyHint')}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          error={fieldError('body')}
        />
        <fieldset className="decision-choices">
          <legend>{t('decisions.form.kind')}</legend>
          {KINDS.map((value) => (
            <label key={value}>
              <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
              {t(`decisions.kinds.${value}`)}
            </label>
          ))}
        </fieldset>
        <p className="field__hint">{t(`decisions.kindHints.${kind}`)}</p>
        {kind === 'choice' && (
          <TextAreaField
            label={t('decisions.form.options')}
            hint={t('decisions.form.optionsHint')}
            value={options}
            onChange={(event) => setOptions(event.target.value)}
            error={fieldError('options')}
          />
        )}
        <TextField
          label={t('decisions.form.closesAt')}
          hint={t('decisions.form.closesAtHint')}
          type="datetime-local"
          value={closesAt}
          onChange={(event) => setClosesAt(event.target.value)}
          required
          error={fieldError('closesAt')}
        />
        <div className="actions">
          <Button type="submit" busy={propose.isPending}>
            {t('decisions.form.submit')}
          </Button>
        </div>
      </form>
    </Page>
  );
}
