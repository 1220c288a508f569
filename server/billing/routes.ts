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

/**
 * Payments and contracts, each behind its business's feature flag: with the flag off every
 * one of these routes answers 404. A system admin names the business with ?businessId=.
 */
export function billingRoutes(deps: { db: Database }): RouteSpec[] {
  const ctx = (actor: Actor) => ({ db: deps.db, actor });
  return [
    {
      method: 'GET',
      path: '/payments',
      access: 'payments.read',
      async handler(c) {
        const q = parseWith(paymentFilters, c.req.query());
        return c.json({ payments: await listPayments(ctx(c.var.actor), c.req.query('businessId'), q) });
      },
    },
    {
      method: 'POST',
      path: '/payments',
      access: 'payments.write',
      async handler(c) {
        const body = await jsonBody(c, paymentBody);
        return c.json(
          { payment: await createPayment(ctx(c.var.actor), c.req.query('businessId'), body) },
          201,
        );
      },
    },
    {
      method: 'GET',
      path: '/payments/:id',
      access: 'payments.read',
      handler: async (c) =>
        c.json({
          payment: await getPayment(ctx(c.var.actor), c.req.query('businessId'), c.req.param('id') ?? ''),
        }),
    },
    {
      method: 'PATCH',
      path: '/payments/:id',
      access: 'payments.write',
      async handler(c) {
        const body = await jsonBody(c, paymentPatch);
        const id = c.req.param('id') ?? '';
        return c.json({
          payment: await updatePayment(ctx(c.var.actor), c.req.query('businessId'), id, body),
        });
      },
    },
    {
      method: 'GET',
      path: '/contracts',
      access: 'contracts.read',
      async handler(c) {
        const q = parseWith(contractFilters, c.req.query());
        return c.json({ contracts: await listContracts(ctx(c.var.actor), c.req.query('businessId'), q) });
      },
    },
    {
      method: 'POST',
      path: '/contracts',
      access: 'contracts.write',
      async handler(c) {
        const body = await jsonBody(c, contractBody);
        return c.json(
          { contract: await createContract(ctx(c.var.actor), c.req.query('businessId'), body) },
          201,
        );
      },
    },
    {
      method: 'GET',
      path: '/contracts/:id',
      access: 'contracts.read',
      handler: async (c) =>
        c.json({
          contract: await getContract(ctx(c.var.actor), c.req.query('businessId'), c.req.param('id') ?? ''),
        }),
    },
    {
      method: 'PATCH',
      path: '/contracts/:id',
      access: 'contracts.write',
      async handler(c) {
        const body = await jsonBody(c, contractPatch);
        const id = c.req.param('id') ?? '';
        return c.json({
          contract: await updateContract(ctx(c.var.actor), c.req.query('businessId'), id, body),
        });
      },
    },
  ];
}
