import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { leads } from './leads';
import { tenantPolicy } from './tenancy';
import { users } from './users';

/** Behind the business's `payments` feature flag. */
export const PAYMENT_STATUSES = ['pending', 'paid', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * Money a business expects or received, tracked by hand (no processor yet). Amounts are
 * integer agorot, never floats; only ILS for now (the check says so, a new currency is a
 * deliberate migration).
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    leadId: uuid('lead_id').references(() => leads.id),
    amountAgorot: integer('amount_agorot').notNull(),
    currency: text('currency').notNull().default('ILS'),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull().default('pending'),
    description: text('description').notNull().default(''),
    /** A local date, YYYY-MM-DD. */
    dueDate: date('due_date', { mode: 'string' }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('payments_amount_positive', sql`${t.amountAgorot} > 0`),
    check('payments_currency_ils', sql`${t.currency} = 'ILS'`),
    check('payments_status_known', sql`${t.status} in ('pending', 'paid', 'refunded')`),
    // The list, newest first.
    index('payments_business_created_idx').on(t.businessId, t.createdAt),
    // Repointing on a lead merge.
    index('payments_lead_idx').on(t.leadId),
    tenantPolicy('payments'),
  ],
).enableRLS();

/** Behind the business's `contracts` feature flag. */
export const CONTRACT_STATUSES = ['draft', 'sent', 'signed', 'cancelled'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/**
 * A contract with a customer: a link to the document (or the key of an uploaded file in
 * storage) and where it stands. Sending and signing dates are stamped on the transitions.
 */
export const contracts = pgTable(
  'contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    leadId: uuid('lead_id').references(() => leads.id),
    title: text('title').notNull(),
    status: text('status', { enum: CONTRACT_STATUSES }).notNull().default('draft'),
    documentUrl: text('document_url'),
    fileRef: text('file_ref'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('contracts_status_known', sql`${t.status} in ('draft', 'sent', 'signed', 'cancelled')`),
    // The list, newest first.
    index('contracts_business_created_idx').on(t.businessId, t.createdAt),
    // Repointing on a lead merge.
    index('contracts_lead_idx').on(t.leadId),
    tenantPolicy('contracts'),
  ],
).enableRLS();
