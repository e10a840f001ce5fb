// The decisions of a project: queries, mutations, and the cache updates realtime activities make.
import type { DecisionKind, DecisionView } from '@maillage/contract';
import { queryOptions, useMutation, useQuery, type QueryClient } from '@tanstack/react-query';
import { api, getAll, isApiError } from '@/lib/api-client';
import { queryClient } from '@/lib/query-client';

export type Decision = DecisionView;

/** Under the project's key, so a resync of the project refetches them too. */
export const decisionKeys = {
  list: (projectId: string) => ['projects', projectId, 'decisions'] as const,
  one: (projectId: string, decisionId: string) => ['projects', projectId, 'decisions', decisionId] as const,
};

/** GET /api/projects/:id/decisions (every page: a project holds tens of them) */
export const decisionsQueryOptions = (projectId: string) =>
  queryOptions({ queryKey: decisionKeys.list(projectId), queryFn: ({ signal }) => getAll<Decision>(`/projects/${projectId}/decisions`, {}, signal) });
export const useDecisions = (projectId: string) => useQuery(decisionsQueryOptions(projectId));

/** GET /api/decisions/:id */
export const useDecision = (projectId: string, decisionId: string) =>
  useQuery({ queryKey: decisionKeys.one(projectId, decisionId), queryFn: ({ signal }) => api.get<Decision>(`/decisions/${decisionId}`, { signal }) });

/** Open ones first, soonest to close first; then the ended ones, latest first. */
export function sortDecisions(decisions: Decision[]): Decision[] {
  const open = decisions.filter((decision) => decision.status === 'open').sort((a, b) => a.closesAt.localeCompare(b.closesAt));
  const ended = decisions.filter((decision) => decision.status !== 'open').sort((a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? ''));
  return [...open, ...ended];
}

/** Writes a decision as the server sent it (a response, a 409's `current`, an activity) into every cache holding it. */
export function storeDecision(client: QueryClient, decision: Decision): void {
  client.setQueryData(decisionKeys.one(decision.projectId, decision.id), decision);
  const list = client.getQueryData<Decision[]>(decisionKeys.list(decision.projectId));
  if (!list) return;
  const known = list.some((item) => item.id === decision.id);
  client.setQueryData<Decision[]>(
    decisionKeys.list(decision.projectId),
    known ? list.map((item) => (item.id === decision.id ? decision : item)) : [...list, decision],
  );
}

/** A 409 on an ended decision carries it as it ended: show that instead of the stale copy. */
const storeCurrentOnConflict = (error: unknown) => {
  if (isApiError(error, 409) && error.problem.current && typeof error.problem.current === 'object' && 'electorate' in error.problem.current) {
    storeDecision(queryClient, error.problem.current as Decision);
  }
};

export interface DecisionInput {
  title: string;
  body?: string;
  kind: DecisionKind;
  options?: string[];
  closesAt: string;
}

export function useProposeDecision(projectId: string) {
  return useMutation({
    mutationFn: (input: DecisionInput) => api.post<Decision>(`/projects/${projectId}/decisions`, input),
    onSuccess: (decision) => storeDecision(queryClient, decision),
  });
}

export function useCastVote(decisionId: string) {
  return useMutation({
    mutationFn: (input: { associationId: string; choice: string; comment?: string }) => api.post<Decision>(`/decisions/${decisionId}/vote`, input),
    onSuccess: (decision) => storeDecision(queryClient, decision),
    onError: storeCurrentOnConflict,
  });
}

export function useEndDecision(decisionId: string) {
  return useMutation({
    mutationFn: (action: 'close' | 'withdraw') => api.post<Decision>(`/decisions/${decisionId}/${action}`, {}),
    onSuccess: (decision) => storeDecision(queryClient, decision),
    onError: storeCurrentOnConflict,
  });
}
