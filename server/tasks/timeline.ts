/** Tasks as entries of a lead's timeline (server/leads/timeline.ts), at their creation. */
import { eq } from 'drizzle-orm';
import { tasks } from '../../db/schema';
import type { TimelineSource } from '../leads/timeline';
import { selectTaskViews } from './views';

export const taskTimeline: TimelineSource = async (tx, lead, limit) => {
  const views = await selectTaskViews(tx, eq(tasks.leadId, lead.id), { limit, newestFirst: true });
  return views.map((t) => ({
    kind: 'task',
    id: t.id,
    at: t.createdAt,
    data: {
      title: t.title,
      column: t.column,
      dueAt: t.dueAt,
      assignee: t.assignee,
      by: t.createdBy,
    },
  }));
};
