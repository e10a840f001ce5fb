import { afterEach, describe, expect, it, vi } from 'vitest';
import { queryKeys } from '@/lib/query-keys';
import { makeActivity, makeQueryClient, makeTask } from '@/test/factories';
import type { Task } from '@/features/tasks/api/task-cache';
import { JOIN_ANSWER_TIMEOUT_MS, ProjectLiveSession, type JoinAck, type LiveSocket } from './project-live';

type Listener = (...args: never[]) => void;

class FakeSocket implements LiveSocket {
  connected = true;
  listeners = new Map<string, Set<Listener>>();
  emitted: { event: string; payload: unknown; ack?: (ack: JoinAck) => void }[] = [];
  on(event: string, listener: Listener) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
  }
  off(event: string, listener: Listener) {
    this.listeners.get(event)?.delete(listener);
  }
  emit(event: string, payload?: unknown, ack?: (ack: never) => void) {
    this.emitted.push({ event, payload, ack: ack as ((ack: JoinAck) => void) | undefined });
  }
  serverSends(event: string, payload: unknown) {
    this.listeners.get(event)?.forEach((listener) => (listener as (payload: unknown) => void)(payload));
  }
  joins() {
    return this.emitted.filter((entry) => entry.event === 'project:join');
  }
  lastJoin() {
    return this.joins().at(-1)!;
  }
}

function setup(initialSeq = 5) {
  const socket = new FakeSocket();
  const client = makeQueryClient();
  client.setQueryData(queryKeys.tasks('p1'), []);
  const onStatus = vi.fn();
  const onRevoked = vi.fn();
  const session = new ProjectLiveSession(socket, client, 'p1', initialSeq, { onStatus, onRevoked });
  session.start();
  const tasks = () => client.getQueryData<Task[]>(queryKeys.tasks('p1'))!;
  return { socket, client, session, onStatus, onRevoked, tasks };
}

describe(ProjectLiveSession.name, () => {
  it('joins with the last seq it holds and applies what it missed', () => {
    const { socket, session, tasks, onStatus } = setup(5);
    expect(socket.lastJoin().payload).toEqual({ projectId: 'p1', afterSeq: 5 });
    const task = makeTask();
    socket.lastJoin().ack!({ ok: true, lastSeq: 6, missed: [makeActivity({ seq: 6, type: 'task.created', data: { task } })] });
    expect(tasks()).toEqual([task]);
    expect(session.seq).toBe(6);
    expect(onStatus).toHaveBeenLastCalledWith('live');
  });

  it('applies live activities in order and ignores duplicates', () => {
    const { socket, session, tasks } = setup(5);
    socket.lastJoin().ack!({ ok: true, lastSeq: 5, missed: [] });
    const task = makeTask();
    socket.serverSends('activity', makeActivity({ seq: 6, type: 'task.created', data: { task } }));
    socket.serverSends('activity', makeActivity({ seq: 6, type: 'task.created', data: { task: { ...task, title: 'dup' } } }));
    expect(tasks()).toEqual([task]);
    expect(session.seq).toBe(6);
  });

  it('rejoins to catch up when a seq is skipped', () => {
    const { socket, session } = setup(5);
    socket.lastJoin().ack!({ ok: true, lastSeq: 5, missed: [] });
    socket.serverSends('activity', makeActivity({ seq: 8, type: 'project.updated' }));
    expect(session.seq).toBe(5);
    expect(socket.lastJoin().payload).toEqual({ projectId: 'p1', afterSeq: 5 });
    expect(socket.emitted.filter((entry) => entry.event === 'project:join')).toHaveLength(2);
  });

  it('ignores other projects', () => {
    const { socket, session } = setup(5);
    socket.lastJoin().ack!({ ok: true, lastSeq: 5, missed: [] });
    socket.serverSends('activity', makeActivity({ projectId: 'p2', seq: 6 }));
    expect(session.seq).toBe(5);
  });

  it('refetches everything on resync', () => {
    const { socket, client, session } = setup(5);
    socket.lastJoin().ack!({ ok: true, resync: true, lastSeq: 90 });
    expect(session.seq).toBe(90);
    expect(client.getQueryState(queryKeys.tasks('p1'))!.isInvalidated).toBe(true);
  });

  it('rejoins after a reconnection and says so', () => {
    const { socket, onStatus } = setup(5);
    socket.lastJoin().ack!({ ok: true, lastSeq: 7, missed: [] });
    socket.serverSends('disconnect', 'transport close');
    expect(onStatus).toHaveBeenLastCalledWith('offline');
    socket.serverSends('connect', undefined);
    expect(socket.lastJoin().payload).toEqual({ projectId: 'p1', afterSeq: 7 });
    socket.lastJoin().ack!({ ok: true, lastSeq: 7, missed: [] });
    expect(onStatus).toHaveBeenLastCalledWith('reconnected');
  });

  it('reports a revocation for this project', () => {
    const { socket, onRevoked } = setup();
    socket.serverSends('project:revoked', { projectId: 'p2' });
    expect(onRevoked).not.toHaveBeenCalled();
    socket.serverSends('project:revoked', { projectId: 'p1' });
    expect(onRevoked).toHaveBeenCalledOnce();
  });

  it('leaves the room and stops listening on stop', () => {
    const { socket, session } = setup();
    session.stop();
    expect(socket.emitted.at(-1)).toMatchObject({ event: 'project:leave', payload: { projectId: 'p1' } });
    expect([...socket.listeners.values()].every((set) => set.size === 0)).toBe(true);
  });
});

describe('join refusals', () => {
  it('shows lost access only when the project is out of reach', () => {
    const first = setup();
    first.socket.lastJoin().ack!({ ok: false, error: 'unauthorized' });
    expect(first.onRevoked).not.toHaveBeenCalled();
    expect(first.onStatus).toHaveBeenLastCalledWith('offline');
    const second = setup();
    second.socket.lastJoin().ack!({ ok: false, error: 'not_found' });
    expect(second.onRevoked).toHaveBeenCalledOnce();
  });
});

describe('joins that go unanswered or are refused for a while', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Nothing is sent until `delayMs` has passed, then exactly one more join. */
  function expectNextJoinAfter(socket: FakeSocket, delayMs: number) {
    const sent = socket.joins().length;
    vi.advanceTimersByTime(delayMs - 1);
    expect(socket.joins()).toHaveLength(sent);
    vi.advanceTimersByTime(1);
    expect(socket.joins()).toHaveLength(sent + 1);
  }

  it('sends a join again when its answer never comes, and ignores the late one', () => {
    vi.useFakeTimers();
    const { socket, onStatus } = setup(5);
    const first = socket.lastJoin();
    expectNextJoinAfter(socket, JOIN_ANSWER_TIMEOUT_MS);
    expect(socket.joins()).toHaveLength(2);
    first.ack!({ ok: true, lastSeq: 5, missed: [] });
    expect(onStatus).not.toHaveBeenCalledWith('live');
    socket.lastJoin().ack!({ ok: true, lastSeq: 5, missed: [] });
    expect(onStatus).toHaveBeenLastCalledWith('live');
  });

  it('joins on the next connection when the connection closed before the answer', () => {
    const { socket, onStatus } = setup(5);
    socket.serverSends('disconnect', 'transport close');
    socket.serverSends('connect', undefined);
    expect(socket.joins()).toHaveLength(2);
    socket.lastJoin().ack!({ ok: true, lastSeq: 6, missed: [] });
    expect(onStatus).toHaveBeenLastCalledWith('live');
  });

  it('retries a refusal that may pass after 1 s, then 2 s, and is live once accepted', () => {
    vi.useFakeTimers();
    const { socket, onStatus } = setup(5);
    socket.lastJoin().ack!({ ok: false, error: 'unavailable' });
    expect(onStatus).toHaveBeenLastCalledWith('offline');
    expectNextJoinAfter(socket, 1_000);
    expect(socket.joins()).toHaveLength(2);
    socket.lastJoin().ack!({ ok: false, error: 'internal' });
    expectNextJoinAfter(socket, 2_000);
    expect(socket.joins()).toHaveLength(3);
    socket.lastJoin().ack!({ ok: true, lastSeq: 5, missed: [] });
    expect(onStatus).toHaveBeenLastCalledWith('live');
  });

  it('sends nothing more once stopped', () => {
    vi.useFakeTimers();
    const { socket, session } = setup(5);
    socket.lastJoin().ack!({ ok: false, error: 'unavailable' });
    session.stop();
    vi.advanceTimersByTime(60_000);
    expect(socket.joins()).toHaveLength(1);
  });
});

describe('typing', () => {
  it('stops showing someone as typing when their message arrives', () => {
    const socket = new FakeSocket();
    const client = makeQueryClient();
    const onTypingStopped = vi.fn();
    const session = new ProjectLiveSession(socket, client, 'p1', 0, { onTypingStopped });
    session.start();
    socket.lastJoin().ack!({ ok: true, lastSeq: 0, missed: [] });
    socket.serverSends('activity', makeActivity({ seq: 1, type: 'message.created', actorId: 'u2', data: {} }));
    expect(onTypingStopped).toHaveBeenCalledWith('u2');
  });
});
