import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { EmptyState, QueryBoundary } from '@/components/ui/feedback';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import { sortDecisions, useDecisions, type Decision } from '../api/decisions';
import { longDateTime, outcomeLabel, timeLeft } from '../api/decision-text';
import { useNow } from '../api/use-now';
import './decisions.css';

/** The project's decisions: open votes first, with the time left and who has not voted yet. */
export default function DecisionsPage() {
  const { t } = useTranslation();
  const { project, myAssociations, myActivePartnerIds } = useWorkspace();
  const decisions = useDecisions(project.id);
  const canPropose = myAssociations.some((association) => association.myRole === 'admin' && myActivePartnerIds.includes(association.id));
  const proposeLink = canPropose && (
    <Link className="button button--primary" to={`/projects/${project.id}/decisions/new`}>
      {t('decisions.propose')}
    </Link>
  );

  return (
    <Page title={t('decisions.title')} actions={proposeLink}>
      <p className="lead">{t('decisions.intro')}</p>
      <QueryBoundary query={decisions}>
        {() => {
          const sorted = sortDecisions(decisions.data!);
          if (!sorted.length) return <EmptyState title={t('decisions.emptyTitle')}>{<p>{t('decisions.emptyBody')}</p>}</EmptyState>;
          const open = sorted.filter((decision) => decision.status === 'open');
          const ended = sorted.filter((decision) => decision.status !== 'open');
          return (
            <>
              <section aria-labelledby="decisions-open" className="section">
                <h2 id="decisions-open">{t('decisions.open')}</h2>
                {open.length ? <DecisionList decisions={open} /> : <p className="muted">{t('decisions.noOpen')}</p>}
              </section>
              {ended.length > 0 && (
                <section aria-labelledby="decisions-ended" className="section">
                  <h2 id="decisions-ended">{t('decisions.ended')}</h2>
                  <DecisionList decisions={ended} />
                </section>
              )}
            </>
          );
        }}
      </QueryBoundary>
    </Page>
  );
}

function DecisionList({ decisions }: { decisions: Decision[] }) {
  return (
    <ul className="card-list">
      {decisions.map((decision) => (
        <li key={decision.id} className="card">
          <DecisionSummary decision={decision} />
        </li>
      ))}
    </ul>
  );
}

function DecisionSummary({ decision }: { decision: Decision }) {
  const { t, i18n } = useTranslation();
  const { associationNames } = useWorkspace();
  const now = useNow();
  const names = (ids: string[]) => ids.map((id) => associationNames.get(id) ?? t('common.unknown')).join(', ');
  const open = decision.status === 'open';
  return (
    <>
      <h3 className="decision-card__title">
        <Link to={`/projects/${decision.projectId}/decisions/${decision.id}`}>{decision.title}</Link>
      </h3>
      <p className="decision-card__meta">
        <span className="badge badge--kind">{t(`decisions.kinds.${decision.kind}`)}</span>
        {open ? (
          <span>
            <strong>{t('decisions.closesIn', { relative: timeLeft(decision.closesAt, now, i18n.language) })}</strong>{' '}
            <span className="muted">({longDateTime(decision.closesAt, i18n.language)})</span>
          </span>
        ) : (
          <strong className={decision.status === 'closed' ? '' : 'muted'}>
            {decision.status === 'closed' ? outcomeLabel(t, decision) : t('decisions.status.withdrawn')}
          </strong>
        )}
        <span className="muted">{t('decisions.voices', { voted: decision.votes.length, total: decision.electorate.length })}</span>
      </p>
      {open && (
        <p className="decision-card__meta">{decision.missing.length ? t('decisions.missing', { names: names(decision.missing) }) : t('decisions.allVoted')}</p>
      )}
    </>
  );
}
