import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/ui/page';
import { Button } from '@/components/ui/button';
import { EmptyState, QueryBoundary } from '@/components/ui/feedback';
import { formatTime } from '@/lib/dates';
import { newClientId } from '@/lib/ids';
import { useSession } from '@/lib/session';
import { useWorkspace } from '@/features/projects/api/workspace-context';
import { loadOlderMessages, olderMessagesCursor, useMessages } from '../api/messages';
import { queryClient } from '@/lib/query-client';
import { sendTyping, useSendMessage } from '../api/send-message';
import { mentionCandidates, mentionsIn, type MentionCandidate } from '@/features/notifications/api/mentions';
import { MentionText } from '@/features/notifications/components/mention-text';
import { MentionTextarea } from '@/features/notifications/components/mention-textarea';
import { ProposeFromMessage } from '@/features/decisions/components/propose-from-message';

export default function ChatPage() {
  const { t, i18n } = useTranslation();
  const workspace = useWorkspace();
  const { project, people, live } = workspace;
  const candidates = mentionCandidates(workspace);
  const [picked, setPicked] = useState<MentionCandidate[]>([]);
  const session = useSession();
  const messages = useMessages(project.id);
  const send = useSendMessage(project.id);
  const [body, setBody] = useState('');
  const [loadingOlder, setLoadingOlder] = useState(false);
  const hasOlder = messages.isSuccess && olderMessagesCursor(project.id) !== null;
  const loadOlder = async () => {
    setLoadingOlder(true);
    try {
      await loadOlderMessages(queryClient, project.id);
    } finally {
      setLoadingOlder(false);
    }
  };
  const listEnd = useRef<HTMLLIElement>(null);
  // follows the newest message only, so loading older ones does not jump to the bottom
  const newest = messages.data?.at(-1)?.clientMessageId ?? messages.data?.at(-1)?.id;

  useEffect(() => {
    listEnd.current?.scrollIntoView?.({ block: 'end' });
  }, [newest]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const text = body.trim();
    if (!text) return;
    send.mutate({ body: text, clientMessageId: newClientId(), mentions: mentionsIn(text, picked) });
    setBody('');
    setPicked([]);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      submit();
    }
  };

  const typingNames = live.typingUserIds.filter((id) => id !== session?.user.id).map((id) => people.get(id) ?? t('activity.someone'));

  return (
    <Page title={t('chat.title')}>
      {hasOlder && (
        <Button variant="secondary" onClick={loadOlder} busy={loadingOlder}>
          {t('chat.older')}
        </Button>
      )}
      <QueryBoundary query={messages}>
        {() =>
          messages.data!.length === 0 ? (
            <EmptyState title={t('chat.emptyTitle')}>
              <p>{t('chat.emptyBody')}</p>
            </EmptyState>
          ) : (
            <ol className="messages" aria-live="polite" aria-relevant="additions" aria-label={t('chat.title')}>
              {messages.data!.map((message) => {
                const mine = message.authorId === session?.user.id;
                return (
                  <li key={message.clientMessageId || message.id} className={`message${mine ? ' message--mine' : ''}`}>
                    <p className="message__meta">
                      <strong>{mine ? t('common.you') : message.authorName}</strong>{' '}
                      <time dateTime={message.createdAt}>{formatTime(message.createdAt, i18n.language)}</time>
                      {message.pending && <span className="muted"> · {t('chat.sending')}</span>}
                    </p>
                    <MentionText body={message.body} mentions={message.mentions} candidates={candidates} projectId={project.id} />
                    {!message.pending && !message.failed && (
                      <ProposeFromMessage projectId={project.id} message={{ body: message.body, authorName: message.authorName }} />
                    )}
                    {message.failed && (
                      <p className="field__error">
                        {t('chat.failed')}{' '}
                        <Button
                          variant="ghost"
                          onClick={() => send.mutate({ body: message.body, clientMessageId: message.clientMessageId, mentions: message.mentions })}
                        >
                          {t('chat.retry')}
                        </Button>
                      </p>
                    )}
                  </li>
                );
              })}
              <li ref={listEnd} aria-hidden="true" className="messages__end" />
            </ol>
          )
        }
      </QueryBoundary>
      <p className="typing" aria-live="polite">
        {typingNames.length > 0 ? t('chat.typing', { names: typingNames.join(', '), count: typingNames.length }) : ''}
      </p>
      <form onSubmit={submit} className="composer">
        <label htmlFor="chat-input" className="visually-hidden">
          {t('chat.message')}
        </label>
        <MentionTextarea
          id="chat-input"
          rows={2}
          value={body}
          placeholder={t('chat.placeholder')}
          candidates={candidates}
          onPick={(candidate) => setPicked((previous) => [...previous, candidate])}
          onValueChange={(value) => {
            setBody(value);
            sendTyping(project.id);
          }}
          onKeyDown={onKeyDown}
        />
        <Button type="submit">{t('chat.send')}</Button>
      </form>
    </Page>
  );
}
