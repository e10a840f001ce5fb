import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { FromMessage } from './new-decision-page';

/** The chat's "proposer une décision" action: opens the proposal form prefilled with the message. */
export function ProposeFromMessage({ projectId, message }: { projectId: string; message: FromMessage }) {
  const { t } = useTranslation();
  return (
    <Link
      className="link-button"
      to={`/projects/${projectId}/decisions/new`}
      state={{ fromMessage: message }}
      aria-label={t('decisions.proposeFromMessageLabel', { author: message.authorName })}
    >
      {t('decisions.proposeFromMessage')}
    </Link>
  );
}
