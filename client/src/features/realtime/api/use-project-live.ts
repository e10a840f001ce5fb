import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { queryClient } from '@/lib/query-client';
import { queryKeys } from '@/lib/query-keys';
import { getSocket } from '@/lib/socket';
import type { ActivityFeed } from '@/features/activity/api/activity';
import { ProjectLiveSession, type PresenceUser } from './project-live';

export type LiveStatus = 'connecting' | 'live' | 'reconnected' | 'offline';

const TYPING_SHOWN_MS = 4000;
const RECONNECTED_SHOWN_MS = 4000;

/** Joins the project's room once its activity feed is loaded (it gives the seq to start from). */
export function useProjectLive(projectId: string, feedLoaded: boolean) {
  const navigate = useNavigate();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [presence, setPresence] = useState<PresenceUser[]>([]);
  const [typingUserIds, setTypingUserIds] = useState<string[]>([]);
  const typingTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  useEffect(() => {
    if (!feedLoaded) return;
    const socket = getSocket();
    const initialSeq = queryClient.getQueryData<ActivityFeed>(queryKeys.activity(projectId))?.lastSeq ?? 0;
    let reconnectedTimer: ReturnType<typeof setTimeout> | undefined;
    const timers = typingTimers.current;
    const session = new ProjectLiveSession(socket, queryClient, projectId, initialSeq, {
      onStatus: (next) => {
        setStatus(next);
        clearTimeout(reconnectedTimer);
        if (next === 'reconnected') reconnectedTimer = setTimeout(() => setStatus('live'), RECONNECTED_SHOWN_MS);
      },
      onPresence: setPresence,
      onTyping: (userId) => {
        setTypingUserIds((ids) => (ids.includes(userId) ? ids : [...ids, userId]));
        clearTimeout(timers.get(userId));
        timers.set(
          userId,
          setTimeout(() => setTypingUserIds((ids) => ids.filter((id) => id !== userId)), TYPING_SHOWN_MS),
        );
      },
      onTypingStopped: (userId) => {
        clearTimeout(timers.get(userId));
        setTypingUserIds((ids) => ids.filter((id) => id !== userId));
      },
      onRevoked: () => {
        queryClient.removeQueries({ predicate: (query) => query.queryKey[0] === 'projects' && query.queryKey[1] === projectId });
        void queryClient.invalidateQueries({ queryKey: queryKeys.projects, exact: true });
        navigate('/lost-access', { replace: true });
      },
    });
    session.start();
    if (!socket.connected) socket.connect();
    return () => {
      session.stop();
      clearTimeout(reconnectedTimer);
      timers.forEach(clearTimeout);
      timers.clear();
    };
  }, [projectId, feedLoaded, navigate]);

  return { status, presence, typingUserIds };
}
