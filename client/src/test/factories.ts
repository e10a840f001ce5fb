import { QueryClient } from '@tanstack/react-query';
import type { Task } from '@/features/tasks/api/task-cache';
import type { Activity } from '@/features/activity/api/activity';

let counter = 0;

export function makeTask(overrides: Partial<Task> = {}): Task {
  counter += 1;
  return {
    id: `task-${counter}`,
    projectId: 'p1',
    title: `Tâche ${counter}`,
    description: '',
    status: 'todo',
    position: counter,
    assigneeAssociationId: null,
    assigneeUserIds: [],
    dueDate: null,
    checklist: [],
    eventId: null,
    createdBy: 'u1',
    clientId: `client-${counter}`,
    version: 1,
    createdAt: '2026-05-01T10:00:00.000Z',
    updatedAt: '2026-05-01T10:00:00.000Z',
    ...overrides,
  };
}

/**
 * An activity; `data` is not checked against the contract so that specs can also feed the client
 * incomplete payloads, which it must survive.
 */
export function makeActivity(overrides: Partial<Omit<Activity, 'data'>> & { data?: object } = {}): Activity {
  return { projectId: 'p1', seq: 1, type: 'project.updated', actorId: 'u1', at: '2026-05-01T10:00:00.000Z', data: {}, ...overrides } as Activity;
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } } });
}

export function jsonResponse(status: number, body?: unknown, contentType = 'application/json'): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}
