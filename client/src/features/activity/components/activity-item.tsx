import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/dates';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import type { Activity } from '../api/activity';

/** "Amina moved « Affiches » to Done" — the subject comes from the payload when the server sends it. */
export function ActivityItem({ activity }: { activity: Activity }) {
  const { t, i18n } = useTranslation();
  const { people, associationNames } = useWorkspace();
  const actor = (activity.actorId && people.get(activity.actorId)) || t('activity.someone');
  const data = activity.data ?? {};
  const nested = (name: string) => (data[name] && typeof data[name] === 'object' ? (data[name] as Record<string, unknown>) : undefined);
  const partner = nested('partner');
  const subject =
    (nested('task')?.title as string | undefined) ??
    (partner?.associationName as string | undefined) ??
    (partner?.associationId ? associationNames.get(String(partner.associationId)) : undefined) ??
    (nested('project')?.title as string | undefined) ??
    (data.title as string | undefined) ??
    (data.associationId ? associationNames.get(String(data.associationId)) : undefined) ??
    '';
  const key = `activity.types.${activity.type.replace('.', '_')}`;
  const text = i18n.exists(key) ? t(key, { actor, subject }) : t('activity.generic', { actor });
  return (
    <li className="feed__item">
      <span>{text}</span>
      <time dateTime={activity.at} className="muted">
        {formatDateTime(activity.at, i18n.language)}
      </time>
    </li>
  );
}
