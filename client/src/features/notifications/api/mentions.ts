import type { Mentions } from '@maillage/contract';
import type { WorkspaceContext } from '@/features/projects/api/workspace-context';

export interface MentionCandidate {
  kind: 'user' | 'association';
  id: string;
  name: string;
}

export const NO_MENTIONS: Mentions = { userIds: [], associationIds: [] };

/** Who can be mentioned in a project: its active partner associations and the people of them I know. */
export function mentionCandidates(workspace: Pick<WorkspaceContext, 'activePartners' | 'people' | 'peopleByAssociation'>): MentionCandidate[] {
  const associations = workspace.activePartners.map((partner) => ({ kind: 'association' as const, id: partner.associationId, name: partner.associationName }));
  const userIds = new Set(workspace.activePartners.flatMap((partner) => workspace.peopleByAssociation.get(partner.associationId) ?? []));
  const people = [...userIds].flatMap((id) => {
    const name = workspace.people.get(id);
    return name ? [{ kind: 'user' as const, id, name }] : [];
  });
  return [...people, ...associations].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** The `@word` being typed just before the caret, if any (a mention starts a word). */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@]{0,40})$/.exec(text.slice(0, caret));
  return match ? { start: caret - match[2].length - 1, query: match[2] } : null;
}

export function matchingCandidates(candidates: MentionCandidate[], query: string, limit = 8): MentionCandidate[] {
  const wanted = fold(query);
  return candidates
    .filter(
      (candidate) =>
        fold(candidate.name)
          .split(/\s+/)
          .some((word) => word.startsWith(wanted)) || fold(candidate.name).startsWith(wanted),
    )
    .slice(0, limit);
}

/** The picked mentions whose `@Name` is still in the text when it is sent. */
export function mentionsIn(text: string, picked: MentionCandidate[]): Mentions {
  const kept = picked.filter((candidate) => text.includes(`@${candidate.name}`));
  return {
    userIds: [...new Set(kept.filter((candidate) => candidate.kind === 'user').map((candidate) => candidate.id))],
    associationIds: [...new Set(kept.filter((candidate) => candidate.kind === 'association').map((candidate) => candidate.id))],
  };
}

/** Splits a body into text and the `@Name` runs of its mentions, longest names first. */
export function splitMentions(body: string, mentioned: MentionCandidate[]): (string | MentionCandidate)[] {
  const names = [...mentioned].sort((a, b) => b.name.length - a.name.length);
  const parts: (string | MentionCandidate)[] = [];
  let rest = body;
  for (;;) {
    let first: { index: number; candidate: MentionCandidate } | null = null;
    for (const candidate of names) {
      const index = rest.indexOf(`@${candidate.name}`);
      if (index !== -1 && (!first || index < first.index)) first = { index, candidate };
    }
    if (!first) break;
    if (first.index > 0) parts.push(rest.slice(0, first.index));
    parts.push(first.candidate);
    rest = rest.slice(first.index + first.candidate.name.length + 1);
  }
  if (rest) parts.push(rest);
  return parts;
}

const fold = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
