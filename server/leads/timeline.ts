/**
 * A lead's timeline: everything that happened with the person, newest first. Each kind
 * of history is a TimelineSource; calls, messages and tasks add theirs to TIMELINE_SOURCES.
 */
import { desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { leadNotes, leadStatusChanges, leadStatuses, leads, users } from '../../db/schema';
import { callTimeline } from '../calls/call-timeline';
import type { Tx } from '../db/database';
import { NotFoundError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import { appointmentTimeline } from '../scheduling/timeline';
import { taskTimeline } from '../tasks/timeline';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import { messageTimeline } from '../whatsapp/timeline';

export interface TimelineEntry {
  kind: string;
  id: string;
  /** When it happened (ISO, UTC). */
  at: string;
  data: Record<string, unknown>;
}

/** The newest `limit` entries of one kind for a lead, inside the lead's tenant scope. */
export type TimelineSource = (
  tx: Tx,
  lead: { id: string; businessId: string },
  limit: number,
) => Promise<TimelineEntry[]>;

const fromStatus = alias(leadStatuses, 'from_status');

const statusChanges: TimelineSource = async (tx, lead, limit) => {
  const rows = await tx
    .select({
      id: leadStatusChanges.id,
      at: leadStatusChanges.createdAt,
      from: fromStatus.name,
      to: leadStatuses.name,
      byId: users.id,
      byName: users.name,
    })
    .from(leadStatusChanges)
    .innerJoin(leadStatuses, eq(leadStatuses.id, leadStatusChanges.toStatusId))
    .leftJoin(fromStatus, eq(fromStatus.id, leadStatusChanges.fromStatusId))
    .leftJoin(users, eq(users.id, leadStatusChanges.changedBy))
    .where(eq(leadStatusChanges.leadId, lead.id))
    .orderBy(desc(leadStatusChanges.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    kind: 'status_change',
    id: r.id,
    at: r.at.toISOString(),
    data: { from: r.from, to: r.to, by: r.byId ? { id: r.byId, name: r.byName } : null },
  }));
};

const notes: TimelineSource = async (tx, lead, limit) => {
  const rows = await tx
    .select({
      id: leadNotes.id,
      at: leadNotes.createdAt,
      body: leadNotes.body,
      byId: users.id,
      byName: users.name,
    })
    .from(leadNotes)
    .leftJoin(users, eq(users.id, leadNotes.authorId))
    .where(eq(leadNotes.leadId, lead.id))
    .orderBy(desc(leadNotes.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    kind: 'note',
    id: r.id,
    at: r.at.toISOString(),
    data: { body: r.body, by: r.byId ? { id: r.byId, name: r.byName } : null },
  }));
};

export const TIMELINE_SOURCES: readonly TimelineSource[] = [
  statusChanges,
  notes,
  appointmentTimeline,
  callTimeline,
  taskTimeline,
  messageTimeline,
];

export function leadTimeline(
  ctx: ServiceContext,
  businessId: string | undefined,
  leadId: string,
  limit = 200,
): Promise<TimelineEntry[]> {
  if (!isUuid(leadId)) throw new NotFoundError('Lead');
  return inBusiness(ctx, businessId, 'leads.timeline', async (tx, bid) => {
    const [lead] = await tx.select({ id: leads.id }).from(leads).where(eq(leads.id, leadId));
    if (!lead) throw new NotFoundError('Lead');
    const entries: TimelineEntry[] = [];
    for (const source of TIMELINE_SOURCES)
      entries.push(...(await source(tx, { id: leadId, businessId: bid }, limit)));
    // Newest first; ties keep a stable order by kind and id.
    return entries
      .sort((a, b) => b.at.localeCompare(a.at) || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id))
      .slice(0, limit);
  });
}
