import { useParams, useNavigate, Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/feedback';
import { isApiError } from '@/lib/api-client';
import { useAcceptInvitation } from '../api/associations';

export default function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const accept = useAcceptInvitation();

  const onAccept = () =>
    accept.mutate(token, {
      onSuccess: (result) => {
        const associationId = result?.associationId ?? result?.association?.id;
        navigate(associationId ? `/associations/${associationId}` : '/associations', { replace: true });
      },
    });

  return (
    <Page title={t('invitation.title')}>
      <p>{t('invitation.body')}</p>
      {isApiError(accept.error, 404) || isApiError(accept.error, 410) ? (
        <div className="alert alert--error" role="alert">
          {t('invitation.invalid')}
        </div>
      ) : isApiError(accept.error, 409) ? (
        <div className="alert alert--info" role="alert">
          {t('invitation.alreadyMember')} <Link to="/associations">{t('nav.associations')}</Link>
        </div>
      ) : isApiError(accept.error, 403) ? (
        <div className="alert alert--error" role="alert">
          {t('invitation.otherEmail')}
        </div>
      ) : (
        <FormAlert error={accept.error} />
      )}
      <div className="actions">
        <Button onClick={onAccept} busy={accept.isPending}>
          {t('invitation.accept')}
        </Button>
        <Link to="/associations">{t('common.cancel')}</Link>
      </div>
    </Page>
  );
}
