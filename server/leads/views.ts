/** How a lead is read: one row with its status and assignee resolved. */
import { desc, eq, type SQL } from 'drizzle-orm';
import { type LeadSource, leadStatuses, leads, users } from '../../db/schema';
import type { Tx } from '../db/database';

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

/** Lead views matching `where`, newest first. */
export async function selectLeadViews(
  tx: Tx,
  where: SQL | undefined,
  page: { limit?: number; offset?: number } = {},
): Promise<LeadView[]> {
  let query = tx
    .select({
      lead: leads,
      status: { id: leadStatuses.id, name: leadStatuses.name, color: leadStatuses.color },
      assigneeName: users.name,
    })
    .from(leads)
    .innerJoin(leadStatuses, eq(leadStatuses.id, leads.statusId))
    .leftJoin(users, eq(users.id, leads.assigneeId))
    .where(where)
    .orderBy(desc(leads.createdAt), desc(leads.id))
    .$dynamic();
  if (page.limit !== undefined) query = query.limit(page.limit);
  if (page.offset) query = query.offset(page.offset);
  const rows = await query;
  return rows.map(({ lead, status, assigneeName }) => ({
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
  return view;
}
