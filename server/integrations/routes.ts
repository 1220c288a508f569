import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../../db/schema';
import type { Database } from '../db/database';
import type { Actor } from '../http/env';
import type { RouteSpec } from '../http/route';
import { jsonBody } from '../http/validate';
import { API_KEY_ROLES, createApiKey, listApiKeys, revokeApiKey } from './api-keys';
import {
  createEndpoint,
  deleteEndpoint,
  listDeliveries,
  listEndpoints,
  replayDelivery,
  updateEndpoint,
  type WebhookServiceDeps,
} from './webhooks-service';

const events = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1, 'choose at least one event')
  .max(WEBHOOK_EVENTS.length * 2);
const endpointBody = z
  .object({
    url: z.string().trim().min(1, 'is required').max(2000),
    description: z.string().trim().max(200).optional(),
    events,
  })
  .strict();
const endpointPatch = z
  .object({
    url: z.string().trim().min(1).max(2000).optional(),
    description: z.string().trim().max(200).optional(),
    events: events.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
const keyBody = z
  .object({ name: z.string().trim().min(1, 'is required').max(100), role: z.enum(API_KEY_ROLES) })
  .strict();

export function integrationRoutes(deps: WebhookServiceDeps & { db: Database }): RouteSpec[] {
  const ctx = (actor: Actor) => ({ db: deps.db, actor });
  const biz = (c: { req: { query(k: string): string | undefined } }) => c.req.query('businessId');
  return [
    {
      method: 'GET',
      path: '/webhooks',
      access: 'integrations.manage',
      handler: async (c) =>
        c.json({ endpoints: await listEndpoints(ctx(c.var.actor), biz(c)), events: WEBHOOK_EVENTS }),
    },
    {
      method: 'POST',
      path: '/webhooks',
      access: 'integrations.manage',
      async handler(c) {
        const body = await jsonBody(c, endpointBody);
        return c.json(await createEndpoint(ctx(c.var.actor), deps, biz(c), body), 201);
      },
    },
    {
      method: 'PATCH',
      path: '/webhooks/:id',
      access: 'integrations.manage',
      async handler(c) {
        const body = await jsonBody(c, endpointPatch);
        const endpoint = await updateEndpoint(ctx(c.var.actor), deps, biz(c), c.req.param('id') ?? '', body);
        return c.json({ endpoint });
      },
    },
    {
      method: 'DELETE',
      path: '/webhooks/:id',
      access: 'integrations.manage',
      async handler(c) {
        await deleteEndpoint(ctx(c.var.actor), biz(c), c.req.param('id') ?? '');
        return c.json({ deleted: true });
      },
    },
    {
      method: 'GET',
      path: '/webhooks/:id/deliveries',
      access: 'integrations.manage',
      handler: async (c) =>
        c.json({ deliveries: await listDeliveries(ctx(c.var.actor), biz(c), c.req.param('id') ?? '') }),
    },
    {
      method: 'POST',
      path: '/webhooks/:id/deliveries/:deliveryId/replay',
      access: 'integrations.manage',
      handler: async (c) =>
        c.json({
          delivery: await replayDelivery(
            ctx(c.var.actor),
            biz(c),
            c.req.param('id') ?? '',
            c.req.param('deliveryId') ?? '',
          ),
        }),
    },
    {
      method: 'GET',
      path: '/api-keys',
      access: 'integrations.manage',
      handler: async (c) => c.json({ apiKeys: await listApiKeys(ctx(c.var.actor), biz(c)) }),
    },
    {
      method: 'POST',
      path: '/api-keys',
      access: 'integrations.manage',
      async handler(c) {
        const body = await jsonBody(c, keyBody);
        return c.json(await createApiKey(ctx(c.var.actor), biz(c), body), 201);
      },
    },
    {
      method: 'DELETE',
      path: '/api-keys/:id',
      access: 'integrations.manage',
      handler: async (c) =>
        c.json({ apiKey: await revokeApiKey(ctx(c.var.actor), biz(c), c.req.param('id') ?? '') }),
    },
  ];
}
