/**
 * A lead's timeline: everything that happened with the person, newest first. Each kind
 * of history is a TimelineSource (timeline-source.ts); the lead's own (status changes,
 * notes) are here, and the other domains register theirs through the lead routes' deps.
 */
import { and, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { leadNotes, leadStatusChanges, leadStatuses, leads, users } from '../../db/schema';
import { NotFoundError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import {
  afterCursor,
  compareEntries,
  encodeTimelineCursor,
  type TimelineCursor,
  type TimelineEntry,
  type TimelineSource,
  timelineKey,
  timelineOrder,
} from './timeline-source';

export type { TimelineCursor, TimelineEntry, TimelineSource } from './timeline-source';

const fromStatus = alias(leadStatuses, 'from_status');

const statusChanges: TimelineSource = async (tx, lead, page) => {
  const rows = await tx
    .select({
      id: leadStatusChanges.id,
      at: leadStatusChanges.createdAt,
      key: timelineKey(leadStatusChanges.createdAt),
      from: fromStatus.name,
      to: leadStatuses.name,
      byId: users.id,
      byName: users.name,
    })
    .from(leadStatusChanges)
    .innerJoin(leadStatuses, eq(leadStatuses.id, leadStatusChanges.toStatusId))
    .leftJoin(fromStatus, eq(fromStatus.id, leadStatusChanges.fromStatusId))
    .leftJoin(users, eq(users.id, leadStatusChanges.changedBy))
    .where(
      and(
        eq(leadStatusChanges.leadId, lead.id),
        afterCursor('status_change', leadStatusChanges.createdAt, leadStatusChanges.id, page.after),
      ),
    )
    .orderBy(...timelineOrder(leadStatusChanges.createdAt, leadStatusChanges.id))
    .limit(page.limit);
  return rows.map((r) => ({
    kind: 'status_change',
    id: r.id,
    key: r.key,
    at: r.at.toISOString(),
    data: { from: r.from, to: r.to, by: r.byId ? { id: r.byId, name: r.byName } : null },
  }));
};

const notes: TimelineSource = async (tx, lead, page) => {
  const rows = await tx
    .select({
      id: leadNotes.id,
      at: leadNotes.createdAt,
      key: timelineKey(leadNotes.createdAt),
      body: leadNotes.body,
      byId: users.id,
      byName: users.name,
    })
    .from(leadNotes)
    .leftJoin(users, eq(users.id, leadNotes.authorId))
    .where(
      and(eq(leadNotes.leadId, lead.id), afterCursor('note', leadNotes.createdAt, leadNotes.id, page.after)),
    )
    .orderBy(...timelineOrder(leadNotes.createdAt, leadNotes.id))
    .limit(page.limit);
  return rows.map((r) => ({
    kind: 'note',
    id: r.id,
    key: r.key,
    at: r.at.toISOString(),
    data: { body: r.body, by: r.byId ? { id: r.byId, name: r.byName } : null },
  }));
};

/** The lead's own history; the composition root adds the other domains' sources to these. */
export const LEAD_TIMELINE_SOURCES: readonly TimelineSource[] = [statusChanges, notes];

/** A page of a lead's timeline: newest first, with the cursor of the next (null on the last). */
export interface TimelinePage {
  timeline: TimelineEntry[];
  next: string | null;
}

/**
 * One page of the lead's timeline after `after`. Each source reads at most `limit + 1` of
 * its own entries after the cursor, which holds every entry of the merged page: an entry
 * in the first limit + 1 overall is among the first limit + 1 of its own kind.
 */
export function leadTimeline(
  ctx: ServiceContext,
  businessId: string | undefined,
  leadId: string,
  sources: readonly TimelineSource[],
  page: { limit: number; after?: TimelineCursor },
): Promise<TimelinePage> {
  if (!isUuid(leadId)) throw new NotFoundError('Lead');
  return inBusiness(ctx, businessId, 'leads.timeline', async (tx, bid) => {
    const [lead] = await tx.select({ id: leads.id }).from(leads).where(eq(leads.id, leadId));
    if (!lead) throw new NotFoundError('Lead');
    const read = { limit: page.limit + 1, after: page.after };
    const entries = [];
    for (const source of sources) entries.push(...(await source(tx, { id: leadId, businessId: bid }, read)));
    entries.sort(compareEntries);
    const shown = entries.slice(0, page.limit);
    const last = shown[shown.length - 1];
    return {
      timeline: shown.map(({ key: _, ...entry }) => entry),
      next: entries.length > page.limit && last ? encodeTimelineCursor(last) : null,
    };
  });
}
