import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/dates';
import type { Activity } from '../api/activity';
import { useActivityNames } from '../api/activity-names';
import { describeActivity } from '../api/describe-activity';

/** "Amina a déplacé « Affiches » de À faire vers En cours", and when. */
export function ActivityItem({ activity }: { activity: Activity }) {
  const { t, i18n } = useTranslation();
  const names = useActivityNames();
  return (
    <li className="feed__item">
      <span>{describeActivity(activity, names, t, i18n.language)}</span>
      <time dateTime={activity.at} className="muted">
        {formatDateTime(activity.at, i18n.language)}
      </time>
    </li>
  );
}
