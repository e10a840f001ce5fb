import { useQueries } from '@tanstack/react-query';
import { useOutletContext } from 'react-router';
import { membersQueryOptions, memberName, type Association } from '@/features/associations/api/associations';
import type { PresenceUser } from '@/features/realtime/api/project-live';
import type { LiveStatus } from '@/features/realtime/api/use-project-live';
import type { ProjectView } from '@maillage/contract';
import type { Partner } from './projects';

export interface WorkspaceContext {
  project: ProjectView;
  partners: Partner[];
  activePartners: Partner[];
  associationNames: Map<string, string>;
  people: Map<string, string>;
  /** people of each association I could read */
  peopleByAssociation: Map<string, string[]>;
  myAssociations: Association[];
  myActivePartnerIds: string[];
  isCoordinatorAdmin: boolean;
  live: { status: LiveStatus; presence: PresenceUser[]; typingUserIds: string[] };
}

export const useWorkspace = () => useOutletContext<WorkspaceContext>();

/** Names of the people of the partner associations whose member lists I can read; others stay unnamed. */
export function useProjectPeople(associationIds: string[], presence: PresenceUser[]) {
  const results = useQueries({ queries: associationIds.map((id) => ({ ...membersQueryOptions(id), staleTime: 5 * 60_000 })) });
  const people = new Map<string, string>();
  const peopleByAssociation = new Map<string, string[]>();
  results.forEach((result, index) => {
    if (!result.data) return;
    peopleByAssociation.set(
      associationIds[index],
      result.data.map((member) => member.userId),
    );
    for (const member of result.data) people.set(member.userId, memberName(member));
  });
  for (const user of presence) if (!people.has(user.id)) people.set(user.id, user.displayName);
  return { people, peopleByAssociation };
}
