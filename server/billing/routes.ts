import { z } from 'zod';
import { CONTRACT_STATUSES, PAYMENT_STATUSES } from '../../db/schema';
import type { Database } from '../db/database';
import type { Actor } from '../http/env';
import type { RouteSpec } from '../http/route';
import { jsonBody, parseWith } from '../http/validate';
import { isIsoDate } from '../scheduling/zone';
import { createContract, getContract, listContracts, updateContract } from './contracts';
import { createPayment, getPayment, listPayments, updatePayment } from './payments';

const instant = z.iso.datetime({ offset: true, message: 'must be ISO 8601 with an offset or Z' });
const date = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
// Up to ten million shekels, in agorot: well inside a 32-bit integer.
const agorot = z.int().min(1).max(1_000_000_000);
const documentUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000);
const fileRef = z.string().trim().min(1).max(500);

const paymentFilters = z.object({ status: z.enum(PAYMENT_STATUSES).optional(), leadId: z.uuid().optional() });
const paymentBody = z
  .object({
    amountAgorot: agorot,
    description: z.string().trim().max(500).optional(),
    leadId: z.uuid().nullable().optional(),
    dueDate: date.nullable().optional(),
    status: z.enum(PAYMENT_STATUSES).optional(),
    paidAt: instant.nullable().optional(),
  })
  .strict();
const paymentPatch = paymentBody.partial().strict();

const contractFilters = z.object({
  status: z.enum(CONTRACT_STATUSES).optional(),
  leadId: z.uuid().optional(),
});
const contractBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    leadId: z.uuid().nullable().optional(),
    status: z.enum(CONTRACT_STATUSES).optional(),
    documentUrl: documentUrl.nullable().optional(),
    fileRef: fileRef.nullable().optional(),
  })
  .strict();
const contractPatch = contractBody.partial().strict();

type Ctx = { db: Database; actor: Actor };
type Scope = string | undefined;

/**
 * The four routes of one billing record kind (list, create, read, update), identical in
 * shape for payments and contracts: only names, permissions, schemas and services differ.
 */
function recordRoutes<F extends z.ZodType, B extends z.ZodType, P extends z.ZodType, V>(def: {
  db: Database;
  plural: string;
  singular: string;
  read: 'payments.read' | 'contracts.read';
  write: 'payments.write' | 'contracts.write';
  filters: F;
  body: B;
  patch: P;
  list(ctx: Ctx, businessId: Scope, filters: z.infer<F>): Promise<V[]>;
  create(ctx: Ctx, businessId: Scope, input: z.infer<B>): Promise<V>;
  get(ctx: Ctx, businessId: Scope, id: string): Promise<V>;
  update(ctx: Ctx, businessId: Scope, id: string, input: z.infer<P>): Promise<V>;
}): RouteSpec[] {
  const ctx = (actor: Actor) => ({ db: def.db, actor });
  const collection = `/${def.plural}`;
  const item = `/${def.plural}/:id`;
  return [
    {
      method: 'GET',
      path: collection,
      access: def.read,
      async handler(c) {
        const q = parseWith(def.filters, c.req.query());
        return c.json({ [def.plural]: await def.list(ctx(c.var.actor), c.req.query('businessId'), q) });
      },
    },
    {
      method: 'POST',
      path: collection,
      access: def.write,
      async handler(c) {
        const body = await jsonBody(c, def.body);
        return c.json(
          { [def.singular]: await def.create(ctx(c.var.actor), c.req.query('businessId'), body) },
          201,
        );
      },
    },
    {
      method: 'GET',
      path: item,
      access: def.read,
      handler: async (c) =>
        c.json({
          [def.singular]: await def.get(ctx(c.var.actor), c.req.query('businessId'), c.req.param('id') ?? ''),
        }),
    },
    {
      method: 'PATCH',
      path: item,
      access: def.write,
      async handler(c) {
        const body = await jsonBody(c, def.patch);
        const id = c.req.param('id') ?? '';
        return c.json({
          [def.singular]: await def.update(ctx(c.var.actor), c.req.query('businessId'), id, body),
        });
      },
    },
  ];
}

/**
 * Payments and contracts, each behind its business's feature flag: with the flag off every
 * one of these routes answers 404. A system admin names the business with ?businessId=.
 */
export function billingRoutes(deps: { db: Database }): RouteSpec[] {
  return [
    ...recordRoutes({
      db: deps.db,
      plural: 'payments',
      singular: 'payment',
      read: 'payments.read',
      write: 'payments.write',
      filters: paymentFilters,
      body: paymentBody,
      patch: paymentPatch,
      list: listPayments,
      create: createPayment,
      get: getPayment,
      update: updatePayment,
    }),
    ...recordRoutes({
      db: deps.db,
      plural: 'contracts',
      singular: 'contract',
      read: 'contracts.read',
      write: 'contracts.write',
      filters: contractFilters,
      body: contractBody,
      patch: contractPatch,
      list: listContracts,
      create: createContract,
      get: getContract,
      update: updateContract,
    }),
  ];
}
