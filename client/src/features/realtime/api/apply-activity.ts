// Turns one project activity into cache updates, so every open screen follows without polling.
// Payloads carrying the changed object (data.task, data.comment, data.message) are written in place;
// otherwise the affected queries are refetched.
import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query-keys';
import type { Activity, ActivityFeed } from '@/features/activity/api/activity';
import { removeTask, upsertTask, type Task } from '@/features/tasks/api/task-cache';
import { mergeMessage, type Message } from '@/features/chat/api/messages';
import type { Comment } from '@/features/tasks/api/tasks';

function objectOf<T>(activity: Activity, name: string): T | undefined {
  const value = activity.data?.[name];
  return value && typeof value === 'object' ? (value as T) : undefined;
}

function idOf(activity: Activity, name: string): string | undefined {
  const direct = activity.data?.[`${name}Id`];
  if (typeof direct === 'string') return direct;
  return objectOf<{ id?: string }>(activity, name)?.id;
}

/** Appends to the feed in seq order, ignoring duplicates. */
export function appendToFeed(feed: ActivityFeed | undefined, activity: Activity): ActivityFeed | undefined {
  if (!feed) return feed;
  if (feed.items.some((item) => item.seq === activity.seq)) return feed;
  const items = [...feed.items, activity].sort((a, b) => a.seq - b.seq);
  return { items, lastSeq: Math.max(feed.lastSeq, activity.seq) };
}

export function applyActivity(client: QueryClient, projectId: string, activity: Activity): void {
  client.setQueryData<ActivityFeed>(queryKeys.activity(projectId), (feed) => appendToFeed(feed, activity));
  const [domain, verb] = activity.type.split('.');

  switch (domain) {
    case 'task': {
      const tasksKey = queryKeys.tasks(projectId);
      const task = objectOf<Task>(activity, 'task');
      if (verb === 'deleted') {
        const taskId = idOf(activity, 'task');
        if (taskId) client.setQueryData<Task[]>(tasksKey, (tasks) => removeTask(tasks, taskId));
        else void client.invalidateQueries({ queryKey: tasksKey });
      } else if (task?.id && typeof task.version === 'number') {
        client.setQueryData<Task[]>(tasksKey, (tasks) => upsertTask(tasks, task));
      } else {
        void client.invalidateQueries({ queryKey: tasksKey });
      }
      break;
    }
    case 'comment': {
      const comment = objectOf<Comment>(activity, 'comment');
      const taskId = comment?.taskId ?? idOf(activity, 'task');
      if (!taskId) break;
      if (comment?.id && verb === 'created') {
        client.setQueryData<Comment[]>(queryKeys.comments(taskId), (comments) =>
          !comments || comments.some((existing) => existing.id === comment.id) ? comments : [...comments, comment],
        );
      } else {
        void client.invalidateQueries({ queryKey: queryKeys.comments(taskId) });
      }
      break;
    }
    case 'message': {
      const message = objectOf<Message>(activity, 'message');
      if (message?.id) {
        client.setQueryData<Message[]>(queryKeys.messages(projectId), (messages) => (messages ? mergeMessage(messages, message) : messages));
      } else {
        void client.invalidateQueries({ queryKey: queryKeys.messages(projectId) });
      }
      break;
    }
    case 'partner':
    case 'coordinator':
      void client.invalidateQueries({ queryKey: queryKeys.partners(projectId) });
      void client.invalidateQueries({ queryKey: queryKeys.project(projectId), exact: true });
      void client.invalidateQueries({ queryKey: queryKeys.charter(projectId) });
      break;
    case 'charter':
      void client.invalidateQueries({ queryKey: queryKeys.charter(projectId) });
      void client.invalidateQueries({ queryKey: queryKeys.partners(projectId) });
      break;
    case 'project':
      void client.invalidateQueries({ queryKey: queryKeys.project(projectId), exact: true });
      void client.invalidateQueries({ queryKey: queryKeys.projects, exact: true });
      break;
    default:
      // events, shifts, bookings and contributions have no screen in this client yet
      break;
  }
}

/** After a resync (the server could not list what we missed), every cached query of the project is refetched. */
export function resyncProject(client: QueryClient, projectId: string): Promise<void> {
  return client.invalidateQueries({
    predicate: (query) => query.queryKey[0] === 'projects' && query.queryKey[1] === projectId || query.queryKey[0] === 'tasks',
  });
}
