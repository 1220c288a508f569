/**
 * The route shapes the tenant domains share: read one row by id, create from a JSON body,
 * update or act on one row by id with a JSON body, delete one row. Each handler calls the
 * domain's service with its context (the database and the signed-in actor) and the
 * `?businessId=` a system admin names (everyone else always works in their own business, which
 * the service decides); the answer is `{ [key]: row }`, 201 for a create, 204 for a delete.
 * A domain's routes that do something else stay written out beside these.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { Action } from '../auth/permissions';
import type { Actor, AppEnv } from './env';
import type { RouteSpec } from './route';
import { jsonBody } from './validate';

type Access = RouteSpec['access'];

export interface TenantRoutes<Ctx> {
  /** GET `path` (with `:id`): `{ [key]: await read(ctx, businessId, id) }`. */
  read<T>(
    path: string,
    access: Access,
    key: string,
    read: (ctx: Ctx, businessId: string | undefined, id: string) => Promise<T>,
  ): RouteSpec;
  /** POST `path`: the body parsed with `schema`, `{ [key]: row }` with 201. */
  create<S extends z.ZodType, T>(
    path: string,
    access: Action,
    key: string,
    schema: S,
    create: (ctx: Ctx, businessId: string | undefined, body: z.infer<S>) => Promise<T>,
  ): RouteSpec;
  /** `method` `path` (with `:id`): the body parsed with `schema`, `{ [key]: row }`. */
  change<S extends z.ZodType, T>(
    method: 'PATCH' | 'POST' | 'PUT',
    path: string,
    access: Action,
    key: string,
    schema: S,
    change: (ctx: Ctx, businessId: string | undefined, id: string, body: z.infer<S>) => Promise<T>,
  ): RouteSpec;
  /** DELETE `path` (with `:id`): 204. */
  remove(
    path: string,
    access: Action,
    remove: (ctx: Ctx, businessId: string | undefined, id: string) => Promise<unknown>,
  ): RouteSpec;
}

const businessOf = (c: Context<AppEnv>) => c.req.query('businessId');
const idOf = (c: Context<AppEnv>) => c.req.param('id') ?? '';

export function tenantRoutes<Ctx>(ctx: (actor: Actor) => Ctx): TenantRoutes<Ctx> {
  return {
    read: (path, access, key, read) => ({
      method: 'GET',
      path,
      access,
      handler: async (c) => c.json({ [key]: await read(ctx(c.var.actor), businessOf(c), idOf(c)) }),
    }),
    create: (path, access, key, schema, create) => ({
      method: 'POST',
      path,
      access,
      async handler(c) {
        const body = await jsonBody(c, schema);
        return c.json({ [key]: await create(ctx(c.var.actor), businessOf(c), body) }, 201);
      },
    }),
    change: (method, path, access, key, schema, change) => ({
      method,
      path,
      access,
      async handler(c) {
        const body = await jsonBody(c, schema);
        return c.json({ [key]: await change(ctx(c.var.actor), businessOf(c), idOf(c), body) });
      },
    }),
    remove: (path, access, remove) => ({
      method: 'DELETE',
      path,
      access,
      async handler(c) {
        await remove(ctx(c.var.actor), businessOf(c), idOf(c));
        return c.body(null, 204);
      },
    }),
  };
}
