import type { Database } from '../db/database';
import type { Actor } from '../http/env';
import type { RouteSpec } from '../http/route';
import { jsonBody } from '../http/validate';
import {
  getWhatsApp,
  linkBaileys,
  linkMeta,
  metaChannelBody,
  unlinkWhatsApp,
  type WhatsAppServiceDeps,
} from './service';

/** The business's WhatsApp link: its status and outgoing messages; linking is the owner's. */
export function whatsappRoutes(deps: { db: Database; whatsapp: WhatsAppServiceDeps }): RouteSpec[] {
  const ctx = (actor: Actor) => ({ db: deps.db, actor });
  return [
    {
      method: 'GET',
      path: '/whatsapp',
      access: 'whatsapp.read',
      handler: async (c) => c.json(await getWhatsApp(ctx(c.var.actor), c.req.query('businessId'))),
    },
    {
      method: 'PUT',
      path: '/whatsapp/meta',
      access: 'whatsapp.manage',
      async handler(c) {
        const body = await jsonBody(c, metaChannelBody);
        return c.json(await linkMeta(ctx(c.var.actor), deps.whatsapp, c.req.query('businessId'), body));
      },
    },
    {
      method: 'POST',
      path: '/whatsapp/baileys',
      access: 'whatsapp.manage',
      handler: async (c) =>
        c.json(await linkBaileys(ctx(c.var.actor), deps.whatsapp, c.req.query('businessId'))),
    },
    {
      method: 'DELETE',
      path: '/whatsapp',
      access: 'whatsapp.manage',
      handler: async (c) =>
        c.json(await unlinkWhatsApp(ctx(c.var.actor), deps.whatsapp, c.req.query('businessId'))),
    },
  ];
}
