import { z } from 'zod';
import type { Database } from '../db/database';
import type { Actor } from '../http/env';
import type { RouteSpec } from '../http/route';
import { jsonBody, parseWith } from '../http/validate';
import { decodeCursor } from '../lib/keyset';
import type { NotificationHub } from './hub';
import { listNotifications, markRead } from './service';
import { notificationStream } from './stream';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  unread: z.enum(['1', 'true']).optional(),
  /** The `next` of the previous page. */
  after: z.string().max(200).optional(),
});
const readBody = z.object({ ids: z.array(z.uuid()).min(1).max(200) }).strict();

/**
 * The signed-in user's own notifications (any role; a system admin has none). Nothing here
 * takes another user's or business's id: every query is the actor's own.
 */
export function notificationRoutes(deps: {
  db: Database;
  hub: NotificationHub;
  heartbeatMs?: number;
  maxAgeMs?: number;
}): RouteSpec[] {
  const ctx = (actor: Actor) => ({ db: deps.db, actor });
  return [
    {
      method: 'GET',
      path: '/notifications',
      access: 'authenticated',
      async handler(c) {
        const q = parseWith(listQuery, c.req.query());
        const after = q.after ? decodeCursor(q.after, 'after') : undefined;
        return c.json(
          await listNotifications(ctx(c.var.actor), { limit: q.limit, unreadOnly: !!q.unread, after }),
        );
      },
    },
    {
      method: 'GET',
      path: '/notifications/stream',
      access: 'authenticated',
      handler: notificationStream(deps, (c) => ctx(c.var.actor)),
    },
    {
      method: 'POST',
      path: '/notifications/read',
      access: 'authenticated',
      async handler(c) {
        const { ids } = await jsonBody(c, readBody);
        return c.json(await markRead(ctx(c.var.actor), ids));
      },
    },
    {
      method: 'POST',
      path: '/notifications/read-all',
      access: 'authenticated',
      handler: async (c) => c.json(await markRead(ctx(c.var.actor), 'all')),
    },
  ];
}
