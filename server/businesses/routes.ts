import { z } from 'zod';
import { BUSINESS_STATUSES } from '../../db/schema';
import type { Database } from '../db/database';
import type { Actor } from '../http/env';
import type { RouteSpec } from '../http/route';
import { jsonBody } from '../http/validate';
import { createBusiness, getBusiness, isTimeZone, listBusinesses, updateBusiness } from './service';

const name = z.string().trim().min(1).max(200);
const timezone = z.string().refine(isTimeZone, 'is not a known time zone');
const phoneNumbers = z.array(z.string().trim().min(3).max(40)).max(20);

const createBody = z
  .object({ name, phoneNumbers: phoneNumbers.min(1), timezone: timezone.optional() })
  .strict();
const updateBody = z
  .object({
    name: name.optional(),
    timezone: timezone.optional(),
    status: z.enum(BUSINESS_STATUSES).optional(),
    features: z
      .object({ payments: z.boolean().optional(), contracts: z.boolean().optional() })
      .strict()
      .optional(),
    phoneNumbers: phoneNumbers.optional(),
  })
  .strict();

export function businessRoutes(deps: { db: Database }): RouteSpec[] {
  const ctx = (actor: Actor) => ({ db: deps.db, actor });
  return [
    {
      method: 'GET',
      path: '/businesses',
      access: 'business.read',
      handler: async (c) => c.json({ businesses: await listBusinesses(ctx(c.var.actor)) }),
    },
    {
      method: 'POST',
      path: '/businesses',
      access: 'business.create',
      async handler(c) {
        const body = await jsonBody(c, createBody);
        return c.json({ business: await createBusiness(ctx(c.var.actor), body) }, 201);
      },
    },
    {
      method: 'GET',
      path: '/businesses/:id',
      access: 'business.read',
      handler: async (c) =>
        c.json({ business: await getBusiness(ctx(c.var.actor), c.req.param('id') ?? '') }),
    },
    {
      method: 'PATCH',
      path: '/businesses/:id',
      access: 'business.update',
      async handler(c) {
        const body = await jsonBody(c, updateBody);
        return c.json({ business: await updateBusiness(ctx(c.var.actor), c.req.param('id') ?? '', body) });
      },
    },
  ];
}
