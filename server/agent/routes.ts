import { z } from 'zod';
import { ASSISTANT_CHANNELS } from '../../db/schema';
import type { Database } from '../db/database';
import type { Actor } from '../http/env';
import type { RouteSpec } from '../http/route';
import { jsonBody, parseWith } from '../http/validate';
import { NotFoundError } from '../lib/errors';
import { getProfile, profileBody, saveProfile } from './assistant/profile';
import { diffPrompts, promptBody, promptHistory, rollbackPrompt, savePrompt } from './assistant/prompts';
import { createFaq, deleteFaq, faqBody, faqPatch, listFaqs, tryBody, tryFaq, updateFaq } from './faq/store';

const version = z.coerce.number().int().min(0);
const diffQuery = z.object({ from: version, to: version });
const rollbackBody = z.object({ version }).strict();

/**
 * The assistant's settings: profile, prompts per channel (history, diff, rollback) and the
 * FAQ. A system admin names the business with ?businessId=. Every change calls `changed`
 * with the business id, which drops that business's compiled agent (server/agent/cache.ts).
 */
export function assistantRoutes(deps: { db: Database; changed?: (businessId: string) => void }): RouteSpec[] {
  const ctx = (actor: Actor) => ({ db: deps.db, actor });
  const changed = <T extends { businessId: string }>(result: T): T => {
    deps.changed?.(result.businessId);
    return result;
  };
  const channelOf = (raw: string | undefined) => {
    const parsed = z.enum(ASSISTANT_CHANNELS).safeParse(raw);
    if (!parsed.success) throw new NotFoundError('Channel');
    return parsed.data;
  };
  return [
    {
      method: 'GET',
      path: '/assistant/profile',
      access: 'assistant.read',
      handler: async (c) =>
        c.json({ profile: await getProfile(ctx(c.var.actor), c.req.query('businessId')) }),
    },
    {
      method: 'PUT',
      path: '/assistant/profile',
      access: 'assistant.manage',
      async handler(c) {
        const body = await jsonBody(c, profileBody);
        const { profile } = changed(await saveProfile(ctx(c.var.actor), c.req.query('businessId'), body));
        return c.json({ profile });
      },
    },
    {
      method: 'GET',
      path: '/assistant/prompts/:channel',
      access: 'assistant.read',
      handler: async (c) =>
        c.json(
          await promptHistory(ctx(c.var.actor), c.req.query('businessId'), channelOf(c.req.param('channel'))),
        ),
    },
    {
      method: 'POST',
      path: '/assistant/prompts/:channel',
      access: 'assistant.manage',
      async handler(c) {
        const channel = channelOf(c.req.param('channel'));
        const { body } = await jsonBody(c, promptBody);
        const saved = changed(await savePrompt(ctx(c.var.actor), c.req.query('businessId'), channel, body));
        return c.json({ version: saved.version }, 201);
      },
    },
    {
      method: 'GET',
      path: '/assistant/prompts/:channel/diff',
      access: 'assistant.read',
      async handler(c) {
        const channel = channelOf(c.req.param('channel'));
        const q = parseWith(diffQuery, c.req.query());
        return c.json(await diffPrompts(ctx(c.var.actor), c.req.query('businessId'), channel, q.from, q.to));
      },
    },
    {
      method: 'POST',
      path: '/assistant/prompts/:channel/rollback',
      access: 'assistant.manage',
      async handler(c) {
        const channel = channelOf(c.req.param('channel'));
        const body = await jsonBody(c, rollbackBody);
        const saved = changed(
          await rollbackPrompt(ctx(c.var.actor), c.req.query('businessId'), channel, body.version),
        );
        return c.json({ version: saved.version }, 201);
      },
    },
    {
      method: 'GET',
      path: '/faqs',
      access: 'assistant.read',
      handler: async (c) => c.json({ faqs: await listFaqs(ctx(c.var.actor), c.req.query('businessId')) }),
    },
    {
      method: 'POST',
      path: '/faqs',
      access: 'assistant.manage',
      async handler(c) {
        const body = await jsonBody(c, faqBody);
        const { faq } = changed(await createFaq(ctx(c.var.actor), c.req.query('businessId'), body));
        return c.json({ faq }, 201);
      },
    },
    {
      method: 'PATCH',
      path: '/faqs/:id',
      access: 'assistant.manage',
      async handler(c) {
        const body = await jsonBody(c, faqPatch);
        const id = c.req.param('id') ?? '';
        const { faq } = changed(await updateFaq(ctx(c.var.actor), c.req.query('businessId'), id, body));
        return c.json({ faq });
      },
    },
    {
      method: 'DELETE',
      path: '/faqs/:id',
      access: 'assistant.manage',
      async handler(c) {
        changed(await deleteFaq(ctx(c.var.actor), c.req.query('businessId'), c.req.param('id') ?? ''));
        return c.body(null, 204);
      },
    },
    {
      method: 'POST',
      path: '/faqs/try',
      access: 'assistant.read',
      async handler(c) {
        const body = await jsonBody(c, tryBody);
        return c.json(await tryFaq(ctx(c.var.actor), c.req.query('businessId'), body));
      },
    },
  ];
}
