import { z } from 'zod';
import { TASK_COLUMNS } from '../../db/schema';
import type { Database } from '../db/database';
import type { Actor } from '../http/env';
import type { RouteSpec } from '../http/route';
import { tenantRoutes } from '../http/tenant-routes';
import { parseWith } from '../http/validate';
import {
  createTask,
  deleteTask,
  getTask,
  listTasks,
  moveTask,
  type TaskContext,
  updateTask,
} from './service';

const instant = z.iso.datetime({ offset: true, message: 'must be ISO 8601 with an offset or Z' });
const title = z.string().trim().min(1).max(200);
const description = z.string().trim().max(5000).nullable();

const listQuery = z.object({
  assignee: z.union([z.uuid(), z.literal('none')]).optional(),
  leadId: z.uuid().optional(),
  column: z.enum(TASK_COLUMNS).optional(),
});
const createBody = z
  .object({
    title,
    description: description.optional(),
    dueAt: instant.nullable().optional(),
    assigneeId: z.uuid().nullable().optional(),
    leadId: z.uuid().nullable().optional(),
    column: z.enum(TASK_COLUMNS).optional(),
  })
  .strict();
const updateBody = z
  .object({
    title: title.optional(),
    description: description.optional(),
    dueAt: instant.nullable().optional(),
    assigneeId: z.uuid().nullable().optional(),
    leadId: z.uuid().nullable().optional(),
  })
  .strict();
const moveBody = z.object({ column: z.enum(TASK_COLUMNS), position: z.int().min(0).max(10_000) }).strict();

/**
 * The task board. A system admin names the business with ?businessId= on every route;
 * everyone else always works in their own.
 */
export function taskRoutes(deps: { db: Database; now?: () => Date }): RouteSpec[] {
  const now = deps.now ?? (() => new Date());
  const ctx = (actor: Actor): TaskContext => ({ db: deps.db, actor, now });
  const routes = tenantRoutes(ctx);
  return [
    {
      method: 'GET',
      path: '/tasks',
      access: 'tasks.read',
      async handler(c) {
        const q = parseWith(listQuery, c.req.query());
        return c.json({ tasks: await listTasks(ctx(c.var.actor), c.req.query('businessId'), q) });
      },
    },
    routes.create('/tasks', 'tasks.write', 'task', createBody, createTask),
    routes.read('/tasks/:id', 'tasks.read', 'task', getTask),
    routes.change('PATCH', '/tasks/:id', 'tasks.write', 'task', updateBody, updateTask),
    routes.change('POST', '/tasks/:id/move', 'tasks.write', 'task', moveBody, moveTask),
    routes.remove('/tasks/:id', 'tasks.write', deleteTask),
  ];
}
