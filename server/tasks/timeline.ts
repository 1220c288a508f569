/** Tasks as entries of a lead's timeline (registered in server/app.ts), at their creation. */
import { and, eq, inArray } from 'drizzle-orm';
import { tasks } from '../../db/schema';
import { afterCursor, type TimelineSource, timelineKey, timelineOrder } from '../leads/timeline-source';
import { selectTaskViews } from './views';

export const taskTimeline: TimelineSource = async (tx, lead, page) => {
  // The page's tasks and their keys first, then their views (people and lead resolved).
  const keys = await tx
    .select({ id: tasks.id, key: timelineKey(tasks.createdAt) })
    .from(tasks)
    .where(and(eq(tasks.leadId, lead.id), afterCursor('task', tasks.createdAt, tasks.id, page.after)))
    .orderBy(...timelineOrder(tasks.createdAt, tasks.id))
    .limit(page.limit);
  if (keys.length === 0) return [];
  const views = new Map(
    (
      await selectTaskViews(
        tx,
        inArray(
          tasks.id,
          keys.map((k) => k.id),
        ),
        { limit: keys.length },
      )
    ).map((t) => [t.id, t]),
  );
  return keys.flatMap(({ id, key }) => {
    const t = views.get(id);
    if (!t) return [];
    return [
      {
        kind: 'task',
        id: t.id,
        key,
        at: t.createdAt,
        data: {
          title: t.title,
          column: t.column,
          dueAt: t.dueAt,
          assignee: t.assignee,
          by: t.createdBy,
        },
      },
    ];
  });
};
