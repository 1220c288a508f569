/** Leads through the API: create (deduplicated), read, list, edit, notes, export. */
import { and, count, eq } from 'drizzle-orm';
import { type LeadSource, leadNotes, leadStatusChanges, leadStatuses, leads, users } from '../../db/schema';
import type { Tx } from '../db/database';
import { NotFoundError, ValidationError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import { neutraliseFormula, toCsv } from './csv';
import { type LeadFilters, leadWhere } from './search';
import { upsertLeadByPhone } from './upsert';
import { type LeadView, selectLeadView, selectLeadViews } from './views';

export interface CreateLeadInput {
  phone: string;
  name?: string;
  email?: string;
  source?: LeadSource;
}

export interface UpdateLeadInput {
  name?: string | null;
  email?: string | null;
  statusId?: string;
  assigneeId?: string | null;
}

async function viewOrThrow(tx: Tx, id: string): Promise<LeadView> {
  const view = await selectLeadView(tx, id);
  if (!view) throw new NotFoundError('Lead');
  return view;
}

/** Adds a contact by hand (or by API): the existing lead of that phone when there is one. */
export function createLead(
  ctx: ServiceContext,
  businessId: string | undefined,
  input: CreateLeadInput,
): Promise<{ lead: LeadView; created: boolean }> {
  return inBusiness(ctx, businessId, 'leads.create', async (tx, bid) => {
    const { lead, created } = await upsertLeadByPhone(
      tx,
      bid,
      { ...input, source: input.source ?? 'manual' },
      { userId: ctx.actor.userId },
    );
    return { lead: await viewOrThrow(tx, lead.id), created };
  });
}

export function getLead(ctx: ServiceContext, businessId: string | undefined, id: string): Promise<LeadView> {
  if (!isUuid(id)) throw new NotFoundError('Lead');
  return inBusiness(ctx, businessId, 'leads.read', (tx) => viewOrThrow(tx, id));
}

export function listLeads(
  ctx: ServiceContext,
  businessId: string | undefined,
  filters: LeadFilters,
  page: { limit: number; offset: number },
): Promise<{ leads: LeadView[]; total: number }> {
  return inBusiness(ctx, businessId, 'leads.list', async (tx) => {
    const where = leadWhere(filters);
    const [total] = await tx.select({ n: count() }).from(leads).where(where);
    return { leads: await selectLeadViews(tx, where, page), total: total?.n ?? 0 };
  });
}

async function checkAssignee(tx: Tx, businessId: string, userId: string) {
  // RLS already hides other businesses' users; the business check keeps system admins out.
  const [user] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.businessId, businessId), eq(users.disabled, false)));
  if (!user) throw new ValidationError({ assigneeId: 'is not an active user of this business' });
}

async function checkStatus(tx: Tx, statusId: string) {
  const [status] = await tx
    .select({ retired: leadStatuses.retired })
    .from(leadStatuses)
    .where(eq(leadStatuses.id, statusId));
  if (!status || status.retired) throw new ValidationError({ statusId: 'is not an active status' });
}

/** Edits a lead; a status change is written to the lead's history with who made it. */
export function updateLead(
  ctx: ServiceContext,
  businessId: string | undefined,
  id: string,
  input: UpdateLeadInput,
): Promise<LeadView> {
  if (!isUuid(id)) throw new NotFoundError('Lead');
  return inBusiness(ctx, businessId, 'leads.update', async (tx, bid) => {
    const [current] = await tx.select().from(leads).where(eq(leads.id, id)).for('update');
    if (!current) throw new NotFoundError('Lead');
    if (input.assigneeId) await checkAssignee(tx, bid, input.assigneeId);
    const statusChanged = input.statusId !== undefined && input.statusId !== current.statusId;
    if (statusChanged && input.statusId) await checkStatus(tx, input.statusId);
    await tx
      .update(leads)
      .set({
        name: input.name === undefined ? undefined : input.name?.trim() || null,
        email: input.email === undefined ? undefined : input.email?.trim().toLowerCase() || null,
        statusId: input.statusId,
        assigneeId: input.assigneeId,
        updatedAt: new Date(),
      })
      .where(eq(leads.id, id));
    if (statusChanged && input.statusId) {
      await tx.insert(leadStatusChanges).values({
        businessId: bid,
        leadId: id,
        fromStatusId: current.statusId,
        toStatusId: input.statusId,
        changedBy: ctx.actor.userId,
      });
    }
    return viewOrThrow(tx, id);
  });
}

export interface NoteView {
  id: string;
  body: string;
  author: { id: string; name: string } | null;
  createdAt: string;
}

export function addNote(
  ctx: ServiceContext,
  businessId: string | undefined,
  leadId: string,
  body: string,
): Promise<NoteView> {
  if (!isUuid(leadId)) throw new NotFoundError('Lead');
  return inBusiness(ctx, businessId, 'leads.note', async (tx, bid) => {
    const [lead] = await tx.select({ id: leads.id }).from(leads).where(eq(leads.id, leadId));
    if (!lead) throw new NotFoundError('Lead');
    const [row] = await tx
      .insert(leadNotes)
      .values({ businessId: bid, leadId, authorId: ctx.actor.userId, body })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await tx.update(leads).set({ updatedAt: new Date() }).where(eq(leads.id, leadId));
    return {
      id: row.id,
      body: row.body,
      author: { id: ctx.actor.userId, name: ctx.actor.name },
      createdAt: row.createdAt.toISOString(),
    };
  });
}

const CSV_HEADER = ['שם', 'טלפון', 'אימייל', 'סטטוס', 'מקור', 'אחראי', 'נוצר', 'קשר אחרון'];

/** Every lead matching the filters as CSV (UTF-8 with BOM, so Excel shows the Hebrew). */
export function exportLeadsCsv(
  ctx: ServiceContext,
  businessId: string | undefined,
  filters: LeadFilters,
): Promise<string> {
  return inBusiness(ctx, businessId, 'leads.export', async (tx) => {
    const rows = await selectLeadViews(tx, leadWhere(filters));
    // Typed-in text could start a formula in a spreadsheet; the phone is E.164 (a '+'
    // and digits only), which a spreadsheet reads as the number it is.
    const text = (s: string | null | undefined) => neutraliseFormula(s ?? '');
    return toCsv(
      CSV_HEADER,
      rows.map((l) => [
        text(l.name),
        l.phone,
        text(l.email),
        text(l.status.name),
        l.source,
        text(l.assignee?.name),
        l.createdAt,
        l.lastContactAt,
      ]),
    );
  });
}
