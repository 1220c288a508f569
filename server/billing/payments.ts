/** Payments a business tracks (behind its `payments` flag): list, read, create, update. */
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { leads, type PaymentStatus, payments } from '../../db/schema';
import type { Tx } from '../db/database';
import { ConflictError, NotFoundError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import { requireFeature } from './feature';
import { checkLead } from './leads';

export interface PaymentView {
  id: string;
  amountAgorot: number;
  currency: 'ILS';
  status: PaymentStatus;
  description: string;
  dueDate: string | null;
  paidAt: string | null;
  lead: { id: string; name: string | null; phone: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface PaymentInput {
  amountAgorot: number;
  description?: string;
  leadId?: string | null;
  dueDate?: string | null;
  status?: PaymentStatus;
  /** When it was paid; defaults to now on becoming paid. */
  paidAt?: string | null;
}

/** A refund is final; a payment is refunded only after it was paid. */
const NEXT: Record<PaymentStatus, readonly PaymentStatus[]> = {
  pending: ['paid'],
  paid: ['pending', 'refunded'],
  refunded: [],
};

async function views(tx: Tx, where: SQL | undefined): Promise<PaymentView[]> {
  const rows = await tx
    .select({ p: payments, lead: { id: leads.id, name: leads.name, phone: leads.phone } })
    .from(payments)
    .leftJoin(leads, eq(leads.id, payments.leadId))
    .where(where)
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(500);
  return rows.map(({ p, lead }) => ({
    id: p.id,
    amountAgorot: p.amountAgorot,
    currency: 'ILS',
    status: p.status,
    description: p.description,
    dueDate: p.dueDate,
    paidAt: p.paidAt?.toISOString() ?? null,
    lead: p.leadId && lead ? lead : null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  }));
}

async function one(tx: Tx, id: string): Promise<PaymentView> {
  const [view] = await views(tx, eq(payments.id, id));
  if (!view) throw new NotFoundError('Payment');
  return view;
}

const paidAtFor = (status: PaymentStatus, given: string | null | undefined, previous: Date | null) => {
  if (status === 'pending') return null;
  if (given) return new Date(given);
  return previous ?? new Date();
};

export function listPayments(
  ctx: ServiceContext,
  businessId: string | undefined,
  filters: { status?: PaymentStatus; leadId?: string },
): Promise<PaymentView[]> {
  return inBusiness(ctx, businessId, 'payments.list', async (tx, bid) => {
    await requireFeature(tx, bid, 'payments');
    return views(
      tx,
      and(
        filters.status ? eq(payments.status, filters.status) : undefined,
        filters.leadId ? eq(payments.leadId, filters.leadId) : undefined,
      ),
    );
  });
}

export function getPayment(ctx: ServiceContext, businessId: string | undefined, id: string) {
  return inBusiness(ctx, businessId, 'payments.read', async (tx, bid) => {
    await requireFeature(tx, bid, 'payments');
    if (!isUuid(id)) throw new NotFoundError('Payment');
    return one(tx, id);
  });
}

export function createPayment(
  ctx: ServiceContext,
  businessId: string | undefined,
  input: PaymentInput,
): Promise<PaymentView> {
  return inBusiness(ctx, businessId, 'payments.create', async (tx, bid) => {
    await requireFeature(tx, bid, 'payments');
    if (input.leadId) await checkLead(tx, input.leadId);
    const status = input.status ?? 'pending';
    if (status === 'refunded')
      throw new ConflictError('A new payment cannot be refunded', { reason: 'invalid_transition' });
    const [row] = await tx
      .insert(payments)
      .values({
        businessId: bid,
        amountAgorot: input.amountAgorot,
        description: input.description ?? '',
        leadId: input.leadId ?? null,
        dueDate: input.dueDate ?? null,
        status,
        paidAt: paidAtFor(status, input.paidAt, null),
        createdBy: ctx.actor.userId,
      })
      .returning({ id: payments.id });
    if (!row) throw new Error('insert returned nothing');
    return one(tx, row.id);
  });
}

export function updatePayment(
  ctx: ServiceContext,
  businessId: string | undefined,
  id: string,
  patch: Partial<PaymentInput>,
): Promise<PaymentView> {
  return inBusiness(ctx, businessId, 'payments.update', async (tx, bid) => {
    await requireFeature(tx, bid, 'payments');
    if (!isUuid(id)) throw new NotFoundError('Payment');
    const [current] = await tx.select().from(payments).where(eq(payments.id, id)).for('update');
    if (!current) throw new NotFoundError('Payment');
    if (patch.leadId) await checkLead(tx, patch.leadId);
    const status = patch.status ?? current.status;
    if (status !== current.status && !NEXT[current.status].includes(status))
      throw new ConflictError(`A ${current.status} payment cannot become ${status}`, {
        reason: 'invalid_transition',
      });
    await tx
      .update(payments)
      .set({
        amountAgorot: patch.amountAgorot,
        description: patch.description,
        leadId: patch.leadId,
        dueDate: patch.dueDate,
        status,
        paidAt:
          status !== current.status || patch.paidAt !== undefined
            ? paidAtFor(status, patch.paidAt, current.paidAt)
            : undefined,
        updatedAt: new Date(),
      })
      .where(eq(payments.id, id));
    return one(tx, id);
  });
}
