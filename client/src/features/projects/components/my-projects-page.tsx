import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { EmptyState, QueryBoundary } from '@/components/ui/feedback';
import { formatDate } from '@/lib/dates';
import { myRoleIn, useMyAssociations, type Association } from '@/features/associations/api/associations';
import { partnerName, useCreateProject, useProjects, type Partner, type ProjectList } from '../api/projects';
import { isInvitationOnly, waitingInvitations } from '../api/invitations';
import { useInvitationsLive } from '../api/use-invitations-live';
import { ProjectForm } from './project-form';

export default function MyProjectsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const projects = useProjects();
  useInvitationsLive();
  const associations = useMyAssociations();
  const create = useCreateProject();
  const [creating, setCreating] = useState(false);
  const mine = associations.data ?? [];
  const adminOfSome = mine.some((association) => myRoleIn(association) !== 'member');

  return (
    <Page
      title={t('projects.mineTitle')}
      actions={
        adminOfSome &&
        !creating && (
          <Button onClick={() => setCreating(true)} aria-expanded={creating}>
            {t('projects.new')}
          </Button>
        )
      }
    >
      {creating && (
        <section className="card" aria-labelledby="new-project">
          <h2 id="new-project">{t('projects.newTitle')}</h2>
          <ProjectForm
            associations={mine.filter((association) => myRoleIn(association) !== 'member')}
            busy={create.isPending}
            error={create.error}
            onSubmit={(input) => create.mutate(input, { onSuccess: (project) => navigate(`/projects/${project.id}`) })}
          />
          <Button variant="ghost" onClick={() => setCreating(false)}>
            {t('common.cancel')}
          </Button>
        </section>
      )}
      <QueryBoundary query={projects}>{() => <ProjectLists list={projects.data!} associations={mine} hasAssociations={mine.length > 0} />}</QueryBoundary>
    </Page>
  );
}

function ProjectLists({ list, associations, hasAssociations }: { list: ProjectList; associations: Association[]; hasAssociations: boolean }) {
  const { t, i18n } = useTranslation();
  const listed = list.invitations.map((invitation) => ({ project: invitation.project, partner: invitation as Partner }));
  // a server that lists invitations inside the projects instead is understood too
  const inline = list.items.flatMap((project) => waitingInvitations(project, associations).map((partner) => ({ project, partner })));
  const invitations = [
    ...listed,
    ...inline.filter((entry) => !listed.some((known) => known.project.id === entry.project.id && known.partner.associationId === entry.partner.associationId)),
  ];
  const active = list.items.filter((project) => !isInvitationOnly(project, associations));

  return (
    <>
      {invitations.length > 0 && (
        <section aria-labelledby="invitations-title" className="section">
          <h2 id="invitations-title">{t('projects.invitationsTitle')}</h2>
          <ul className="card-list">
            {invitations.map(({ project, partner }) => (
              <li key={`${project.id}-${partner.associationId}`} className="card card--highlight">
                <h3>{project.title}</h3>
                {project.coordinator?.name && <p>{t('projectInvitation.from', { association: project.coordinator.name })}</p>}
                <p>{t('projects.invitedAs', { association: partnerName(partner) })}</p>
                {partner.message && <blockquote>{partner.message}</blockquote>}
                <Link className="button button--primary" to={`/projects/${project.id}/invitation?association=${partner.associationId}`}>
                  {t('projects.readAndSign')}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {active.length === 0 ? (
        <EmptyState title={t('projects.emptyTitle')} action={!hasAssociations && <Link to="/associations">{t('projects.createAssociationFirst')}</Link>}>
          <p>{t('projects.emptyBody')}</p>
        </EmptyState>
      ) : (
        <ul className="card-list">
          {active.map((project) => (
            <li key={project.id} className="card">
              <h2>
                <Link to={`/projects/${project.id}`}>{project.title}</Link>
              </h2>
              <p className="muted">
                <span className={`badge badge--${project.status}`}>{t(`projectStatus.${project.status}`)}</span>{' '}
                {project.startDate &&
                  t('projects.dates', { start: formatDate(project.startDate, i18n.language), end: formatDate(project.endDate, i18n.language) })}
              </p>
              {project.description && <p className="clamp">{project.description}</p>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
