import type { CharterView } from '@maillage/contract';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

/** Under the charter: the decision that adopted this version, when there was one. */
export function CharterDecisionLink({ projectId, charter }: { projectId: string; charter: Pick<CharterView, 'decisionId'> }) {
  const { t } = useTranslation();
  if (!charter.decisionId) return null;
  return (
    <p className="muted">
      {t('decisions.charterLink')} <Link to={`/projects/${projectId}/decisions/${charter.decisionId}`}>{t('decisions.charterLinkText')}</Link>
    </p>
  );
}
