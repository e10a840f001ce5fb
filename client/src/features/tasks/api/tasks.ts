import type { BoardView, ChecklistItem as ContractChecklistItem, CommentView, Mentions } from '@maillage/contract';
import { queryOptions, useMutation, useQuery, type QueryClient } from '@tanstack/react-query';
import { api, getAll, isApiError } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { queryClient } from '@/lib/query-client';
import { moveTaskInList, removeTask, tasksOfBoard, upsertTask, type Task, type TaskStatus } from './task-cache';

export type { Task, TaskStatus } from './task-cache';
export { TASK_STATUSES } from './task-cache';

/** A checklist item as the client edits it: a new one has no id until the server gives it one. */
export type ChecklistItem = Omit<ContractChecklistItem, 'id'> & { id?: string };
export type Comment = CommentView;

export type TaskInput = Partial<
  Pick<Task, 'title' | 'description' | 'status' | 'assigneeAssociationId' | 'assigneeUserIds' | 'dueDate'> & { checklist: ChecklistItem[] }
>;

/** The whole board in one request (GET /projects/:id/board, compressed), as the list of tasks in board order. */
export const tasksQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: queryKeys.tasks(projectId),
    queryFn: async ({ signal }) => tasksOfBoard(await api.get<BoardView>(`/projects/${projectId}/board`, { signal })),
  });
export const useTasks = (projectId: string) => useQuery(tasksQueryOptions(projectId));

export function useCreateTask(projectId: string) {
  return useMutation({
    // clientId makes a retried creation answer the stored task instead of a duplicate
    mutationFn: (input: TaskInput & { title: string; clientId: string }) => api.post<Task>(`/projects/${projectId}/tasks`, input),
    onSuccess: (task) => queryClient.setQueryData<Task[]>(queryKeys.tasks(projectId), (tasks) => upsertTask(tasks, task)),
  });
}

export class StaleTaskError extends Error {
  constructor(readonly current: Task) {
    super('stale task');
  }
}

/**
 * Optimistic edit: the board shows the change at once; on 409 the cache takes the server's `current`
 * task and the caller shows it, on any other error the previous list comes back.
 */
export function updateTaskMutation(projectId: string, client: QueryClient = queryClient) {
  const key = queryKeys.tasks(projectId);
  return {
    mutationFn: ({ task, patch }: { task: Task; patch: TaskInput }) => api.patch<Task>(`/tasks/${task.id}`, { ...patch, version: task.version }),
    onMutate: async ({ task, patch }: { task: Task; patch: TaskInput }) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<Task[]>(key);
      client.setQueryData<Task[]>(key, (tasks) => upsertTask(tasks, { ...task, ...patch } as Task, { force: true }));
      return { previous };
    },
    onError: (error: unknown, _variables: unknown, context: { previous?: Task[] } | undefined) => rollbackTaskEdit(projectId, error, context?.previous, client),
    onSuccess: (task: Task) => {
      client.setQueryData<Task[]>(key, (tasks) => upsertTask(tasks, task, { force: true }));
    },
  };
}

export function useUpdateTask(projectId: string) {
  return useMutation(updateTaskMutation(projectId));
}

/** Puts the list back after a failed optimistic edit; a stale write shows the server's current task instead. */
export function rollbackTaskEdit(projectId: string, error: unknown, previous: Task[] | undefined, client: QueryClient = queryClient): void {
  const key = queryKeys.tasks(projectId);
  const current = isApiError(error, 409) ? (error.problem.current as Task | undefined) : undefined;
  if (current) client.setQueryData<Task[]>(key, upsertTask(previous, current, { force: true }));
  else client.setQueryData<Task[]>(key, previous);
}

export function useMoveTask(projectId: string) {
  const key = queryKeys.tasks(projectId);
  return useMutation({
    mutationFn: ({ taskId, status, afterTaskId }: { taskId: string; status: TaskStatus; afterTaskId: string | null }) =>
      api.post<Task>(`/tasks/${taskId}/move`, { status, afterTaskId }),
    onMutate: async ({ taskId, status, afterTaskId }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Task[]>(key);
      queryClient.setQueryData<Task[]>(key, (tasks) => moveTaskInList(tasks ?? [], taskId, status, afterTaskId));
      return { previous };
    },
    onError: (error, _variables, context) => {
      rollbackTaskEdit(projectId, error, context?.previous);
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onSuccess: (task) => queryClient.setQueryData<Task[]>(key, (tasks) => upsertTask(tasks, task, { force: true })),
  });
}

export function useDeleteTask(projectId: string) {
  return useMutation({
    mutationFn: (taskId: string) => api.delete(`/tasks/${taskId}`),
    onSuccess: (_result, taskId) => queryClient.setQueryData<Task[]>(queryKeys.tasks(projectId), (tasks) => removeTask(tasks, taskId)),
  });
}

export const useComments = (taskId: string) =>
  useQuery({ queryKey: queryKeys.comments(taskId), queryFn: ({ signal }) => getAll<Comment>(`/tasks/${taskId}/comments`, {}, signal) });

export function useAddComment(taskId: string) {
  return useMutation({
    mutationFn: ({ body, mentions }: { body: string; mentions?: Mentions }) =>
      api.post<Comment>(`/tasks/${taskId}/comments`, {
        body,
        ...(mentions && (mentions.userIds.length || mentions.associationIds.length) ? { mentions } : {}),
      }),
    onSuccess: (comment) =>
      queryClient.setQueryData<Comment[]>(queryKeys.comments(taskId), (comments = []) =>
        comments.some((existing) => existing.id === comment.id) ? comments : [...comments, comment],
      ),
  });
}
