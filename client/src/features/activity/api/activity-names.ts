import { useQueries, useQueryClient } from '@tanstack/react-query';
import type { ResourceView } from '@maillage/contract';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import { resourceQueryOptions } from '@/features/resources/api/resource';
import type { Task } from '@/features/tasks/api/task-cache';
import { queryKeys } from '@/lib/query-keys';
import { useActivityFeed, type ActivityFeed } from './activity';
import type { ActivityNames } from './describe-activity';

interface FeedIndex {
  taskTitles: Map<string, string>;
  eventTitles: Map<string, string>;
  resourceIds: string[];
}

/** Built once per version of the feed (the feed can hold thousands of items). */
const indexes = new WeakMap<ActivityFeed, FeedIndex>();

function indexFeed(feed: ActivityFeed | undefined): FeedIndex {
  const empty: FeedIndex = { taskTitles: new Map(), eventTitles: new Map(), resourceIds: [] };
  if (!feed) return empty;
  const known = indexes.get(feed);
  if (known) return known;
  const index = empty;
  const resources = new Set<string>();
  for (const activity of feed.items) {
    const data = activity.data as { task?: { id: string; title: string }; event?: { id: string; title: string }; booking?: { resourceId: string } };
    if (data?.task?.id) index.taskTitles.set(data.task.id, data.task.title);
    if (data?.event?.id) index.eventTitles.set(data.event.id, data.event.title);
    if (data?.booking?.resourceId) resources.add(data.booking.resourceId);
  }
  index.resourceIds = [...resources];
  indexes.set(feed, index);
  return index;
}

/** The names an activity sentence needs: the project's people, the feed's own items, the caches. */
export function useActivityNames(): ActivityNames {
  const { project, people, associationNames } = useWorkspace();
  const feed = useActivityFeed(project.id).data;
  const client = useQueryClient();
  const index = indexFeed(feed);
  // premises and equipment booked for the project: partners may read them (a 404 leaves a plain word)
  const resources = useQueries({ queries: index.resourceIds.map((id) => ({ ...resourceQueryOptions(id), staleTime: 5 * 60_000, retry: false })) });
  const resourceNames = new Map<string, string>();
  resources.forEach((result, position) => {
    const resource = result.data as ResourceView | undefined;
    if (resource) resourceNames.set(index.resourceIds[position], resource.name);
  });
  return {
    person: (id) => feed?.people?.[id] ?? people.get(id),
    association: (id) => associationNames.get(id),
    task: (id) => index.taskTitles.get(id) ?? client.getQueryData<Task[]>(queryKeys.tasks(project.id))?.find((task) => task.id === id)?.title,
    event: (id) => index.eventTitles.get(id),
    resource: (id) => resourceNames.get(id),
  };
}
