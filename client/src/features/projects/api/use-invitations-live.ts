import { useEffect } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { ServerToClientEvents } from '@maillage/contract';
import { queryClient } from '@/lib/query-client';
import { queryKeys } from '@/lib/query-keys';
import { getSocket, type AppSocket } from '@/lib/socket';

type InvitationChange = Parameters<ServerToClientEvents['invitation:changed']>[0];

/** An invitation made or answered: the lists that show it are read again. */
export function applyInvitationChange(client: QueryClient, change: InvitationChange): void {
  void client.invalidateQueries({ queryKey: queryKeys.projects, exact: true });
  void client.invalidateQueries({ queryKey: queryKeys.project(change.projectId), exact: true });
}

/** Follows the invitations of the associations I administer, live (the server tells each admin's sockets). */
export function useInvitationsLive(socketOf: () => AppSocket = getSocket, client: QueryClient = queryClient): void {
  useEffect(() => {
    const socket = socketOf();
    const onChange = (change: InvitationChange) => applyInvitationChange(client, change);
    socket.on('invitation:changed', onChange);
    if (!socket.connected) socket.connect();
    return () => {
      socket.off('invitation:changed', onChange);
    };
  }, [socketOf, client]);
}
