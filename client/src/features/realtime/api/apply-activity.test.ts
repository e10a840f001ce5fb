import { describe, expect, it } from 'vitest';
import { queryKeys } from '@/lib/query-keys';
import { makeActivity, makeQueryClient, makeTask } from '@/test/factories';
import type { Task } from '@/features/tasks/api/task-cache';
import type { Message } from '@/features/chat/api/messages';
import type { ActivityFeed } from '@/features/activity/api/activity';
import { appendToFeed, applyActivity } from './apply-activity';

function withTasks(tasks: Task[]) {
  const client = makeQueryClient();
  client.setQueryData(queryKeys.tasks('p1'), tasks);
  client.setQueryData<ActivityFeed>(queryKeys.activity('p1'), { items: [], lastSeq: 0 });
  return client;
}

describe('applyActivity', () => {
  it('adds a created task to the board', () => {
    const client = withTasks([]);
    const task = makeTask();
    applyActivity(client, 'p1', makeActivity({ seq: 1, type: 'task.created', data: { task } }));
    expect(client.getQueryData(queryKeys.tasks('p1'))).toEqual([task]);
  });

  it('applies a newer version and ignores an older one', () => {
    const task = makeTask({ version: 2, title: 'v2' });
    const client = withTasks([task]);
    applyActivity(client, 'p1', makeActivity({ seq: 1, type: 'task.updated', data: { task: { ...task, version: 1, title: 'v1' } } }));
    expect(client.getQueryData<Task[]>(queryKeys.tasks('p1'))![0].title).toBe('v2');
    applyActivity(client, 'p1', makeActivity({ seq: 2, type: 'task.moved', data: { task: { ...task, version: 3, status: 'done' } } }));
    expect(client.getQueryData<Task[]>(queryKeys.tasks('p1'))![0]).toMatchObject({ version: 3, status: 'done' });
  });

  it('removes a deleted task', () => {
    const task = makeTask();
    const client = withTasks([task]);
    applyActivity(client, 'p1', makeActivity({ seq: 1, type: 'task.deleted', data: { task } }));
    expect(client.getQueryData(queryKeys.tasks('p1'))).toEqual([]);
  });

  it('refetches the board when the payload has no task', () => {
    const client = withTasks([makeTask()]);
    applyActivity(client, 'p1', makeActivity({ seq: 1, type: 'task.updated', data: {} }));
    expect(client.getQueryState(queryKeys.tasks('p1'))!.isInvalidated).toBe(true);
  });

  it('replaces my pending chat message by the stored one (same clientMessageId)', () => {
    const client = withTasks([]);
    const pending: Message = {
      id: 'pending-c1',
      projectId: 'p1',
      authorId: 'u1',
      authorName: 'Amina',
      body: 'Salut',
      clientMessageId: 'c1',
      createdAt: '2026-05-01T10:00:00.000Z',
      pending: true,
    };
    client.setQueryData(queryKeys.messages('p1'), [pending]);
    const stored = { ...pending, id: 'm1', pending: undefined };
    applyActivity(client, 'p1', makeActivity({ seq: 1, type: 'message.created', data: { message: stored } }));
    const messages = client.getQueryData<Message[]>(queryKeys.messages('p1'))!;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: 'm1', pending: undefined });
  });

  it('appends a comment to its task thread once', () => {
    const client = withTasks([]);
    client.setQueryData(queryKeys.comments('t1'), []);
    const comment = { id: 'c1', taskId: 't1', authorId: 'u1', body: 'ok', createdAt: '2026-05-01T10:00:00.000Z' };
    applyActivity(client, 'p1', makeActivity({ seq: 1, type: 'comment.created', data: { comment } }));
    applyActivity(client, 'p1', makeActivity({ seq: 2, type: 'comment.created', data: { comment } }));
    expect(client.getQueryData(queryKeys.comments('t1'))).toEqual([comment]);
  });

  it('refetches partners and charter on partner and charter changes', () => {
    const client = withTasks([]);
    client.setQueryData(queryKeys.partners('p1'), []);
    client.setQueryData(queryKeys.charter('p1'), { version: 1, text: '', updatedAt: '', signatures: [] });
    applyActivity(client, 'p1', makeActivity({ seq: 1, type: 'charter.updated' }));
    expect(client.getQueryState(queryKeys.charter('p1'))!.isInvalidated).toBe(true);
    applyActivity(client, 'p1', makeActivity({ seq: 2, type: 'partner.joined' }));
    expect(client.getQueryState(queryKeys.partners('p1'))!.isInvalidated).toBe(true);
  });

  it('appends to the activity feed', () => {
    const client = withTasks([]);
    applyActivity(client, 'p1', makeActivity({ seq: 1, type: 'project.updated' }));
    expect(client.getQueryData<ActivityFeed>(queryKeys.activity('p1'))).toMatchObject({ lastSeq: 1, items: [{ seq: 1 }] });
  });
});

describe('appendToFeed', () => {
  it('keeps seq order and drops duplicates', () => {
    const feed = { items: [makeActivity({ seq: 1 }), makeActivity({ seq: 3 })], lastSeq: 3 };
    const next = appendToFeed(appendToFeed(feed, makeActivity({ seq: 2 })), makeActivity({ seq: 2 }))!;
    expect(next.items.map((item) => item.seq)).toEqual([1, 2, 3]);
    expect(next.lastSeq).toBe(3);
  });
});

describe('applyActivity and contributions', () => {
  it('refetches the contributions and every summary when a contribution, an attendance or a rate changes', () => {
    for (const type of ['contribution.created', 'shift.attendance', 'booking.returned', 'project.updated'] as const) {
      const client = withTasks([]);
      client.setQueryData(queryKeys.contributions('p1'), []);
      client.setQueryData(queryKeys.summary('p1', '', ''), { partners: [] });
      applyActivity(client, 'p1', makeActivity({ seq: 1, type, data: {} }));
      expect(client.getQueryState(queryKeys.contributions('p1'))!.isInvalidated).toBe(true);
      expect(client.getQueryState(queryKeys.summary('p1', '', ''))!.isInvalidated).toBe(true);
    }
  });

  it('refetches the summaries (tasks done per partner) when a task moves', () => {
    const task = makeTask();
    const client = withTasks([task]);
    client.setQueryData(queryKeys.summary('p1', '', ''), { partners: [] });
    applyActivity(client, 'p1', makeActivity({ seq: 1, type: 'task.moved', data: { task: { ...task, version: 2, status: 'done' } } }));
    expect(client.getQueryState(queryKeys.summary('p1', '', ''))!.isInvalidated).toBe(true);
  });
});
