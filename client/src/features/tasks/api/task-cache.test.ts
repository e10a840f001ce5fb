import { describe, expect, it } from 'vitest';
import { makeTask } from '@/test/factories';
import { columnOf, moveTaskInList, removeTask, tasksOfBoard, upsertTask } from './task-cache';

describe('upsertTask', () => {
  it('adds a new task in status then position order', () => {
    const a = makeTask({ status: 'done', position: 1 });
    const b = makeTask({ status: 'todo', position: 5 });
    expect(upsertTask([a], b)!.map((task) => task.id)).toEqual([b.id, a.id]);
  });

  it('never lets an older version overwrite a newer one', () => {
    const task = makeTask({ version: 3, title: 'new' });
    expect(upsertTask([task], { ...task, version: 2, title: 'old' })![0].title).toBe('new');
  });

  it('replaces with force even when older (a rollback)', () => {
    const task = makeTask({ version: 3, title: 'optimistic' });
    expect(upsertTask([task], { ...task, version: 2, title: 'server' }, { force: true })![0].title).toBe('server');
  });

  it('leaves an unloaded list alone', () => {
    expect(upsertTask(undefined, makeTask())).toBeUndefined();
  });
});

describe('removeTask', () => {
  it('removes by id', () => {
    const [a, b] = [makeTask(), makeTask()];
    expect(removeTask([a, b], a.id)).toEqual([b]);
  });
});

describe('moveTaskInList', () => {
  const column = () => {
    const a = makeTask({ status: 'todo', position: 1 });
    const b = makeTask({ status: 'todo', position: 2 });
    const c = makeTask({ status: 'in_progress', position: 1 });
    return { a, b, c, tasks: [a, b, c] };
  };

  it('puts a task first of a column with afterTaskId null', () => {
    const { a, b, c, tasks } = column();
    const moved = moveTaskInList(tasks, c.id, 'todo', null);
    expect(columnOf(moved, 'todo').map((task) => task.id)).toEqual([c.id, a.id, b.id]);
  });

  it('puts a task right after another one', () => {
    const { a, b, c, tasks } = column();
    const moved = moveTaskInList(tasks, c.id, 'todo', a.id);
    expect(columnOf(moved, 'todo').map((task) => task.id)).toEqual([a.id, c.id, b.id]);
  });

  it('reorders inside the same column', () => {
    const { a, b, tasks } = column();
    const moved = moveTaskInList(tasks, a.id, 'todo', b.id);
    expect(columnOf(moved, 'todo').map((task) => task.id)).toEqual([b.id, a.id]);
  });

  it('moves into an empty column', () => {
    const { a, tasks } = column();
    expect(moveTaskInList(tasks, a.id, 'blocked', null).find((task) => task.id === a.id)!.status).toBe('blocked');
  });
});

describe('tasksOfBoard', () => {
  it('turns a board stored by field back into tasks, in its order', () => {
    const [a, b] = [makeTask({ status: 'todo', position: 1 }), makeTask({ status: 'done', position: 2, description: 'Voir la mairie' })];
    const fields = Object.keys(a).filter((field) => field !== 'projectId') as (keyof typeof a)[];
    const board = {
      projectId: a.projectId,
      count: 2,
      tasks: Object.fromEntries(fields.map((field) => [field, [a[field], b[field]]])),
    } as unknown as Parameters<typeof tasksOfBoard>[0];
    expect(tasksOfBoard(board)).toEqual([a, { ...b, projectId: a.projectId }]);
  });
});
