import type { Mentions } from '@maillage/contract';
import { Link } from 'react-router';
import { splitMentions, type MentionCandidate } from '../api/mentions';

/** A message or comment body whose mentions are links (an association's page, the project's partners). */
export function MentionText({
  body,
  mentions,
  candidates,
  projectId,
}: {
  body: string;
  mentions?: Mentions;
  candidates: MentionCandidate[];
  projectId: string;
}) {
  const ids = new Set([...(mentions?.userIds ?? []), ...(mentions?.associationIds ?? [])]);
  const mentioned = candidates.filter((candidate) => ids.has(candidate.id));
  return (
    <p className="prewrap">
      {splitMentions(body, mentioned).map((part, index) =>
        typeof part === 'string' ? (
          part
        ) : (
          <Link key={index} className="mention" to={part.kind === 'association' ? `/associations/${part.id}` : `/projects/${projectId}/partners`}>
            @{part.name}
          </Link>
        ),
      )}
    </p>
  );
}
