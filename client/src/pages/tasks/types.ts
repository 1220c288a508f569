/** The task board's shapes, as the API answers them (no router code: pure modules import these). */
export const TASK_COLUMNS = ['todo', 'in_progress', 'done'] as const;
export type TaskColumn = (typeof TASK_COLUMNS)[number];

export type Task = {
  id: string;
  title: string;
  description: string | null;
  /** ISO, UTC. */
  dueAt: string | null;
  column: TaskColumn;
  position: number;
  assignee: { id: string; name: string } | null;
  lead: { id: string; name: string | null; phone: string } | null;
  completedAt: string | null;
  createdAt: string;
};

export type TaskInput = {
  title: string;
  description?: string | null;
  dueAt?: string | null;
  assigneeId?: string | null;
  leadId?: string | null;
};
