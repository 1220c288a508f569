import { z } from 'zod';
import { LEAD_SOURCES } from '../../db/schema';
import type { Database } from '../db/database';
import type { Actor } from '../http/env';
import { phoneField } from '../http/fields';
import type { RouteSpec } from '../http/route';
import { tenantRoutes } from '../http/tenant-routes';
import { jsonBody, parseWith } from '../http/validate';
import { decodeCursor } from '../lib/keyset';
import { mergeLeads } from './merge';
import { addNote, createLead, exportLeadsCsv, getLead, listLeads, updateLead } from './service';
import { createStatus, deleteStatus, listStatuses, updateStatus } from './statuses';
import { leadTimeline } from './timeline';
import { decodeTimelineCursor, type TimelineSource } from './timeline-source';

const filters = z.object({
  status: z.uuid().optional(),
  source: z.enum(LEAD_SOURCES).optional(),
  assignee: z.union([z.uuid(), z.literal('none')]).optional(),
  q: z.string().trim().max(200).optional(),
});
const listQuery = filters.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `next` of the previous page. */
  after: z.string().max(200).optional(),
});
const timelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `next` of the previous page. */
  after: z.string().max(200).optional(),
});
const toFilters = (q: z.infer<typeof filters>) => ({
  statusId: q.status,
  source: q.source,
  assignee: q.assignee,
  q: q.q,
});

const createBody = z
  .object({
    phone: phoneField,
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(320).optional(),
    source: z.enum(LEAD_SOURCES).optional(),
  })
  .strict();
const updateBody = z
  .object({
    name: z.string().trim().max(200).nullable().optional(),
    email: z.email().max(320).nullable().optional(),
    statusId: z.uuid().optional(),
    assigneeId: z.uuid().nullable().optional(),
  })
  .strict();
const noteBody = z.object({ body: z.string().trim().min(1).max(5000) }).strict();
const mergeBody = z.object({ otherId: z.uuid() }).strict();

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #3b82f6');
const statusName = z.string().trim().min(1).max(60);
const createStatusBody = z
  .object({ name: statusName, color, position: z.int().min(0).max(1000).optional() })
  .strict();
const updateStatusBody = z
  .object({
    name: statusName.optional(),
    color: color.optional(),
    position: z.int().min(0).max(1000).optional(),
    retired: z.boolean().optional(),
  })
  .strict();

/**
 * Leads and lead statuses. A system admin names the business with ?businessId= on every
 * route; everyone else always works in their own.
 */
export interface LeadRouteDeps {
  db: Database;
  /** Every kind of history a lead's timeline shows (the lead's own and the other domains'). */
  timeline: readonly TimelineSource[];
}

export function leadRoutes(deps: LeadRouteDeps): RouteSpec[] {
  const ctx = (actor: Actor) => ({ db: deps.db, actor });
  const routes = tenantRoutes(ctx);
  return [
    {
      method: 'GET',
      path: '/leads',
      access: 'leads.read',
      async handler(c) {
        const q = parseWith(listQuery, c.req.query());
        const page = { limit: q.limit, after: q.after ? decodeCursor(q.after, 'after') : undefined };
        return c.json(await listLeads(ctx(c.var.actor), c.req.query('businessId'), toFilters(q), page));
      },
    },
    {
      method: 'POST',
      path: '/leads',
      access: 'leads.write',
      async handler(c) {
        const body = await jsonBody(c, createBody);
        const { lead, created } = await createLead(ctx(c.var.actor), c.req.query('businessId'), body);
        return c.json({ lead, created }, created ? 201 : 200);
      },
    },
    // Before /leads/:id, which would otherwise take 'export.csv' for an id.
    {
      method: 'GET',
      path: '/leads/export.csv',
      access: 'leads.export',
      async handler(c) {
        const q = parseWith(filters, c.req.query());
        const csv = await exportLeadsCsv(ctx(c.var.actor), c.req.query('businessId'), toFilters(q));
        return c.body(csv, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="leads.csv"',
        });
      },
    },
    routes.read('/leads/:id', 'leads.read', 'lead', getLead),
    routes.change('PATCH', '/leads/:id', 'leads.write', 'lead', updateBody, updateLead),
    {
      method: 'POST',
      path: '/leads/:id/notes',
      access: 'leads.write',
      async handler(c) {
        const { body } = await jsonBody(c, noteBody);
        const id = c.req.param('id') ?? '';
        return c.json({ note: await addNote(ctx(c.var.actor), c.req.query('businessId'), id, body) }, 201);
      },
    },
    {
      method: 'GET',
      path: '/leads/:id/timeline',
      access: 'leads.read',
      async handler(c) {
        const { limit, after } = parseWith(timelineQuery, c.req.query());
        const page = { limit, after: after ? decodeTimelineCursor(after) : undefined };
        const id = c.req.param('id') ?? '';
        return c.json(
          await leadTimeline(ctx(c.var.actor), c.req.query('businessId'), id, deps.timeline, page),
        );
      },
    },
    routes.change(
      'POST',
      '/leads/:id/merge',
      'leads.write',
      'lead',
      mergeBody,
      (cx, businessId, id, { otherId }) => mergeLeads(cx, businessId, id, otherId),
    ),
    {
      method: 'GET',
      path: '/lead-statuses',
      access: 'leads.read',
      handler: async (c) =>
        c.json({ statuses: await listStatuses(ctx(c.var.actor), c.req.query('businessId')) }),
    },
    routes.create('/lead-statuses', 'lead_statuses.manage', 'status', createStatusBody, createStatus),
    routes.change(
      'PATCH',
      '/lead-statuses/:id',
      'lead_statuses.manage',
      'status',
      updateStatusBody,
      updateStatus,
    ),
    routes.remove('/lead-statuses/:id', 'lead_statuses.manage', deleteStatus),
  ];
}
