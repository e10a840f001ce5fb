// Turns one project activity into cache updates, so every open screen follows without polling.
// Payloads carrying the changed object (data.task, data.comment, data.message) are written in place;
// otherwise the affected queries are refetched. The shapes are the contract's (@maillage/contract);
// a payload missing its object (an older server) is met with a refetch, never a crash.
import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query-keys';
import type { Activity, ActivityFeed } from '@/features/activity/api/activity';
import { removeTask, upsertTask, type Task } from '@/features/tasks/api/task-cache';
import { mergeMessage, type Message } from '@/features/chat/api/messages';
import type { Comment } from '@/features/tasks/api/tasks';
import { decisionKeys, storeDecision } from '@/features/decisions/api/decisions';
import { applyEventActivity } from '@/features/events/api/event-cache';

/** Appends to the feed in seq order, ignoring duplicates. */
export function appendToFeed(feed: ActivityFeed | undefined, activity: Activity): ActivityFeed | undefined {
  if (!feed) return feed;
  if (feed.items.some((item) => item.seq === activity.seq)) return feed;
  const items = [...feed.items, activity].sort((a, b) => a.seq - b.seq);
  return { ...feed, items, lastSeq: Math.max(feed.lastSeq, activity.seq) };
}

export function applyActivity(client: QueryClient, projectId: string, activity: Activity): void {
  client.setQueryData<ActivityFeed>(queryKeys.activity(projectId), (feed) => appendToFeed(feed, activity));
  const tasksKey = queryKeys.tasks(projectId);
  if (activity.type.startsWith('task.')) void client.invalidateQueries({ queryKey: queryKeys.summaries(projectId) });

  switch (activity.type) {
    case 'task.created':
    case 'task.updated':
    case 'task.moved': {
      const task = activity.data?.task;
      if (task?.id && typeof task.version === 'number') client.setQueryData<Task[]>(tasksKey, (tasks) => upsertTask(tasks, task));
      else void client.invalidateQueries({ queryKey: tasksKey });
      break;
    }
    case 'task.deleted': {
      const taskId = activity.data?.task?.id;
      if (taskId) client.setQueryData<Task[]>(tasksKey, (tasks) => removeTask(tasks, taskId));
      else void client.invalidateQueries({ queryKey: tasksKey });
      break;
    }
    case 'task.renumbered':
      void client.invalidateQueries({ queryKey: tasksKey });
      break;
    case 'comment.created':
    case 'comment.updated':
    case 'comment.deleted': {
      const comment = activity.data?.comment;
      const taskId = comment?.taskId ?? activity.data?.taskId;
      if (!taskId) break;
      if (comment?.id && activity.type === 'comment.created') {
        client.setQueryData<Comment[]>(queryKeys.comments(taskId), (comments) =>
          !comments || comments.some((existing) => existing.id === comment.id) ? comments : [...comments, comment],
        );
      } else {
        void client.invalidateQueries({ queryKey: queryKeys.comments(taskId) });
      }
      break;
    }
    case 'message.created': {
      const message = activity.data?.message;
      if (message?.id) {
        client.setQueryData<Message[]>(queryKeys.messages(projectId), (messages) => (messages ? mergeMessage(messages, message) : messages));
      } else {
        void client.invalidateQueries({ queryKey: queryKeys.messages(projectId) });
      }
      break;
    }
    case 'partner.invited':
    case 'partner.declined':
    case 'partner.left':
    case 'partner.removed':
    case 'partner.joined':
    case 'coordinator.changed':
      void client.invalidateQueries({ queryKey: queryKeys.partners(projectId) });
      void client.invalidateQueries({ queryKey: queryKeys.project(projectId), exact: true });
      void client.invalidateQueries({ queryKey: queryKeys.charter(projectId) });
      void client.invalidateQueries({ queryKey: queryKeys.projectMembers(projectId) });
      break;
    case 'charter.updated':
    case 'charter.signed':
      void client.invalidateQueries({ queryKey: queryKeys.charter(projectId) });
      void client.invalidateQueries({ queryKey: queryKeys.partners(projectId) });
      break;
    case 'project.created':
    case 'project.updated':
      void client.invalidateQueries({ queryKey: queryKeys.project(projectId), exact: true });
      void client.invalidateQueries({ queryKey: queryKeys.projects, exact: true });
      refreshContributionViews(client, projectId); // the volunteer rate revalues them
      break;
    // contributions, and what derives them (returned or finished bookings, confirmed attendance)
    case 'contribution.created':
    case 'contribution.updated':
    case 'contribution.deleted':
    case 'shift.attendance':
    case 'booking.approved':
    case 'booking.returned':
    case 'booking.cancelled':
      refreshContributionViews(client, projectId);
      // these are events' and shifts' news too (an event's premise, a shift's attendance)
      applyEventActivity(client, projectId, activity);
      break;
    // Decisions carry themselves as they are after the step (features/decisions).
    case 'decision.opened':
    case 'decision.voted':
    case 'decision.closed':
    case 'decision.withdrawn':
      if (activity.data?.decision?.id) storeDecision(client, activity.data.decision);
      else void client.invalidateQueries({ queryKey: decisionKeys.list(projectId) });
      break;
    default:
      // events, shifts and the bookings of their premises
      applyEventActivity(client, projectId, activity);
      break;
  }
}

function refreshContributionViews(client: QueryClient, projectId: string): void {
  void client.invalidateQueries({ queryKey: queryKeys.contributions(projectId) });
  void client.invalidateQueries({ queryKey: queryKeys.summaries(projectId) });
}

/** After a resync (the server could not list what we missed), every cached query of the project is refetched. */
export function resyncProject(client: QueryClient, projectId: string): Promise<void> {
  return client.invalidateQueries({
    predicate: (query) => (query.queryKey[0] === 'projects' && query.queryKey[1] === projectId) || query.queryKey[0] === 'tasks',
  });
}
