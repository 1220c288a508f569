import { expect, test } from 'bun:test';
import { adjacentColumns, fromLocalInput, isOverdue, taskColumns, toLocalInput } from './board';
import type { Task } from './types';

const task = (id: string, column: Task['column'], position: number): Task => ({
  id,
  title: id,
  description: null,
  dueAt: null,
  column,
  position,
  assignee: null,
  lead: null,
  completedAt: null,
  createdAt: '2026-01-01T00:00:00Z',
});

test('the board has its three columns in order, each sorted by position', () => {
  const columns = taskColumns([task('b', 'todo', 1), task('d', 'done', 0), task('a', 'todo', 0)]);
  expect(columns.map((c) => [c.column, c.tasks.map((t) => t.id)])).toEqual([
    ['todo', ['a', 'b']],
    ['in_progress', []],
    ['done', ['d']],
  ]);
});

test('a task steps one column at a time, and not past either end', () => {
  expect(adjacentColumns('todo')).toEqual({ previous: undefined, next: 'in_progress' });
  expect(adjacentColumns('done')).toEqual({ previous: 'in_progress', next: undefined });
});

test('an open task past its due time is overdue; a done one never is', () => {
  const late = { dueAt: '2026-01-01T10:00:00Z', column: 'todo' as const };
  expect(isOverdue(late, Date.parse('2026-01-01T10:00:01Z'))).toBe(true);
  expect(isOverdue(late, Date.parse('2026-01-01T09:59:59Z'))).toBe(false);
  expect(isOverdue({ ...late, column: 'done' }, Date.parse('2027-01-01T00:00:00Z'))).toBe(false);
});

test('a due time survives the round trip through a datetime-local field', () => {
  const iso = '2026-05-04T07:30:00.000Z';
  expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
  expect(fromLocalInput('')).toBeNull();
  expect(toLocalInput(null)).toBe('');
});
