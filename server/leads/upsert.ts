/**
 * The one way a contact becomes a lead. Every channel (calls, WhatsApp, forms, the API,
 * people typing it in) comes through here, so one person's number is one lead per business.
 */
import { getTableColumns, sql } from 'drizzle-orm';
import { type LeadSource, leadStatusChanges, leads } from '../../db/schema';
import type { Tx } from '../db/database';
import { emitEvent } from '../events/events';
import { ValidationError } from '../lib/errors';
import { toE164 } from '../lib/phone';
import { initialStatusId } from './statuses';

export interface ContactInput {
  /** Any common way of writing the number; Israeli when it has no country code. */
  phone: string;
  name?: string | null;
  email?: string | null;
  source: LeadSource;
}

export type LeadRow = typeof leads.$inferSelect;

/**
 * Finds the business's lead for this phone or creates it, inside the caller's tenant
 * transaction. A repeat contact updates the same row: its last contact time and source,
 * and a name or email it did not have yet (never overwriting one). Safe under concurrency:
 * the unique (business_id, phone) decides, and a race yields one lead.
 * Throws ValidationError when the phone is not a valid number.
 */
export async function upsertLeadByPhone(
  tx: Tx,
  businessId: string,
  input: ContactInput,
  by?: { userId: string },
): Promise<{ lead: LeadRow; created: boolean }> {
  const phone = toE164(input.phone);
  if (!phone) throw new ValidationError({ phone: 'is not a valid phone number' });
  const statusId = await initialStatusId(tx, businessId);
  const name = input.name?.trim() || null;
  const email = input.email?.trim().toLowerCase() || null;
  const [row] = await tx
    .insert(leads)
    .values({ businessId, phone, name, email, statusId, source: input.source, lastSource: input.source })
    .onConflictDoUpdate({
      target: [leads.businessId, leads.phone],
      set: {
        name: sql`coalesce(${leads.name}, excluded.name)`,
        email: sql`coalesce(${leads.email}, excluded.email)`,
        lastSource: sql`excluded.last_source`,
        lastContactAt: sql`now()`,
        updatedAt: sql`now()`,
      },
    })
    // xmax is 0 only on a freshly inserted row version.
    .returning({ ...getTableColumns(leads), created: sql<boolean>`(xmax = 0)` });
  if (!row) throw new Error('upsert returned nothing');
  const { created, ...lead } = row;
  if (created) {
    await tx.insert(leadStatusChanges).values({
      businessId,
      leadId: lead.id,
      fromStatusId: null,
      toStatusId: lead.statusId,
      changedBy: by?.userId ?? null,
    });
    await emitEvent(tx, businessId, {
      type: 'lead.created',
      leadId: lead.id,
      actorUserId: by?.userId ?? null,
    });
  }
  return { lead, created: Boolean(created) };
}
