import { action, query } from '@solidjs/router';
import { api, withQuery } from '../../api';

import type { Task, TaskColumn, TaskInput } from './types';

export { TASK_COLUMNS, type Task, type TaskColumn, type TaskInput } from './types';

const taskPath = (id: string, rest = '') => `/api/tasks/${encodeURIComponent(id)}${rest}`;

export const listTasks = query(
  async (businessId: string | undefined) =>
    (await api.get<{ tasks: Task[] }>(withQuery('/api/tasks', { businessId }))).tasks,
  'tasks',
);

export const createTask = action(
  async (businessId: string | undefined, input: TaskInput) =>
    (await api.post<{ task: Task }>(withQuery('/api/tasks', { businessId }), input)).task,
  'createTask',
);

export const updateTask = action(
  async (businessId: string | undefined, id: string, patch: Partial<TaskInput>) =>
    (await api.patch<{ task: Task }>(withQuery(taskPath(id), { businessId }), patch)).task,
  'updateTask',
);

export const moveTask = action(
  async (businessId: string | undefined, id: string, column: TaskColumn, position: number) =>
    (await api.post<{ task: Task }>(withQuery(taskPath(id, '/move'), { businessId }), { column, position }))
      .task,
  'moveTask',
);

export const deleteTask = action(
  (businessId: string | undefined, id: string) => api.delete(withQuery(taskPath(id), { businessId })),
  'deleteTask',
);
