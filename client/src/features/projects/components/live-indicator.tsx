import { useTranslation } from 'react-i18next';
import type { PresenceUser } from '@/features/realtime/api/project-live';
import type { LiveStatus } from '@/features/realtime/api/use-project-live';

export function LiveIndicator({ status, presence }: { status: LiveStatus; presence: PresenceUser[] }) {
  const { t } = useTranslation();
  const names = presence.map((user) => user.displayName).join(', ');
  return (
    <div className="live">
      <span className={`live__status live__status--${status}`} role="status">
        {t(`live.${status}`)}
      </span>
      {presence.length > 0 && (
        <span className="live__presence" title={names}>
          <span className="visually-hidden">{t('live.presentNames', { names })}</span>
          <span aria-hidden="true">{t('live.present', { count: presence.length })}</span>
        </span>
      )}
    </div>
  );
}
