import { useQuery } from '@tanstack/react-query';
import { useOutletContext } from 'react-router';
import type { Association } from '@/features/associations/api/associations';
import type { PresenceUser } from '@/features/realtime/api/project-live';
import type { LiveStatus } from '@/features/realtime/api/use-project-live';
import type { ProjectView } from '@maillage/contract';
import type { Partner } from './projects';
import { projectMembersQueryOptions } from './project-members';

export interface WorkspaceContext {
  project: ProjectView;
  partners: Partner[];
  activePartners: Partner[];
  associationNames: Map<string, string>;
  people: Map<string, string>;
  /** the people of each active partner */
  peopleByAssociation: Map<string, string[]>;
  myAssociations: Association[];
  myActivePartnerIds: string[];
  isCoordinatorAdmin: boolean;
  live: { status: LiveStatus; presence: PresenceUser[]; typingUserIds: string[] };
}

export const useWorkspace = () => useOutletContext<WorkspaceContext>();

/** Names of the people of every active partner, served by the project (partners cannot read each other's member lists). */
export function useProjectPeople(projectId: string, presence: PresenceUser[], enabled: boolean) {
  const members = useQuery({ ...projectMembersQueryOptions(projectId), enabled });
  const people = new Map<string, string>();
  const peopleByAssociation = new Map<string, string[]>();
  for (const member of members.data ?? []) {
    people.set(member.userId, member.displayName);
    peopleByAssociation.set(member.associationId, [...(peopleByAssociation.get(member.associationId) ?? []), member.userId]);
  }
  for (const user of presence) if (!people.has(user.id)) people.set(user.id, user.displayName);
  return { people, peopleByAssociation };
}
