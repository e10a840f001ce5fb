import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export interface Message {
  id: string;
  projectId: string;
  authorId: string;
  authorName?: string;
  body: string;
  clientMessageId: string;
  createdAt: string;
  /** client only: sent but not acknowledged yet */
  pending?: boolean;
  failed?: boolean;
}

/** Oldest first, by creation time; a pending message is matched to its stored copy by clientMessageId. */
export function mergeMessage(messages: Message[] | undefined, message: Message): Message[] {
  const list = messages ?? [];
  const index = list.findIndex(
    (existing) => existing.id === message.id || (!!message.clientMessageId && existing.clientMessageId === message.clientMessageId),
  );
  const next = index === -1 ? [...list, message] : list.map((existing, i) => (i === index ? { ...existing, ...message, pending: message.pending, failed: message.failed } : existing));
  return next.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export const useMessages = (projectId: string) =>
  useQuery({
    queryKey: queryKeys.messages(projectId),
    queryFn: async ({ signal }) => {
      const page = await api.get<Page<Message>>(`/projects/${projectId}/messages`, { query: { limit: 100 }, signal });
      return [...page.items].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    staleTime: Infinity,
  });

export const postMessage = (projectId: string, body: string, clientMessageId: string) =>
  api.post<Message>(`/projects/${projectId}/messages`, { body, clientMessageId });
