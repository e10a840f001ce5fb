import { useMutation } from '@tanstack/react-query';
import type { Mentions } from '@maillage/contract';
import { queryClient } from '@/lib/query-client';
import { queryKeys } from '@/lib/query-keys';
import { sessionStore } from '@/lib/session';
import { getSocket } from '@/lib/socket';
import { mergeMessage, postMessage, type Message } from './messages';

const ACK_TIMEOUT_MS = 8000;

/** Over the socket when connected (ack), otherwise over HTTP; the same clientMessageId makes a retry safe. */
async function sendMessage(projectId: string, body: string, clientMessageId: string, mentions?: Mentions): Promise<Message> {
  const socket = getSocket();
  const mentioning = mentions && (mentions.userIds.length || mentions.associationIds.length) ? mentions : undefined;
  if (socket.connected) {
    try {
      const ack = await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('message:send', { projectId, body, clientMessageId, ...(mentioning ? { mentions: mentioning } : {}) });
      if (ack?.ok) return ack.message as Message;
    } catch {
      // no ack in time: fall through to HTTP with the same clientMessageId
    }
  }
  return postMessage(projectId, body, clientMessageId, mentioning);
}

export function useSendMessage(projectId: string) {
  const key = queryKeys.messages(projectId);
  return useMutation({
    mutationFn: ({ body, clientMessageId, mentions }: { body: string; clientMessageId: string; mentions?: Mentions }) =>
      sendMessage(projectId, body, clientMessageId, mentions),
    onMutate: ({ body, clientMessageId, mentions }) => {
      const pending: Message = {
        id: `pending-${clientMessageId}`,
        projectId,
        authorId: sessionStore.get()?.user.id ?? null,
        authorName: sessionStore.get()?.user.displayName ?? '',
        body,
        ...(mentions ? { mentions } : {}),
        clientMessageId,
        createdAt: new Date().toISOString(),
        pending: true,
      };
      queryClient.setQueryData<Message[]>(key, (messages) => mergeMessage(messages, pending));
    },
    onSuccess: (message) => queryClient.setQueryData<Message[]>(key, (messages) => mergeMessage(messages, { ...message, pending: false, failed: false })),
    onError: (_error, { clientMessageId }) =>
      queryClient.setQueryData<Message[]>(key, (messages) =>
        (messages ?? []).map((message) => (message.clientMessageId === clientMessageId ? { ...message, pending: false, failed: true } : message)),
      ),
  });
}

let lastTypingSent = 0;
export function sendTyping(projectId: string): void {
  const now = Date.now();
  if (now - lastTypingSent < 2500) return;
  lastTypingSent = now;
  const socket = getSocket();
  if (socket.connected) socket.emit('typing', { projectId });
}
