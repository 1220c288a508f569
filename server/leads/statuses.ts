/**
 * A business's own lead statuses. The Hebrew default set is created the first time a
 * business needs statuses (its first lead, or opening the list), idempotently. A status
 * that any lead has or had is never deleted, only retired; the last one is kept too,
 * so the defaults never come back on their own.
 */
import { asc, count, eq, max, or } from 'drizzle-orm';
import { leadStatusChanges, leadStatuses, leads } from '../../db/schema';
import type { Tx } from '../db/database';
import { pgErrorCode, UNIQUE_VIOLATION } from '../db/pg-error';
import { ConflictError, NotFoundError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import { inBusiness, type ServiceContext } from '../tenancy/scope';

export interface StatusView {
  id: string;
  name: string;
  color: string;
  position: number;
  retired: boolean;
}

export const DEFAULT_STATUSES = [
  { name: 'חדש', color: '#3b82f6' },
  { name: 'נוצר קשר', color: '#8b5cf6' },
  { name: 'נקבעה פגישה', color: '#f59e0b' },
  { name: 'לקוח', color: '#10b981' },
  { name: 'לא רלוונטי', color: '#6b7280' },
] as const;

const columns = {
  id: leadStatuses.id,
  name: leadStatuses.name,
  color: leadStatuses.color,
  position: leadStatuses.position,
  retired: leadStatuses.retired,
};

/** The business's statuses in board order, creating the default set if it has none. */
export async function ensureStatuses(tx: Tx, businessId: string): Promise<StatusView[]> {
  const read = () =>
    tx.select(columns).from(leadStatuses).orderBy(asc(leadStatuses.position), asc(leadStatuses.name));
  const existing = await read();
  if (existing.length > 0) return existing;
  await tx
    .insert(leadStatuses)
    .values(DEFAULT_STATUSES.map((s, i) => ({ businessId, ...s, position: i })))
    .onConflictDoNothing();
  return read();
}

/** The status a new lead starts in: the first one in order that is not retired. */
export async function initialStatusId(tx: Tx, businessId: string): Promise<string> {
  const all = await ensureStatuses(tx, businessId);
  const first = all.find((s) => !s.retired) ?? all[0];
  if (!first) throw new Error('a business without statuses');
  return first.id;
}

export function listStatuses(ctx: ServiceContext, businessId?: string): Promise<StatusView[]> {
  return inBusiness(ctx, businessId, 'lead_statuses.list', (tx, bid) => ensureStatuses(tx, bid));
}

function nameTaken(err: unknown): never {
  if (pgErrorCode(err) === UNIQUE_VIOLATION) {
    throw new ConflictError('A status with this name exists', { fields: { name: 'is already in use' } });
  }
  throw err;
}

export function createStatus(
  ctx: ServiceContext,
  businessId: string | undefined,
  input: { name: string; color: string; position?: number },
): Promise<StatusView> {
  return inBusiness(ctx, businessId, 'lead_statuses.create', async (tx, bid) => {
    await ensureStatuses(tx, bid);
    const [last] = await tx.select({ n: max(leadStatuses.position) }).from(leadStatuses);
    const position = input.position ?? (last?.n ?? -1) + 1;
    const [row] = await tx
      .insert(leadStatuses)
      .values({ businessId: bid, name: input.name, color: input.color, position })
      .returning(columns)
      .catch(nameTaken);
    if (!row) throw new Error('insert returned nothing');
    return row;
  });
}

export function updateStatus(
  ctx: ServiceContext,
  businessId: string | undefined,
  id: string,
  input: { name?: string; color?: string; position?: number; retired?: boolean },
): Promise<StatusView> {
  if (!isUuid(id)) throw new NotFoundError('Status');
  return inBusiness(ctx, businessId, 'lead_statuses.update', async (tx) => {
    const [row] = await tx
      .update(leadStatuses)
      .set(input)
      .where(eq(leadStatuses.id, id))
      .returning(columns)
      .catch(nameTaken);
    if (!row) throw new NotFoundError('Status');
    return row;
  });
}

export function deleteStatus(ctx: ServiceContext, businessId: string | undefined, id: string): Promise<void> {
  if (!isUuid(id)) throw new NotFoundError('Status');
  return inBusiness(ctx, businessId, 'lead_statuses.delete', async (tx) => {
    const [found] = await tx
      .select({ id: leadStatuses.id })
      .from(leadStatuses)
      .where(eq(leadStatuses.id, id));
    if (!found) throw new NotFoundError('Status');
    const [onLeads] = await tx.select({ n: count() }).from(leads).where(eq(leads.statusId, id));
    const [inHistory] = await tx
      .select({ n: count() })
      .from(leadStatusChanges)
      .where(or(eq(leadStatusChanges.toStatusId, id), eq(leadStatusChanges.fromStatusId, id)));
    if ((onLeads?.n ?? 0) > 0 || (inHistory?.n ?? 0) > 0) {
      throw new ConflictError('This status is in use; retire it instead', { reason: 'in_use' });
    }
    const [total] = await tx.select({ n: count() }).from(leadStatuses);
    if ((total?.n ?? 0) <= 1) {
      throw new ConflictError('A business keeps at least one status', { reason: 'last_status' });
    }
    await tx.delete(leadStatuses).where(eq(leadStatuses.id, id));
  });
}
