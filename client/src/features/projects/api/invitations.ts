import type { Association } from '@/features/associations/api/associations';
import { myRoleIn } from '@/features/associations/api/associations';
import type { Partner, Project } from './projects';

/** The partners of a project that are my associations, as listed on the project. */
export function myPartners(project: Project, associations: Association[]): Partner[] {
  const mine = new Set(associations.map((association) => association.id));
  return (project.partners ?? []).filter((partner) => mine.has(partner.associationId));
}

/** Invitations waiting for an association where I may sign (admin, or role unknown: the server decides). */
export function waitingInvitations(project: Project, associations: Association[]): Partner[] {
  if ('invitations' in project) return project.invitations.filter((partner) => partner.status === 'invited');
  const signers = associations.filter((association) => myRoleIn(association) !== 'member');
  return myPartners(project, signers).filter((partner) => partner.status === 'invited');
}

/** Whether I see the project only as an invitation (no active partnership of mine). */
export function isInvitationOnly(project: Project, associations: Association[]): boolean {
  if ('access' in project) return true;
  if (!project.partners) return false;
  const mine = myPartners(project, associations);
  if (associations.some((association) => association.id === project.coordinatorAssociationId)) return false;
  return mine.length > 0 && mine.every((partner) => partner.status !== 'active');
}
