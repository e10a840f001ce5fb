import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { Mentions, MessageView } from '@maillage/contract';
import { api, type Page } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export interface Message extends MessageView {
  /** client only: sent but not acknowledged yet */
  pending?: boolean;
  failed?: boolean;
}

/** Oldest first, by creation time; a pending message is matched to its stored copy by clientMessageId. */
export function mergeMessage(messages: Message[] | undefined, message: Message): Message[] {
  const list = messages ?? [];
  const index = list.findIndex((existing) => existing.id === message.id || (!!message.clientMessageId && existing.clientMessageId === message.clientMessageId));
  const next =
    index === -1
      ? [...list, message]
      : list.map((existing, i) => (i === index ? { ...existing, ...message, pending: message.pending, failed: message.failed } : existing));
  return next.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

const PAGE_SIZE = 100;

/** Where the next older page starts, per project (null: the whole history is loaded). */
const olderCursors = new Map<string, string | null>();
export const olderMessagesCursor = (projectId: string) => olderCursors.get(projectId) ?? null;

export const useMessages = (projectId: string) =>
  useQuery({
    queryKey: queryKeys.messages(projectId),
    queryFn: async ({ signal }) => {
      const page = await api.get<Page<Message>>(`/projects/${projectId}/messages`, { query: { limit: PAGE_SIZE }, signal });
      olderCursors.set(projectId, page.nextCursor);
      return [...page.items].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    staleTime: Infinity,
  });

/** Reads the next older page into the same cache, so live messages and history stay one list. */
export async function loadOlderMessages(client: QueryClient, projectId: string): Promise<void> {
  const cursor = olderCursors.get(projectId);
  if (!cursor) return;
  const page = await api.get<Page<Message>>(`/projects/${projectId}/messages`, { query: { limit: PAGE_SIZE, cursor } });
  olderCursors.set(projectId, page.nextCursor);
  client.setQueryData<Message[]>(queryKeys.messages(projectId), (messages) => page.items.reduce(mergeMessage, messages ?? []));
}

export const postMessage = (projectId: string, body: string, clientMessageId: string, mentions?: Mentions) =>
  api.post<Message>(`/projects/${projectId}/messages`, { body, clientMessageId, ...(mentions ? { mentions } : {}) });
