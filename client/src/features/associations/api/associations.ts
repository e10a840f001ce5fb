import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import type { AssociationRole, AssociationView, MemberView } from '@maillage/contract';
import { api, getAll, type Page } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { queryClient } from '@/lib/query-client';

export type Role = AssociationRole;
/** An association; `myRole` when I am a member. */
export type Association = AssociationView;
export type Member = MemberView;

export interface AssociationInput {
  name: string;
  description?: string | null;
  city?: string | null;
  neighbourhood?: string | null;
  contactEmail?: string | null;
}

export const memberName = (member: Member) => member.displayName ?? member.email ?? member.userId;
export const myRoleIn = (association: Association) => association.myRole;

export const myAssociationsQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.myAssociations, queryFn: ({ signal }) => getAll<Association>('/associations/mine', {}, signal) });
export const useMyAssociations = () => useQuery(myAssociationsQueryOptions());

export const useDirectory = (q: string, city: string) =>
  useQuery({
    queryKey: queryKeys.directory(q, city),
    queryFn: ({ signal }) => api.get<Page<Association>>('/associations', { query: { q, city }, signal }),
    placeholderData: (previous) => previous,
  });

export const useAssociation = (id: string) =>
  useQuery({ queryKey: queryKeys.association(id), queryFn: ({ signal }) => api.get<Association>(`/associations/${id}`, { signal }) });

export const membersQueryOptions = (associationId: string) =>
  queryOptions({
    queryKey: queryKeys.members(associationId),
    queryFn: ({ signal }) => getAll<Member>(`/associations/${associationId}/members`, {}, signal),
    retry: false,
  });
export const useMembers = (associationId: string | undefined, enabled = true) =>
  useQuery({ ...membersQueryOptions(associationId ?? ''), enabled: enabled && !!associationId });

export function useCreateAssociation() {
  return useMutation({
    mutationFn: (input: AssociationInput) => api.post<Association>('/associations', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['associations'] }),
  });
}

export function useUpdateAssociation(id: string) {
  return useMutation({
    mutationFn: (input: Partial<AssociationInput>) => api.patch<Association>(`/associations/${id}`, input),
    onSuccess: (association) => {
      queryClient.setQueryData(queryKeys.association(id), association);
      void queryClient.invalidateQueries({ queryKey: queryKeys.myAssociations });
    },
  });
}

export function useChangeMemberRole(associationId: string) {
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) => api.patch(`/associations/${associationId}/members/${userId}`, { role }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.members(associationId) }),
  });
}

export function useRemoveMember(associationId: string) {
  return useMutation({
    mutationFn: (userId: string) => api.delete(`/associations/${associationId}/members/${userId}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['associations'] }),
  });
}

export interface InvitationLink {
  token: string;
  expiresAt: string;
}

export function useCreateInvitation(associationId: string) {
  return useMutation({
    mutationFn: (input: { email?: string; role: Role }) => api.post<InvitationLink>(`/associations/${associationId}/invitations`, input),
  });
}

export function useAcceptInvitation() {
  return useMutation({
    mutationFn: (token: string) => api.post<{ associationId?: string; association?: Association; id?: string }>(`/invitations/${token}/accept`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['associations'] }),
  });
}
