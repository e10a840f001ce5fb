import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/dates';
import type { Charter } from '../api/projects';

export function CharterText({ charter }: { charter: Charter }) {
  const { t, i18n } = useTranslation();
  return (
    <article className="charter" aria-labelledby="charter-title">
      <h2 id="charter-title">{t('charter.titleVersion', { version: charter.version })}</h2>
      <p className="muted">{t('charter.updatedAt', { date: formatDateTime(charter.updatedAt, i18n.language) })}</p>
      <div className="charter__text prewrap" tabIndex={0} aria-label={t('charter.text')}>
        {charter.text}
      </div>
    </article>
  );
}
