/** How a lead is read: one row with its status and assignee resolved. */
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { type LeadSource, leadStatuses, leads, users } from '../../db/schema';
import type { Tx } from '../db/database';
import { type Cursor, cursorAt, olderThan } from '../lib/keyset';

export interface LeadView {
  id: string;
  phone: string;
  name: string | null;
  email: string | null;
  status: { id: string; name: string; color: string };
  source: LeadSource;
  lastSource: LeadSource;
  assignee: { id: string; name: string } | null;
  lastContactAt: string;
  createdAt: string;
  updatedAt: string;
}

/** A lead view with where it sits in the list (for the next page's cursor). */
export type PagedLeadView = LeadView & { cursor: Cursor };

/** The list's query itself (also what the plan tests EXPLAIN): newest first, after `page.after`. */
export function leadViewsQuery(
  tx: Tx,
  where: SQL | undefined,
  page: { limit?: number; after?: Cursor } = {},
) {
  const query = tx
    .select({
      lead: leads,
      at: cursorAt(leads.createdAt),
      status: { id: leadStatuses.id, name: leadStatuses.name, color: leadStatuses.color },
      assigneeName: users.name,
    })
    .from(leads)
    .innerJoin(leadStatuses, eq(leadStatuses.id, leads.statusId))
    .leftJoin(users, eq(users.id, leads.assigneeId))
    .where(and(where, olderThan(leads.createdAt, leads.id, page.after)))
    .orderBy(desc(leads.createdAt), desc(leads.id))
    .$dynamic();
  return page.limit === undefined ? query : query.limit(page.limit);
}

/** Lead views matching `where`, newest first (after `page.after`, at most `page.limit`). */
export async function selectLeadViews(
  tx: Tx,
  where: SQL | undefined,
  page: { limit?: number; after?: Cursor } = {},
): Promise<PagedLeadView[]> {
  const rows = await leadViewsQuery(tx, where, page);
  return rows.map(({ lead, at, status, assigneeName }) => ({
    cursor: { at, id: lead.id },
    id: lead.id,
    phone: lead.phone,
    name: lead.name,
    email: lead.email,
    status,
    source: lead.source,
    lastSource: lead.lastSource,
    assignee: lead.assigneeId ? { id: lead.assigneeId, name: assigneeName ?? '' } : null,
    lastContactAt: lead.lastContactAt.toISOString(),
    createdAt: lead.createdAt.toISOString(),
    updatedAt: lead.updatedAt.toISOString(),
  }));
}

export async function selectLeadView(tx: Tx, id: string): Promise<LeadView | undefined> {
  const [view] = await selectLeadViews(tx, eq(leads.id, id));
  if (!view) return undefined;
  const { cursor: _, ...lead } = view;
  return lead;
}
