import { z } from 'zod';
import { ROLES } from '../auth/permissions';
import type { Database } from '../db/database';
import type { Actor } from '../http/env';
import type { RouteSpec } from '../http/route';
import { jsonBody } from '../http/validate';
import { createUser, getUser, listUsers, type UsersDeps, updateUser } from './service';

const createBody = z
  .object({
    email: z.email().max(320),
    password: z.string().max(1024),
    name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    businessId: z.uuid().nullish(),
  })
  .strict();
const updateBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
    password: z.string().max(1024).optional(),
  })
  .strict();

export function userRoutes(deps: UsersDeps & { db: Database }): RouteSpec[] {
  const ctx = (actor: Actor) => ({ db: deps.db, actor });
  return [
    {
      method: 'GET',
      path: '/users',
      access: 'user.list',
      handler: async (c) => c.json({ users: await listUsers(ctx(c.var.actor), c.req.query('businessId')) }),
    },
    {
      method: 'POST',
      path: '/users',
      access: 'user.create',
      async handler(c) {
        const body = await jsonBody(c, createBody);
        return c.json({ user: await createUser(ctx(c.var.actor), deps, body) }, 201);
      },
    },
    {
      method: 'GET',
      path: '/users/:id',
      access: 'user.read',
      handler: async (c) => c.json({ user: await getUser(ctx(c.var.actor), c.req.param('id') ?? '') }),
    },
    {
      method: 'PATCH',
      path: '/users/:id',
      access: 'user.update',
      async handler(c) {
        const body = await jsonBody(c, updateBody);
        return c.json({ user: await updateUser(ctx(c.var.actor), deps, c.req.param('id') ?? '', body) });
      },
    },
  ];
}
