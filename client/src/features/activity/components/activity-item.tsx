import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/dates';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import type { Activity } from '../api/activity';
import { decisionActivityText } from '@/features/decisions/api/decision-text';

/** What the activity is about: a task's title, a partner association's name or the project's title. */
function subjectOf(activity: Activity, associationNames: Map<string, string>): string {
  const data = activity.data ?? {};
  if ('task' in data && data.task) return data.task.title;
  if ('partner' in data && data.partner) return data.partner.associationName || associationNames.get(data.partner.associationId) || '';
  if ('project' in data && data.project) return data.project.title;
  if ('contribution' in data && data.contribution) return data.contribution.description;
  return '';
}

/** "Amina moved « Affiches » to Done" — the subject comes from the payload when the server sends it. */
export function ActivityItem({ activity }: { activity: Activity }) {
  const { t, i18n } = useTranslation();
  const { people, associationNames } = useWorkspace();
  const actor = (activity.actorId && people.get(activity.actorId)) || t('activity.someone');
  const subject = subjectOf(activity, associationNames);
  const key = `activity.types.${activity.type.replace('.', '_')}`;
  // Decisions speak for associations and outcomes (features/decisions).
  const decisionText = decisionActivityText(t, activity, actor, associationNames);
  const text = decisionText ?? (i18n.exists(key) ? t(key, { actor, subject }) : t('activity.generic', { actor }));
  return (
    <li className="feed__item">
      <span>{text}</span>
      <time dateTime={activity.at} className="muted">
        {formatDateTime(activity.at, i18n.language)}
      </time>
    </li>
  );
}
