import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { FormAlert } from '@/components/ui/feedback';
import { formatDate } from '@/lib/dates';
import { useActivityFeed } from '@/features/activity/api/activity';
import { ActivityItem } from '@/features/activity/components/activity-item';
import { TASK_STATUSES, useTasks } from '@/features/tasks/api/tasks';
import { PartnerBalance } from '@/features/contributions/components/partner-balance';
import { useUpdateProject, type ProjectStatus } from '../api/projects';
import { useWorkspace } from '../api/workspace-context';

const PROJECT_STATUSES: ProjectStatus[] = ['draft', 'active', 'completed', 'archived'];

export default function ProjectOverview() {
  const { t, i18n } = useTranslation();
  const workspace = useWorkspace();
  const { project } = workspace;
  const tasks = useTasks(project.id);
  const feed = useActivityFeed(project.id);
  const update = useUpdateProject(project.id);
  const recent = [...(feed.data?.items ?? [])].reverse().slice(0, 5);

  return (
    <Page title={project.title}>
      <section className="card">
        {project.description ? <p className="prewrap">{project.description}</p> : <p className="muted">{t('projects.noDescription')}</p>}
        <dl className="facts">
          <dt>{t('projects.coordinator')}</dt>
          <dd>{project.coordinator?.name ?? workspace.associationNames.get(project.coordinatorAssociationId) ?? t('common.unknown')}</dd>
          {project.startDate && (
            <>
              <dt>{t('projects.startDate')}</dt>
              <dd>{formatDate(project.startDate, i18n.language)}</dd>
            </>
          )}
          {project.endDate && (
            <>
              <dt>{t('projects.endDate')}</dt>
              <dd>{formatDate(project.endDate, i18n.language)}</dd>
            </>
          )}
          <dt>{t('projects.status')}</dt>
          <dd>
            {workspace.isCoordinatorAdmin ? (
              <label>
                <span className="visually-hidden">{t('projects.status')}</span>
                <select value={project.status} onChange={(event) => update.mutate({ status: event.target.value as ProjectStatus })}>
                  {PROJECT_STATUSES.map((status) => (
                    <option key={status} value={status}>
                      {t(`projectStatus.${status}`)}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              t(`projectStatus.${project.status}`)
            )}
          </dd>
          <dt>{t('workspace.partners')}</dt>
          <dd>{workspace.activePartners.map((partner) => workspace.associationNames.get(partner.associationId)).join(', ')}</dd>
        </dl>
        <FormAlert error={update.error} />
      </section>

      <section aria-labelledby="tasks-summary" className="section">
        <h2 id="tasks-summary">{t('workspace.board')}</h2>
        <ul className="stats">
          {TASK_STATUSES.map((status) => (
            <li key={status}>
              <span className="stats__value">{tasks.data?.filter((task) => task.status === status).length ?? '–'}</span>
              <span className="stats__label">{t(`taskStatus.${status}`)}</span>
            </li>
          ))}
        </ul>
        <Link to="board">{t('overview.openBoard')}</Link>
      </section>

      <PartnerBalance projectId={project.id} />

      <section aria-labelledby="recent-activity" className="section">
        <h2 id="recent-activity">{t('overview.recentActivity')}</h2>
        {recent.length === 0 ? (
          <p className="muted">{t('activity.empty')}</p>
        ) : (
          <ol className="feed">
            {recent.map((activity) => (
              <ActivityItem key={activity.seq} activity={activity} />
            ))}
          </ol>
        )}
        <Link to="activity">{t('overview.allActivity')}</Link>
      </section>
    </Page>
  );
}
