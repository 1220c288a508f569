/**
 * A manual merge of two leads of one business (the same person under two numbers, say):
 * the other lead's history moves onto the kept one, then the other is deleted.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import {
  appointments,
  calls,
  contracts,
  inboundMessages,
  leadNotes,
  leadStatusChanges,
  leads,
  outboxMessages,
  payments,
  tasks,
  whatsappConversations,
} from '../../db/schema';
import { NotFoundError, ValidationError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import { type LeadView, selectLeadView } from './views';

/**
 * Every table whose rows belong to a lead. A domain that adds one (calls, messages,
 * tasks) adds it here; the foreign keys to leads do not cascade, so a table missing
 * from this list makes a merge fail rather than lose history.
 */
export const LEAD_HISTORY: readonly { table: PgTable; leadId: PgColumn }[] = [
  { table: leadStatusChanges, leadId: leadStatusChanges.leadId },
  { table: leadNotes, leadId: leadNotes.leadId },
  { table: appointments, leadId: appointments.leadId },
  { table: calls, leadId: calls.leadId },
  { table: tasks, leadId: tasks.leadId },
  { table: payments, leadId: payments.leadId },
  { table: contracts, leadId: contracts.leadId },
  { table: inboundMessages, leadId: inboundMessages.leadId },
  { table: outboxMessages, leadId: outboxMessages.leadId },
  { table: whatsappConversations, leadId: whatsappConversations.leadId },
];

export function mergeLeads(
  ctx: ServiceContext,
  businessId: string | undefined,
  keepId: string,
  otherId: string,
): Promise<LeadView> {
  if (!isUuid(keepId)) throw new NotFoundError('Lead');
  if (!isUuid(otherId)) throw new ValidationError({ otherId: 'is not a lead of this business' });
  if (keepId === otherId) throw new ValidationError({ otherId: 'is the same lead' });
  return inBusiness(ctx, businessId, 'leads.merge', async (tx, bid) => {
    // Locked in id order, so two merges of the same pair cannot deadlock.
    const rows = await tx
      .select()
      .from(leads)
      .where(inArray(leads.id, [keepId, otherId]))
      .orderBy(asc(leads.id))
      .for('update');
    const keep = rows.find((r) => r.id === keepId);
    const other = rows.find((r) => r.id === otherId);
    if (!keep) throw new NotFoundError('Lead');
    if (!other) throw new ValidationError({ otherId: 'is not a lead of this business' });
    for (const ref of LEAD_HISTORY) {
      const column = sql.identifier(ref.leadId.name);
      await tx.execute(sql`update ${ref.table} set ${column} = ${keepId} where ${column} = ${otherId}`);
    }
    const olderFirst = other.createdAt < keep.createdAt;
    await tx.insert(leadNotes).values({
      businessId: bid,
      leadId: keepId,
      authorId: ctx.actor.userId,
      body: `מוזג עם הליד ${other.name ?? ''} ${other.phone}`.replace(/\s+/g, ' '),
    });
    await tx.delete(leads).where(eq(leads.id, otherId));
    await tx
      .update(leads)
      .set({
        name: keep.name ?? other.name,
        email: keep.email ?? other.email,
        assigneeId: keep.assigneeId ?? other.assigneeId,
        source: olderFirst ? other.source : keep.source,
        createdAt: olderFirst ? other.createdAt : keep.createdAt,
        lastContactAt: new Date(Math.max(other.lastContactAt.getTime(), keep.lastContactAt.getTime())),
        updatedAt: new Date(),
      })
      .where(eq(leads.id, keepId));
    const view = await selectLeadView(tx, keepId);
    if (!view) throw new NotFoundError('Lead');
    return view;
  });
}
