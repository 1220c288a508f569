/**
 * "Your task is due": a job per (task, due time), enqueued when a task gets a future due
 * time. A job whose task has since moved its due time, been done or deleted does nothing,
 * so nothing needs cancelling.
 */
import { eq } from 'drizzle-orm';
import { tasks } from '../../db/schema';
import type { Tx } from '../db/database';
import { enqueueJob } from '../jobs/queue';
import type { JobHandler } from '../jobs/runner';
import { TEXT } from '../notifications/messages';
import { notifyUsers } from '../notifications/store';

export const TASK_DUE_JOB = 'task.due';

export async function scheduleTaskDue(
  tx: Tx,
  businessId: string,
  task: { id: string; dueAt: Date | null; column: string },
  now: Date,
): Promise<void> {
  if (!task.dueAt || task.column === 'done' || task.dueAt <= now) return;
  const due = task.dueAt.toISOString();
  await enqueueJob(tx, {
    kind: TASK_DUE_JOB,
    businessId,
    runAt: task.dueAt,
    payload: { taskId: task.id, dueAt: due },
    uniqueKey: `${TASK_DUE_JOB}:${task.id}:${due}`,
  });
}

export const taskDueJob: JobHandler = async (tx, job) => {
  const { taskId, dueAt } = job.payload as { taskId: string; dueAt: string };
  const [task] = await tx.select().from(tasks).where(eq(tasks.id, taskId));
  if (!task || task.column === 'done' || task.dueAt?.toISOString() !== dueAt || !job.businessId) return;
  const to = task.assigneeId ?? task.createdBy;
  if (!to) return;
  await notifyUsers(tx, job.businessId, [to], {
    kind: 'task_due',
    title: TEXT.taskDue(task.title),
    link: '/tasks',
    data: { taskId: task.id, leadId: task.leadId },
    dedupeKey: `${TASK_DUE_JOB}:${task.id}:${dueAt}`,
  });
};
