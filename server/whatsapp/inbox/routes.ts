/**
 * The WhatsApp inbox's API: conversations, one conversation's messages and media, staff
 * replies, the AI toggle, marking read, the live stream, and the business's inbox settings
 * (the assistant's quiet time, the templates staff may send).
 */
import type { Database } from '../../db/database';
import type { Actor } from '../../http/env';
import type { RouteSpec } from '../../http/route';
import { jsonBody } from '../../http/validate';
import { NotFoundError } from '../../lib/errors';
import { inBusiness } from '../../tenancy/scope';
import type { MediaStore } from '../media/store';
import { aiBody, getSettings, markRead, putSettings, reply, replyBody, setAi, settingsBody } from './actions';
import { type InboxHub, inboxStream } from './live';
import { getConversation, INBOX_FILTERS, type InboxFilter, listConversations, mediaOf } from './service';

export function inboxRoutes(deps: {
  db: Database;
  media: MediaStore;
  hub: InboxHub;
  now?: () => Date;
}): RouteSpec[] {
  const ctx = (actor: Actor) => ({ db: deps.db, actor });
  const now = deps.now ?? (() => new Date());
  return [
    {
      method: 'GET',
      path: '/inbox/conversations',
      access: 'inbox.read',
      async handler(c) {
        const filter = c.req.query('filter');
        return c.json(
          await listConversations(
            ctx(c.var.actor),
            c.req.query('businessId'),
            {
              q: c.req.query('q'),
              filter: (INBOX_FILTERS as readonly string[]).includes(filter ?? '')
                ? (filter as InboxFilter)
                : 'all',
              before: c.req.query('before'),
            },
            now(),
          ),
        );
      },
    },
    {
      method: 'GET',
      path: '/inbox/conversations/:id',
      access: 'inbox.read',
      handler: async (c) =>
        c.json(
          await getConversation(ctx(c.var.actor), c.req.query('businessId'), c.req.param('id') ?? '', now()),
        ),
    },
    {
      method: 'POST',
      path: '/inbox/conversations/:id/read',
      access: 'inbox.read',
      handler: async (c) =>
        c.json(await markRead(ctx(c.var.actor), c.req.query('businessId'), c.req.param('id') ?? '')),
    },
    {
      method: 'POST',
      path: '/inbox/conversations/:id/messages',
      access: 'inbox.reply',
      async handler(c) {
        const body = await jsonBody(c, replyBody);
        return c.json(
          await reply(ctx(c.var.actor), c.req.query('businessId'), c.req.param('id') ?? '', body, now()),
        );
      },
    },
    {
      method: 'PUT',
      path: '/inbox/conversations/:id/ai',
      access: 'inbox.reply',
      async handler(c) {
        const body = await jsonBody(c, aiBody);
        return c.json(
          await setAi(ctx(c.var.actor), c.req.query('businessId'), c.req.param('id') ?? '', body, now()),
        );
      },
    },
    {
      method: 'GET',
      path: '/inbox/messages/:id/media',
      access: 'inbox.read',
      async handler(c) {
        const ref = await mediaOf(ctx(c.var.actor), c.req.query('businessId'), c.req.param('id') ?? '');
        const file = await deps.media.open(ref.key);
        if (!file) throw new NotFoundError('Media');
        return new Response(file, {
          headers: {
            'content-type': ref.mime,
            'content-length': String(file.size),
            'cache-control': 'private, max-age=3600',
            'x-content-type-options': 'nosniff',
            // Never rendered as a page of ours: a customer's file is shown, not run.
            'content-security-policy': "default-src 'none'; media-src 'self'; img-src 'self'; sandbox",
          },
        });
      },
    },
    {
      method: 'GET',
      path: '/inbox/stream',
      access: 'inbox.read',
      handler: inboxStream({ hub: deps.hub }, (c) =>
        inBusiness(
          ctx(c.var.actor),
          c.req.query('businessId'),
          'whatsapp.inbox.stream',
          async (_tx, bid) => bid,
        ),
      ),
    },
    {
      method: 'GET',
      path: '/inbox/settings',
      access: 'inbox.read',
      handler: async (c) => c.json(await getSettings(ctx(c.var.actor), c.req.query('businessId'))),
    },
    {
      method: 'PUT',
      path: '/inbox/settings',
      access: 'whatsapp.manage',
      async handler(c) {
        const body = await jsonBody(c, settingsBody);
        return c.json(await putSettings(ctx(c.var.actor), c.req.query('businessId'), body));
      },
    },
  ];
}
