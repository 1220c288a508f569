/** Leads through the API: create (deduplicated), read, list, edit, notes, export. */
import { and, eq, inArray } from 'drizzle-orm';
import { type LeadSource, leadNotes, leadStatusChanges, leadStatuses, leads, users } from '../../db/schema';
import type { Tx } from '../db/database';
import { emitEvent } from '../events/events';
import { ltr } from '../lib/bidi';
import { NotFoundError, ValidationError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import {
  type CappedTotal,
  COUNT_CAP,
  type Cursor,
  cappedCount,
  pageOf,
  SEARCH_COUNT_CAP,
} from '../lib/keyset';
import { displayPhone } from '../lib/phone';
import { loadSettings } from '../scheduling/settings';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import { neutraliseFormula, toCsv } from './csv';
import { localDateTime, SOURCE_LABEL } from './labels';
import { type LeadFilters, leadWhere, searchLeadIds } from './search';
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

export interface LeadPage extends CappedTotal {
  leads: LeadView[];
  /** The cursor of the next page; null on the last. */
  next: string | null;
}

/**
 * One page of the list, newest first, after `page.after`; the total is counted up to
 * COUNT_CAP (the same at any depth and for any table size).
 */
export function listLeads(
  ctx: ServiceContext,
  businessId: string | undefined,
  filters: LeadFilters,
  page: { limit: number; after?: Cursor },
): Promise<LeadPage> {
  return inBusiness(ctx, businessId, 'leads.list', async (tx, bid) => {
    // The business named as well as enforced by RLS: the indexes' leading column.
    filters = { ...filters, businessId: bid };
    const q = filters.q?.trim();
    if (q) return searchPage(tx, { ...filters, q }, page);
    const rows = await selectLeadViews(tx, leadWhere(filters), { limit: page.limit + 1, after: page.after });
    const { items, next } = pageOf(rows, page.limit, (r) => r.cursor);
    const counted = tx.select({ id: leads.id }).from(leads).where(leadWhere(filters)).$dynamic();
    return {
      leads: items.map(({ cursor: _, ...lead }) => lead),
      next,
      ...(await cappedCount(tx, counted, COUNT_CAP)),
    };
  });
}

/**
 * A page of a search. Its total is counted to SEARCH_COUNT_CAP: the first page comes out
 * of that one count's ids (one search, not two); a later page is its own search after
 * its cursor beside the count.
 */
async function searchPage(
  tx: Tx,
  filters: LeadFilters & { q: string },
  page: { limit: number; after?: Cursor },
): Promise<LeadPage> {
  const counted = await searchLeadIds(tx, filters, { limit: SEARCH_COUNT_CAP + 1 });
  const ids = page.after
    ? await searchLeadIds(tx, filters, { after: page.after, limit: page.limit + 1 })
    : counted.slice(0, page.limit + 1);
  const rows = ids.length
    ? await selectLeadViews(tx, and(eq(leads.businessId, filters.businessId ?? ''), inArray(leads.id, ids)), {
        limit: page.limit + 1,
      })
    : [];
  const { items, next } = pageOf(rows, page.limit, (r) => r.cursor);
  const more = counted.length > SEARCH_COUNT_CAP;
  return {
    leads: items.map(({ cursor: _, ...lead }) => lead),
    next,
    total: more ? SEARCH_COUNT_CAP : counted.length,
    totalCapped: more,
  };
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
    const after = await viewOrThrow(tx, id);
    const changed = (
      [
        ['name', current.name, after.name],
        ['email', current.email, after.email],
        ['status', current.statusId, after.status.id],
        ['assignee', current.assigneeId, after.assignee?.id ?? null],
      ] as const
    )
      .filter(([, before, now]) => (before ?? null) !== (now ?? null))
      .map(([field]) => field);
    if (changed.length > 0) {
      await emitEvent(tx, bid, { type: 'lead.updated', leadId: id, changed, actorUserId: ctx.actor.userId });
    }
    if (statusChanged && input.statusId) {
      await tx.insert(leadStatusChanges).values({
        businessId: bid,
        leadId: id,
        fromStatusId: current.statusId,
        toStatusId: input.statusId,
        changedBy: ctx.actor.userId,
      });
    }
    return after;
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

/**
 * Every lead matching the filters as CSV (UTF-8 with BOM, so Excel shows the Hebrew): the
 * source in Hebrew, times on the business's clock, phones as people dial them, isolated
 * left to right so a right-to-left sheet does not show "972501234567+".
 */
export function exportLeadsCsv(
  ctx: ServiceContext,
  businessId: string | undefined,
  filters: LeadFilters,
): Promise<string> {
  return inBusiness(ctx, businessId, 'leads.export', async (tx, bid) => {
    const rows = await selectLeadViews(tx, leadWhere({ ...filters, businessId: bid }));
    const { timezone } = await loadSettings(tx, bid);
    // Typed-in text could start a formula in a spreadsheet; a phone starts with an
    // isolate, never with '+', '=' or '-'.
    const text = (s: string | null | undefined) => neutraliseFormula(s ?? '');
    return toCsv(
      CSV_HEADER,
      rows.map((l) => [
        text(l.name),
        ltr(displayPhone(l.phone)),
        text(l.email),
        text(l.status.name),
        SOURCE_LABEL[l.source],
        text(l.assignee?.name),
        localDateTime(l.createdAt, timezone),
        localDateTime(l.lastContactAt, timezone),
      ]),
    );
  });
}
