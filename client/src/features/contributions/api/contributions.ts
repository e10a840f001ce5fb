// The project's contributions ("apports"): manual items a partner records and items derived from what
// happened (bookings, confirmed shift attendance). Realtime activities refetch these queries.
import type { ContributionKind, ContributionStatus, ContributionView, ProjectSummary } from '@maillage/contract';
import { keepPreviousData, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryClient } from '@/lib/query-client';
import { queryKeys } from '@/lib/query-keys';

export type Contribution = ContributionView;
export const CONTRIBUTION_KINDS = ['volunteer_hours', 'material', 'premises', 'service', 'money'] as const satisfies readonly ContributionKind[];

/** Inclusive calendar days (YYYY-MM-DD); empty means open-ended. */
export interface Period {
  from?: string;
  to?: string;
}

export interface ContributionInput {
  associationId: string;
  kind: ContributionKind;
  description: string;
  quantity: number;
  unit: string;
  valueEuros?: number | null;
  gift?: boolean;
  status: ContributionStatus;
  date?: string | null;
}

export type ContributionPatch = Partial<Omit<ContributionInput, 'associationId'>>;

export const contributionsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: queryKeys.contributions(projectId),
    queryFn: ({ signal }) => api.get<{ items: Contribution[] }>(`/projects/${projectId}/contributions`, { signal }).then((page) => page.items),
  });
export const useContributions = (projectId: string) => useQuery(contributionsQueryOptions(projectId));

export const summaryQueryOptions = (projectId: string, period: Period = {}) =>
  queryOptions({
    queryKey: queryKeys.summary(projectId, period.from ?? '', period.to ?? ''),
    queryFn: ({ signal }) => api.get<ProjectSummary>(`/projects/${projectId}/summary`, { query: { from: period.from, to: period.to }, signal }),
    placeholderData: keepPreviousData,
  });
export const useProjectSummary = (projectId: string, period?: Period) => useQuery(summaryQueryOptions(projectId, period));

/** Every view built from contributions: the list and all summaries of the project. */
export function refreshContributions(projectId: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.contributions(projectId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.summaries(projectId) }),
  ]);
}

export function useCreateContribution(projectId: string) {
  return useMutation({
    mutationFn: (input: ContributionInput) => api.post<Contribution>(`/projects/${projectId}/contributions`, input),
    onSuccess: () => refreshContributions(projectId),
  });
}

/** A stale version answers 409 with `current`: the caller shows it and the list is refetched. */
export function useUpdateContribution(projectId: string) {
  return useMutation({
    mutationFn: ({ contribution, patch }: { contribution: Contribution; patch: ContributionPatch }) =>
      api.patch<Contribution>(`/contributions/${contribution.id}`, { ...patch, version: contribution.version }),
    onSettled: () => refreshContributions(projectId),
  });
}

export function useDeleteContribution(projectId: string) {
  return useMutation({
    mutationFn: (contribution: Contribution) => api.delete(`/contributions/${contribution.id}`, { query: { version: contribution.version } }),
    onSettled: () => refreshContributions(projectId),
  });
}

/** Who may record for which partner: an admin for their own association, a coordinator admin for any active partner. */
export function recordableAssociationIds(input: {
  activePartnerIds: string[];
  isCoordinatorAdmin: boolean;
  myAssociations: { id: string; myRole?: string | null }[];
}): string[] {
  if (input.isCoordinatorAdmin) return input.activePartnerIds;
  const administered = new Set(input.myAssociations.filter((association) => association.myRole === 'admin').map((association) => association.id));
  return input.activePartnerIds.filter((id) => administered.has(id));
}

export type ReportFormat = 'csv' | 'pdf';

/** The file name the server gave (Content-Disposition), else a sensible one. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (encoded) return decodeURIComponent(encoded[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition ?? '');
  return plain ? plain[1] : fallback;
}

/**
 * Downloads the funders' report. A plain link would carry no bearer token, so the file is fetched
 * through the API client (which refreshes an expired token) and handed to the browser as a blob.
 */
export async function downloadReport(projectId: string, format: ReportFormat, period: Period): Promise<void> {
  const response = await api.raw('GET', `/projects/${projectId}/report`, { query: { format, from: period.from, to: period.to } });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response.headers.get('Content-Disposition'), `bilan.${format}`);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
