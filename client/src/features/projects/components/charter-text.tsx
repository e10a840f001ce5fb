import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/dates';
import type { Charter } from '../api/projects';
import { PlainMarkdown } from '@/components/ui/plain-markdown';

export function CharterText({ charter }: { charter: Charter }) {
  const { t, i18n } = useTranslation();
  return (
    <article className="charter" aria-labelledby="charter-title">
      <h2 id="charter-title">{t('charter.titleVersion', { version: charter.version })}</h2>
      <p className="muted">{t('charter.updatedAt', { date: formatDateTime(charter.updatedAt, i18n.language) })}</p>
      <div className="charter__text" tabIndex={0} role="region" aria-label={t('charter.text')}>
        <PlainMarkdown source={charter.text} />
      </div>
    </article>
  );
}
