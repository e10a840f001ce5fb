import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { fieldErrorsOf, FormAlert, Notice, QueryBoundary } from '@/components/ui/feedback';
import { TextAreaField } from '@/components/ui/fields';
import { PlainMarkdown } from '@/components/ui/plain-markdown';
import { isApiError } from '@/lib/api-client';
import { useSession } from '@/lib/session';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import { useCastVote, useDecision, useEndDecision, type Decision } from '../api/decisions';
import { choiceLabel, longDateTime, outcomeLabel, timeLeft } from '../api/decision-text';
import { useNow } from '../api/use-now';
import './decisions.css';

const CHOICES = { consent: ['consent', 'objection'], yes_no: ['yes', 'no', 'abstain'] } as const;

/** One proposal: its votes per association, who is missing, the outcome, and my associations' vote forms. */
export default function DecisionPage() {
  const { decisionId = '' } = useParams();
  const { project } = useWorkspace();
  const decision = useDecision(project.id, decisionId);
  return <QueryBoundary query={decision}>{() => <DecisionDetail decision={decision.data!} />}</QueryBoundary>;
}

function DecisionDetail({ decision }: { decision: Decision }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const { project, associationNames, people, myAssociations, isCoordinatorAdmin } = useWorkspace();
  const end = useEndDecision(decision.id);
  const now = useNow();
  const open = decision.status === 'open';
  const isAuthor = !!session && decision.createdBy === session.user.id;
  const nameOf = (id: string) => associationNames.get(id) ?? t('common.unknown');
  const myVoices = myAssociations.filter((association) => association.myRole === 'admin' && decision.electorate.includes(association.id));
  const votes = new Map(decision.votes.map((vote) => [vote.associationId, vote]));
  const author = decision.createdBy ? (people.get(decision.createdBy) ?? t('activity.someone')) : t('activity.someone');

  return (
    <Page title={decision.title}>
      <p>
        <Link to={`/projects/${project.id}/decisions`}>← {t('decisions.back')}</Link>
      </p>
      <p className="decision-card__meta">
        <span className="badge badge--kind">{t(`decisions.kinds.${decision.kind}`)}</span>
        <span className={`badge ${open ? 'badge--accent' : ''}`}>{t(`decisions.status.${decision.status}`)}</span>
        <span className="muted">{t('decisions.proposedBy', { name: author })}</span>
      </p>
      <p className="field__hint">{t(`decisions.kindHints.${decision.kind}`)}</p>
      {decision.body && <PlainMarkdown source={decision.body} />}
      {decision.kind === 'choice' && (
        <ul>
          {decision.options.map((option) => (
            <li key={option}>{option}</li>
          ))}
        </ul>
      )}

      <section aria-labelledby="decision-outcome" className="section card" aria-live="polite">
        <h2 id="decision-outcome">{t('decisions.outcomeTitle')}</h2>
        {open ? (
          <p>
            <strong>{t('decisions.closesIn', { relative: timeLeft(decision.closesAt, now, i18n.language) })}</strong>{' '}
            <span className="muted">({t('decisions.closesAt', { date: longDateTime(decision.closesAt, i18n.language) })})</span>
          </p>
        ) : decision.status === 'closed' ? (
          <>
            <p className="decision-outcome">{outcomeLabel(t, decision)}</p>
            <p className="muted">{t('decisions.closedAt', { date: longDateTime(decision.closedAt!, i18n.language) })}</p>
          </>
        ) : (
          <p className="muted">{t('decisions.withdrawnAt', { date: longDateTime(decision.closedAt!, i18n.language) })}</p>
        )}
        <p>
          {t('decisions.voices', { voted: decision.votes.length, total: decision.electorate.length })}
          {open && ` · ${decision.missing.length ? t('decisions.missing', { names: decision.missing.map(nameOf).join(', ') }) : t('decisions.allVoted')}`}
        </p>
      </section>

      <section aria-labelledby="decision-votes" className="section">
        <h2 id="decision-votes">{t('decisions.votesTitle')}</h2>
        <ul className="decision-votes">
          {decision.electorate.map((associationId) => {
            const vote = votes.get(associationId);
            return (
              <li key={associationId}>
                <span className="decision-votes__who">{nameOf(associationId)}</span>
                {vote ? (
                  <>
                    <strong>{choiceLabel(t, decision, vote.choice)}</strong>
                    <span className="muted decision-votes__when">
                      {t('decisions.castBy', {
                        name: (vote.castBy && people.get(vote.castBy)) || t('activity.someone'),
                        date: longDateTime(vote.castAt, i18n.language),
                      })}
                    </span>
                    {vote.comment && <p className="decision-votes__comment prewrap">{vote.comment}</p>}
                  </>
                ) : (
                  <span className="muted">{t('decisions.notVoted')}</span>
                )}
              </li>
            );
          })}
        </ul>
      </section>

      {open &&
        myVoices.map((association) => <VoteForm key={association.id} decision={decision} associationId={association.id} associationName={association.name} />)}

      {open && (isAuthor || isCoordinatorAdmin) && (
        <div className="actions section">
          <FormAlert error={end.error && !isApiError(end.error, 409) ? end.error : null} />
          <ConfirmButton question={t('decisions.closeQuestion')} onConfirm={() => end.mutate('close')} busy={end.isPending && end.variables === 'close'}>
            {t('decisions.close')}
          </ConfirmButton>
          {isAuthor && (
            <ConfirmButton
              question={t('decisions.withdrawQuestion')}
              onConfirm={() => end.mutate('withdraw')}
              busy={end.isPending && end.variables === 'withdraw'}
            >
              {t('decisions.withdraw')}
            </ConfirmButton>
          )}
        </div>
      )}
    </Page>
  );
}

function VoteForm({ decision, associationId, associationName }: { decision: Decision; associationId: string; associationName: string }) {
  const { t } = useTranslation();
  const current = decision.votes.find((vote) => vote.associationId === associationId);
  const [choice, setChoice] = useState(current?.choice ?? '');
  const [comment, setComment] = useState(current?.comment ?? '');
  const cast = useCastVote(decision.id);
  const choices: readonly string[] = decision.kind === 'choice' ? decision.options : CHOICES[decision.kind];
  const fieldError = fieldErrorsOf(cast.error);
  const headingId = `vote-${associationId}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    cast.mutate({ associationId, choice, ...(comment.trim() ? { comment: comment.trim() } : {}) });
  };

  return (
    <section aria-labelledby={headingId} className="section card">
      <h2 id={headingId}>{t('decisions.vote.title', { association: associationName })}</h2>
      {current && <p className="muted">{t('decisions.vote.current', { choice: choiceLabel(t, decision, current.choice) })}</p>}
      <form className="form" onSubmit={submit}>
        {isApiError(cast.error, 409) ? <Notice tone="warning">{t('decisions.endedNotice')}</Notice> : <FormAlert error={cast.error} />}
        <fieldset className="decision-choices">
          <legend>{t('decisions.vote.choice')}</legend>
          {choices.map((value) => (
            <label key={value}>
              <input type="radio" name={`choice-${associationId}`} value={value} checked={choice === value} onChange={() => setChoice(value)} required />
              {choiceLabel(t, decision, value)}
            </label>
          ))}
        </fieldset>
        {fieldError('choice') && <p className="field__error">{fieldError('choice')}</p>}
        <TextAreaField
          label={t('decisions.vote.comment')}
          hint={decision.kind === 'consent' ? t('decisions.vote.commentHint') : undefined}
          rows={2}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          required={choice === 'objection'}
          error={fieldError('comment')}
        />
        {cast.isSuccess && !cast.isPending && <p role="status">{t('decisions.vote.saved')}</p>}
        <div className="actions">
          <Button type="submit" busy={cast.isPending} disabled={!choice}>
            {current ? t('decisions.vote.change') : t('decisions.vote.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
