/** Contracts a business tracks (behind its `contracts` flag): list, read, create, update. */
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { type ContractStatus, contracts, leads } from '../../db/schema';
import type { Tx } from '../db/database';
import { ConflictError, NotFoundError } from '../lib/errors';
import { isUuid } from '../lib/ids';
import { inBusiness, type ServiceContext } from '../tenancy/scope';
import { requireFeature } from './feature';
import { checkLead } from './leads';

export interface ContractView {
  id: string;
  title: string;
  status: ContractStatus;
  documentUrl: string | null;
  fileRef: string | null;
  sentAt: string | null;
  signedAt: string | null;
  lead: { id: string; name: string | null; phone: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface ContractInput {
  title: string;
  leadId?: string | null;
  status?: ContractStatus;
  documentUrl?: string | null;
  /** The key of a file already in storage (uploading is not part of this API yet). */
  fileRef?: string | null;
}

/** Cancelled is final; a signed contract can only be cancelled. */
const NEXT: Record<ContractStatus, readonly ContractStatus[]> = {
  draft: ['sent', 'signed', 'cancelled'],
  sent: ['draft', 'signed', 'cancelled'],
  signed: ['cancelled'],
  cancelled: [],
};

async function views(tx: Tx, where: SQL | undefined): Promise<ContractView[]> {
  const rows = await tx
    .select({ k: contracts, lead: { id: leads.id, name: leads.name, phone: leads.phone } })
    .from(contracts)
    .leftJoin(leads, eq(leads.id, contracts.leadId))
    .where(where)
    .orderBy(desc(contracts.createdAt), desc(contracts.id))
    .limit(500);
  return rows.map(({ k, lead }) => ({
    id: k.id,
    title: k.title,
    status: k.status,
    documentUrl: k.documentUrl,
    fileRef: k.fileRef,
    sentAt: k.sentAt?.toISOString() ?? null,
    signedAt: k.signedAt?.toISOString() ?? null,
    lead: k.leadId && lead ? lead : null,
    createdAt: k.createdAt.toISOString(),
    updatedAt: k.updatedAt.toISOString(),
  }));
}

async function one(tx: Tx, id: string): Promise<ContractView> {
  const [view] = await views(tx, eq(contracts.id, id));
  if (!view) throw new NotFoundError('Contract');
  return view;
}

/** The dates a status implies: sending and signing are stamped once, when first reached. */
function stamps(status: ContractStatus, current: { sentAt: Date | null; signedAt: Date | null }, now: Date) {
  return {
    sentAt: current.sentAt ?? (status === 'sent' || status === 'signed' ? now : null),
    signedAt: current.signedAt ?? (status === 'signed' ? now : null),
  };
}

export function listContracts(
  ctx: ServiceContext,
  businessId: string | undefined,
  filters: { status?: ContractStatus; leadId?: string },
): Promise<ContractView[]> {
  return inBusiness(ctx, businessId, 'contracts.list', async (tx, bid) => {
    await requireFeature(tx, bid, 'contracts');
    return views(
      tx,
      and(
        filters.status ? eq(contracts.status, filters.status) : undefined,
        filters.leadId ? eq(contracts.leadId, filters.leadId) : undefined,
      ),
    );
  });
}

export function getContract(ctx: ServiceContext, businessId: string | undefined, id: string) {
  return inBusiness(ctx, businessId, 'contracts.read', async (tx, bid) => {
    await requireFeature(tx, bid, 'contracts');
    if (!isUuid(id)) throw new NotFoundError('Contract');
    return one(tx, id);
  });
}

export function createContract(
  ctx: ServiceContext,
  businessId: string | undefined,
  input: ContractInput,
): Promise<ContractView> {
  return inBusiness(ctx, businessId, 'contracts.create', async (tx, bid) => {
    await requireFeature(tx, bid, 'contracts');
    if (input.leadId) await checkLead(tx, input.leadId);
    const status = input.status ?? 'draft';
    const [row] = await tx
      .insert(contracts)
      .values({
        businessId: bid,
        title: input.title,
        leadId: input.leadId ?? null,
        status,
        documentUrl: input.documentUrl ?? null,
        fileRef: input.fileRef ?? null,
        ...stamps(status, { sentAt: null, signedAt: null }, new Date()),
        createdBy: ctx.actor.userId,
      })
      .returning({ id: contracts.id });
    if (!row) throw new Error('insert returned nothing');
    return one(tx, row.id);
  });
}

export function updateContract(
  ctx: ServiceContext,
  businessId: string | undefined,
  id: string,
  patch: Partial<ContractInput>,
): Promise<ContractView> {
  return inBusiness(ctx, businessId, 'contracts.update', async (tx, bid) => {
    await requireFeature(tx, bid, 'contracts');
    if (!isUuid(id)) throw new NotFoundError('Contract');
    const [current] = await tx.select().from(contracts).where(eq(contracts.id, id)).for('update');
    if (!current) throw new NotFoundError('Contract');
    if (patch.leadId) await checkLead(tx, patch.leadId);
    const status = patch.status ?? current.status;
    if (status !== current.status && !NEXT[current.status].includes(status))
      throw new ConflictError(`A ${current.status} contract cannot become ${status}`, {
        reason: 'invalid_transition',
      });
    await tx
      .update(contracts)
      .set({
        title: patch.title,
        leadId: patch.leadId,
        documentUrl: patch.documentUrl,
        fileRef: patch.fileRef,
        status,
        ...stamps(status, current, new Date()),
        updatedAt: new Date(),
      })
      .where(eq(contracts.id, id));
    return one(tx, id);
  });
}
