import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { EmptyState, QueryBoundary } from '@/components/ui/feedback';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import { useActivityFeed } from '../api/activity';
import { ActivityItem } from './activity-item';

export default function ActivityPage() {
  const { t } = useTranslation();
  const { project } = useWorkspace();
  const feed = useActivityFeed(project.id);
  return (
    <Page title={t('activity.title')}>
      <QueryBoundary query={feed}>
        {() =>
          feed.data!.items.length === 0 ? (
            <EmptyState title={t('activity.empty')} />
          ) : (
            <ol className="feed" aria-live="polite" aria-relevant="additions">
              {[...feed.data!.items].reverse().map((activity) => (
                <ActivityItem key={activity.seq} activity={activity} />
              ))}
            </ol>
          )
        }
      </QueryBoundary>
    </Page>
  );
}
