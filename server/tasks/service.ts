/**
 * The task board: create, edit, move between and within columns, delete. Positions in a
 * column are 0..n-1; every change that touches a column renumbers it under a per-business
 * advisory lock, so concurrent moves never interleave into duplicate or missing places.
 */
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import { leads, type TaskColumn, tasks, users } from '../../db/schema';
import type { Tx } from '../db/database';
import { emitEvent } from '../events/events';
import { NotFoundError, ValidationError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import { scheduleTaskDue } from './due';
import { selectTaskView, selectTaskViews, type TaskView } from './views';

export interface TaskContext extends ServiceContext {
  now: () => Date;
}

export interface TaskInput {
  title: string;
  description?: string | null;
  /** ISO 8601 with an offset or Z. */
  dueAt?: string | null;
  assigneeId?: string | null;
  leadId?: string | null;
  column?: TaskColumn;
}

export type TaskPatch = Partial<Omit<TaskInput, 'column'>>;

export interface TaskFilters {
  /** A user id, or 'none'. */
  assignee?: string;
  leadId?: string;
  column?: TaskColumn;
}

const lockBoard = (tx: Tx, businessId: string) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`tasks:${businessId}`}, 0))`);

async function checkAssignee(tx: Tx, businessId: string, userId: string) {
  const [user] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.businessId, businessId), eq(users.disabled, false)));
  if (!user) throw new ValidationError({ assigneeId: 'is not an active user of this business' });
}

async function checkLead(tx: Tx, leadId: string) {
  const [lead] = isUuid(leadId)
    ? await tx.select({ id: leads.id }).from(leads).where(eq(leads.id, leadId))
    : [];
  if (!lead) throw new ValidationError({ leadId: 'is not a lead of this business' });
}

function parseDue(value: string | null | undefined): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new ValidationError({ dueAt: 'is not a date and time' });
  return new Date(at);
}

/** Rewrites a column's positions as 0..n-1 in the given order. */
async function renumber(tx: Tx, ids: string[], column: TaskColumn, now: Date) {
  for (const [position, id] of ids.entries()) {
    await tx.update(tasks).set({ column, position, updatedAt: now }).where(eq(tasks.id, id));
  }
}

async function columnIds(tx: Tx, column: TaskColumn, except?: string): Promise<string[]> {
  const rows = await tx
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.column, column), except ? ne(tasks.id, except) : undefined))
    .orderBy(asc(tasks.position), asc(tasks.createdAt), asc(tasks.id));
  return rows.map((r) => r.id);
}

async function viewOrThrow(tx: Tx, id: string): Promise<TaskView> {
  const view = await selectTaskView(tx, id);
  if (!view) throw new NotFoundError('Task');
  return view;
}

const actorId = (ctx: ServiceContext) => (isUuid(ctx.actor.userId) ? ctx.actor.userId : null);

export function listTasks(
  ctx: ServiceContext,
  businessId: string | undefined,
  filters: TaskFilters,
): Promise<TaskView[]> {
  return inBusiness(ctx, businessId, 'tasks.list', (tx) =>
    selectTaskViews(
      tx,
      and(
        filters.assignee === 'none'
          ? isNull(tasks.assigneeId)
          : filters.assignee
            ? eq(tasks.assigneeId, filters.assignee)
            : undefined,
        filters.leadId ? eq(tasks.leadId, filters.leadId) : undefined,
        filters.column ? eq(tasks.column, filters.column) : undefined,
      ),
    ),
  );
}

export function getTask(ctx: ServiceContext, businessId: string | undefined, id: string): Promise<TaskView> {
  if (!isUuid(id)) throw new NotFoundError('Task');
  return inBusiness(ctx, businessId, 'tasks.read', (tx) => viewOrThrow(tx, id));
}

/** Adds a task at the end of its column (to do by default). */
export function createTask(
  ctx: TaskContext,
  businessId: string | undefined,
  input: TaskInput,
): Promise<TaskView> {
  const dueAt = parseDue(input.dueAt) ?? null;
  return inBusiness(ctx, businessId, 'tasks.create', async (tx, bid) => {
    if (input.assigneeId) await checkAssignee(tx, bid, input.assigneeId);
    if (input.leadId) await checkLead(tx, input.leadId);
    await lockBoard(tx, bid);
    const column = input.column ?? 'todo';
    const position = (await columnIds(tx, column)).length;
    const now = ctx.now();
    const [row] = await tx
      .insert(tasks)
      .values({
        businessId: bid,
        title: input.title,
        description: input.description || null,
        dueAt,
        assigneeId: input.assigneeId ?? null,
        leadId: input.leadId ?? null,
        column,
        position,
        createdBy: actorId(ctx),
        completedAt: column === 'done' ? now : null,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    if (row.assigneeId)
      await emitEvent(tx, bid, {
        type: 'task.assigned',
        taskId: row.id,
        assigneeId: row.assigneeId,
        actorUserId: actorId(ctx),
      });
    await scheduleTaskDue(tx, bid, row, now);
    return viewOrThrow(tx, row.id);
  });
}

export function updateTask(
  ctx: TaskContext,
  businessId: string | undefined,
  id: string,
  patch: TaskPatch,
): Promise<TaskView> {
  if (!isUuid(id)) throw new NotFoundError('Task');
  const dueAt = parseDue(patch.dueAt);
  return inBusiness(ctx, businessId, 'tasks.update', async (tx, bid) => {
    const [current] = await tx.select().from(tasks).where(eq(tasks.id, id)).for('update');
    if (!current) throw new NotFoundError('Task');
    if (patch.assigneeId) await checkAssignee(tx, bid, patch.assigneeId);
    if (patch.leadId) await checkLead(tx, patch.leadId);
    const [row] = await tx
      .update(tasks)
      .set({
        title: patch.title,
        description: patch.description === undefined ? undefined : patch.description || null,
        dueAt,
        assigneeId: patch.assigneeId,
        leadId: patch.leadId,
        updatedAt: ctx.now(),
      })
      .where(eq(tasks.id, id))
      .returning();
    if (!row) throw new NotFoundError('Task');
    if (row.assigneeId && row.assigneeId !== current.assigneeId)
      await emitEvent(tx, bid, {
        type: 'task.assigned',
        taskId: id,
        assigneeId: row.assigneeId,
        actorUserId: actorId(ctx),
      });
    await scheduleTaskDue(tx, bid, row, ctx.now());
    return viewOrThrow(tx, id);
  });
}

/**
 * Puts the task at `position` (clamped) of `column`, shifting the others; both the column
 * it leaves and the one it enters are renumbered. Done tasks carry when they were done.
 */
export function moveTask(
  ctx: TaskContext,
  businessId: string | undefined,
  id: string,
  to: { column: TaskColumn; position: number },
): Promise<TaskView> {
  if (!isUuid(id)) throw new NotFoundError('Task');
  return inBusiness(ctx, businessId, 'tasks.move', async (tx, bid) => {
    await lockBoard(tx, bid);
    const [current] = await tx.select().from(tasks).where(eq(tasks.id, id));
    if (!current) throw new NotFoundError('Task');
    const now = ctx.now();
    const target = await columnIds(tx, to.column, id);
    target.splice(Math.max(0, Math.min(to.position, target.length)), 0, id);
    if (current.column !== to.column) {
      await renumber(tx, await columnIds(tx, current.column, id), current.column, now);
      await tx
        .update(tasks)
        .set({ completedAt: to.column === 'done' ? now : null })
        .where(eq(tasks.id, id));
    }
    await renumber(tx, target, to.column, now);
    return viewOrThrow(tx, id);
  });
}

export function deleteTask(ctx: TaskContext, businessId: string | undefined, id: string): Promise<void> {
  if (!isUuid(id)) throw new NotFoundError('Task');
  return inBusiness(ctx, businessId, 'tasks.delete', async (tx, bid) => {
    await lockBoard(tx, bid);
    const [row] = await tx.delete(tasks).where(eq(tasks.id, id)).returning();
    if (!row) throw new NotFoundError('Task');
    await renumber(tx, await columnIds(tx, row.column), row.column, ctx.now());
  });
}
