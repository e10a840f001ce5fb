import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FormAlert, Loading } from '@/components/ui/feedback';
import { isApiError } from '@/lib/api-client';
import NotFoundPage from '@/app/routes/not-found-page';
import { useMyAssociations } from '@/features/associations/api/associations';
import { partnerName, useCharter, usePartnerAction, useProject } from '../api/projects';
import { waitingInvitations } from '../api/invitations';
import { CharterText } from './charter-text';

export default function ProjectInvitationPage() {
  const { t } = useTranslation();
  const { projectId = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const project = useProject(projectId);
  const charter = useCharter(projectId);
  const associations = useMyAssociations();
  const action = usePartnerAction(projectId);

  if (project.isPending || charter.isPending || associations.isPending) return <Loading />;
  if (isApiError(project.error, 404)) return <NotFoundPage />;
  if (project.error || charter.error) return <FormAlert error={project.error ?? charter.error} />;

  const invitations = waitingInvitations(project.data, associations.data ?? []);
  const invitation = invitations.find((partner) => partner.associationId === params.get('association')) ?? invitations[0];
  const coordinatorPartner = project.data.partners?.find((partner) => partner.associationId === project.data.coordinatorAssociationId);
  const coordinatorName = project.data.coordinator?.name ?? (coordinatorPartner && partnerName(coordinatorPartner));
  const version = charter.data.version;

  return (
    <Page title={t('projectInvitation.title', { project: project.data.title })}>
      {coordinatorName && <p>{t('projectInvitation.from', { association: coordinatorName })}</p>}
      {project.data.description && <p className="prewrap">{project.data.description}</p>}
      {invitation?.message && (
        <figure className="quote">
          <blockquote>{invitation.message}</blockquote>
          <figcaption>{t('projectInvitation.message')}</figcaption>
        </figure>
      )}
      <CharterText charter={charter.data} />
      {isApiError(action.error, 409) ? (
        <div className="alert alert--warning" role="alert">
          {t('charter.newVersion')}
        </div>
      ) : (
        <FormAlert error={action.error} />
      )}
      {invitation ? (
        <div className="actions">
          <Button
            busy={action.isPending}
            onClick={() =>
              action.mutate(
                { associationId: invitation.associationId, action: 'accept', charterVersion: version },
                { onSuccess: () => navigate(`/projects/${projectId}`, { replace: true }), onError: () => void charter.refetch() },
              )
            }
          >
            {t('projectInvitation.sign', { association: partnerName(invitation), version })}
          </Button>
          <ConfirmButton
            question={t('projectInvitation.declineConfirm')}
            onConfirm={() => action.mutate({ associationId: invitation.associationId, action: 'decline' }, { onSuccess: () => navigate('/projects') })}
          >
            {t('projectInvitation.decline')}
          </ConfirmButton>
        </div>
      ) : (
        <p className="muted">{t('projectInvitation.nothingToSign')}</p>
      )}
    </Page>
  );
}
