import { Navigate, NavLink, Outlet, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Loading, FormAlert } from '@/components/ui/feedback';
import { CollapsibleNav } from '@/components/ui/collapsible-nav';
import { isApiError } from '@/lib/api-client';
import NotFoundPage from '@/app/routes/not-found-page';
import { myRoleIn, useMyAssociations } from '@/features/associations/api/associations';
import { useActivityFeed } from '@/features/activity/api/activity';
import { useProjectLive } from '@/features/realtime/api/use-project-live';
import { partnerName, usePartners, useProject } from '../api/projects';
import { isInvitationOnly } from '../api/invitations';
import { useProjectPeople, type WorkspaceContext } from '../api/workspace-context';
import { LiveIndicator } from './live-indicator';

export default function ProjectWorkspace() {
  const { t } = useTranslation();
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const partners = usePartners(projectId);
  const associations = useMyAssociations();
  const feed = useActivityFeed(projectId);
  const live = useProjectLive(projectId, feed.isSuccess);
  const activePartners = (partners.data ?? []).filter((partner) => partner.status === 'active');
  const { people, peopleByAssociation } = useProjectPeople(projectId, live.presence, feed.isSuccess);

  if (project.isPending || associations.isPending) return <Loading />;
  if (isApiError(project.error, 404)) return <NotFoundPage />;
  if (project.error) return <FormAlert error={project.error} />;
  // the invitation view ('access' in it) has no workspace, nor has a project none of my partners is active in
  if ('access' in project.data || isInvitationOnly(project.data, associations.data ?? [])) return <Navigate to={`/projects/${projectId}/invitation`} replace />;
  if (partners.isPending) return <Loading />;
  if (partners.error) return <FormAlert error={partners.error} />;

  const mine = associations.data ?? [];
  const myIds = new Set(mine.map((association) => association.id));
  const coordinatorAssociation = mine.find((association) => association.id === project.data.coordinatorAssociationId);
  const context: WorkspaceContext = {
    project: project.data,
    partners: partners.data,
    activePartners,
    associationNames: new Map(partners.data.map((partner) => [partner.associationId, partnerName(partner)])),
    people,
    peopleByAssociation,
    myAssociations: mine,
    myActivePartnerIds: activePartners.filter((partner) => myIds.has(partner.associationId)).map((partner) => partner.associationId),
    isCoordinatorAdmin: !!coordinatorAssociation && myRoleIn(coordinatorAssociation) !== 'member',
    live,
  };

  return (
    <div className="workspace">
      <header className="workspace__header">
        <p className="workspace__title">{project.data.title}</p>
        <LiveIndicator status={live.status} presence={live.presence} />
      </header>
      <CollapsibleNav label={t('workspace.sections')} toggleLabel={t('boardUi.nav.section')} showCurrent className="tabs">
        <NavLink end to={`/projects/${projectId}`}>
          {t('workspace.overview')}
        </NavLink>
        <NavLink to={`/projects/${projectId}/board`}>{t('workspace.board')}</NavLink>
        <NavLink to={`/projects/${projectId}/events`}>{t('events.tab')}</NavLink>
        <NavLink to={`/projects/${projectId}/partners`}>{t('workspace.partners')}</NavLink>
        <NavLink to={`/projects/${projectId}/activity`}>{t('workspace.activity')}</NavLink>
        <NavLink to={`/projects/${projectId}/chat`}>{t('workspace.chat')}</NavLink>
        <NavLink to={`/projects/${projectId}/contributions`}>{t('contributions.tab')}</NavLink>
        <NavLink to={`/projects/${projectId}/decisions`}>{t('decisions.tab')}</NavLink>
      </CollapsibleNav>
      <Outlet context={context} />
    </div>
  );
}
