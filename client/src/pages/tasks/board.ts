import { TASK_COLUMNS, type Task, type TaskColumn } from './types';

export const COLUMN_LABEL: Record<TaskColumn, string> = {
  todo: 'לביצוע',
  in_progress: 'בתהליך',
  done: 'בוצע',
};

/** The three columns in board order, each with its tasks in position order. */
export function taskColumns(tasks: readonly Task[]): { column: TaskColumn; tasks: Task[] }[] {
  return TASK_COLUMNS.map((column) => ({
    column,
    tasks: tasks.filter((t) => t.column === column).sort((a, b) => a.position - b.position),
  }));
}

/** The columns one step back and forward from `column`. */
export function adjacentColumns(column: TaskColumn): { previous?: TaskColumn; next?: TaskColumn } {
  const i = TASK_COLUMNS.indexOf(column);
  return { previous: TASK_COLUMNS[i - 1], next: TASK_COLUMNS[i + 1] };
}

/** Whether an open task's due time has passed; done tasks are never late. */
export function isOverdue(task: Pick<Task, 'dueAt' | 'column'>, now: number): boolean {
  return task.column !== 'done' && task.dueAt !== null && Date.parse(task.dueAt) < now;
}

/** 'YYYY-MM-DDTHH:MM' in the viewer's clock, for a datetime-local input; '' when absent. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (the viewer's clock) as ISO UTC; null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}
