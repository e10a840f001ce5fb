import { queryOptions } from '@tanstack/react-query';
import type { ProjectMemberList } from '@maillage/contract';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** GET /projects/:id/members: the people of every active partner (their own member lists are not ours to read). */
export const projectMembersQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: queryKeys.projectMembers(projectId),
    queryFn: ({ signal }) => api.get<ProjectMemberList>(`/projects/${projectId}/members`, { signal }).then((list) => list.items),
    staleTime: 5 * 60_000,
  });
