/** How a task is read: people and the lead resolved, times as ISO (UTC). */
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { leads, type TaskColumn, tasks, users } from '../../db/schema';
import type { Tx } from '../db/database';

export interface TaskView {
  id: string;
  title: string;
  description: string | null;
  dueAt: string | null;
  column: TaskColumn;
  position: number;
  assignee: { id: string; name: string } | null;
  lead: { id: string; name: string | null; phone: string } | null;
  createdBy: { id: string; name: string } | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const creator = alias(users, 'creator');

/** Board order (column, position) unless `newestFirst`. */
export async function selectTaskViews(
  tx: Tx,
  where: SQL | undefined,
  opts: { limit?: number; newestFirst?: boolean } = {},
): Promise<TaskView[]> {
  const rows = await tx
    .select({
      t: tasks,
      assignee: { id: users.id, name: users.name },
      lead: { id: leads.id, name: leads.name, phone: leads.phone },
      creator: { id: creator.id, name: creator.name },
    })
    .from(tasks)
    .leftJoin(users, eq(users.id, tasks.assigneeId))
    .leftJoin(leads, eq(leads.id, tasks.leadId))
    .leftJoin(creator, eq(creator.id, tasks.createdBy))
    .where(where)
    .orderBy(
      ...(opts.newestFirst
        ? [desc(tasks.createdAt), desc(tasks.id)]
        : [asc(tasks.column), asc(tasks.position), asc(tasks.createdAt)]),
    )
    .limit(opts.limit ?? 500);
  return rows.map(({ t, assignee, lead, creator: by }) => ({
    id: t.id,
    title: t.title,
    description: t.description,
    dueAt: t.dueAt?.toISOString() ?? null,
    column: t.column,
    position: t.position,
    assignee: t.assigneeId && assignee ? assignee : null,
    lead: t.leadId && lead ? lead : null,
    createdBy: t.createdBy && by ? by : null,
    completedAt: t.completedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  }));
}

export async function selectTaskView(tx: Tx, id: string, extra?: SQL): Promise<TaskView | undefined> {
  const [view] = await selectTaskViews(tx, and(eq(tasks.id, id), extra), { limit: 1 });
  return view;
}
