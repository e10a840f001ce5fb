import { describe, expect, it } from 'vitest';
import { makeTask } from '@/test/factories';
import { filterTasks, NO_FILTERS } from './filters';

describe('filterTasks', () => {
  const mine = makeTask({ assigneeAssociationId: 'a1', assigneeUserIds: ['u1'], dueDate: '2026-06-10T12:00:00.000Z' });
  const theirs = makeTask({ assigneeAssociationId: 'a2', assigneeUserIds: ['u2'], dueDate: '2026-07-01T12:00:00.000Z' });
  const undated = makeTask({});

  it('keeps everything without filters', () => {
    expect(filterTasks([mine, theirs, undated], NO_FILTERS)).toHaveLength(3);
  });

  it('filters by partner association, person and due date', () => {
    expect(filterTasks([mine, theirs, undated], { ...NO_FILTERS, associationId: 'a1' })).toEqual([mine]);
    expect(filterTasks([mine, theirs, undated], { ...NO_FILTERS, userId: 'u2' })).toEqual([theirs]);
    expect(filterTasks([mine, theirs, undated], { ...NO_FILTERS, dueBefore: '2026-06-10' })).toEqual([mine]);
  });
});
