import { useQuery } from '@tanstack/react-query';
import type { ActivityFeedPage, ActivityView } from '@maillage/contract';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** One entry of a project's log, as the contract gives it: narrow on `type` to read `data`. */
export type Activity = ActivityView;

export interface ActivityFeed {
  items: Activity[];
  lastSeq: number;
  /** Names of the people the items name, as the server gave them (former members included). */
  people?: Record<string, string>;
}

/** The feed, newest last. Reads from the start in pages of 200, then realtime appends. */
async function getActivityFeed(projectId: string, signal?: AbortSignal): Promise<ActivityFeed> {
  const items: Activity[] = [];
  const people: Record<string, string> = {};
  let after = 0;
  let lastSeq = 0;
  for (;;) {
    const page = await api.get<ActivityFeedPage>(`/projects/${projectId}/activity`, { query: { after, limit: 200 }, signal });
    items.push(...page.items);
    Object.assign(people, page.people);
    lastSeq = page.lastSeq;
    const highest = page.items.at(-1)?.seq ?? after;
    if (page.items.length === 0 || highest >= lastSeq) break;
    after = highest;
  }
  return { items, lastSeq, people };
}

export const useActivityFeed = (projectId: string) =>
  useQuery({ queryKey: queryKeys.activity(projectId), queryFn: ({ signal }) => getActivityFeed(projectId, signal), staleTime: Infinity });
