import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import type {
  CharterView,
  InvitationItem,
  PartnerView,
  ProjectInvitationView,
  ProjectList as ContractProjectList,
  ProjectView,
  SignatureView,
} from '@maillage/contract';
import { api, getAll, type Page } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { queryClient } from '@/lib/query-client';

export type { PartnerStatus, ProjectStatus } from '@maillage/contract';
export type Partner = PartnerView;
export type Signature = SignatureView;
export type Charter = CharterView;

/** GET /projects/:id: the full project, or only the invitation for an admin of an invited association. */
export type Project = ProjectView | ProjectInvitationView;

/** A pending invitation of an association I administer, as GET /api/projects lists it. */
export type { InvitationItem } from '@maillage/contract';

/** GET /api/projects, every page read. */
export type ProjectList = Pick<ContractProjectList, 'items' | 'invitations'>;

export const partnerName = (partner: Partner) => partner.association?.name || partner.associationName || partner.associationId;

async function getProjects(signal?: AbortSignal): Promise<ProjectList> {
  const list: ProjectList = { items: [], invitations: [] };
  let cursor: string | null = null;
  do {
    const page: Page<ProjectView> & { invitations?: InvitationItem[] } = await api.get('/projects', { query: { limit: 200, cursor }, signal });
    list.items.push(...page.items);
    if (page.invitations) list.invitations = page.invitations; // the same on every page
    cursor = page.nextCursor;
  } while (cursor);
  return list;
}

export const projectsQueryOptions = () => queryOptions({ queryKey: queryKeys.projects, queryFn: ({ signal }) => getProjects(signal) });
export const useProjects = () => useQuery(projectsQueryOptions());

export const projectQueryOptions = (id: string) =>
  queryOptions({ queryKey: queryKeys.project(id), queryFn: ({ signal }) => api.get<Project>(`/projects/${id}`, { signal }) });
export const useProject = (id: string, enabled = true) => useQuery({ ...projectQueryOptions(id), enabled });

export const partnersQueryOptions = (projectId: string) =>
  queryOptions({ queryKey: queryKeys.partners(projectId), queryFn: ({ signal }) => getAll<Partner>(`/projects/${projectId}/partners`, {}, signal) });
export const usePartners = (projectId: string) => useQuery(partnersQueryOptions(projectId));

export const charterQueryOptions = (projectId: string) =>
  queryOptions({ queryKey: queryKeys.charter(projectId), queryFn: ({ signal }) => api.get<Charter>(`/projects/${projectId}/charter`, { signal }) });
export const useCharter = (projectId: string) => useQuery(charterQueryOptions(projectId));

export interface ProjectInput {
  title: string;
  description?: string;
  coordinatorAssociationId: string;
  startDate?: string;
  endDate?: string;
}

export function useCreateProject() {
  return useMutation({
    mutationFn: (input: ProjectInput) => api.post<Project>('/projects', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.projects }),
  });
}

export function useUpdateProject(projectId: string) {
  return useMutation({
    mutationFn: (patch: Partial<Omit<Project, 'id'>>) => api.patch<Project>(`/projects/${projectId}`, patch),
    onSuccess: (project) => {
      queryClient.setQueryData(queryKeys.project(projectId), project);
      void queryClient.invalidateQueries({ queryKey: queryKeys.projects, exact: true });
    },
  });
}

const refreshPartnership = (projectId: string) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.project(projectId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.projects, exact: true }),
  ]);

export function useInvitePartner(projectId: string) {
  return useMutation({
    mutationFn: (input: { associationId: string; message?: string }) => api.post<Partner>(`/projects/${projectId}/partners`, input),
    onSuccess: () => refreshPartnership(projectId),
  });
}

export type PartnerAction = 'accept' | 'decline' | 'leave';

export function usePartnerAction(projectId: string) {
  return useMutation({
    mutationFn: ({ associationId, action, charterVersion }: { associationId: string; action: PartnerAction; charterVersion?: number }) =>
      api.post<Partner>(`/projects/${projectId}/partners/${associationId}/${action}`, action === 'accept' ? { charterVersion } : undefined),
    onSuccess: () => refreshPartnership(projectId),
  });
}

export function useRemovePartner(projectId: string) {
  return useMutation({
    mutationFn: (associationId: string) => api.delete(`/projects/${projectId}/partners/${associationId}`),
    onSuccess: () => refreshPartnership(projectId),
  });
}

export function useSignCharter(projectId: string) {
  return useMutation({
    mutationFn: (input: { associationId: string; version: number }) => api.post<Charter>(`/projects/${projectId}/charter/sign`, input),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.charter(projectId) }), refreshPartnership(projectId)]),
  });
}

export function useUpdateCharter(projectId: string) {
  return useMutation({
    mutationFn: (text: string) => api.put<Charter>(`/projects/${projectId}/charter`, { text }),
    onSuccess: (charter) => queryClient.setQueryData(queryKeys.charter(projectId), charter),
  });
}
